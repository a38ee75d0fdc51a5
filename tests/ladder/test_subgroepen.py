"""Tests for the seven subgroepen and their definitions (Table 3.3)."""

from ladder.subgroepen import SUBGROEPEN, Subgroep

NAMEN = [
    "Burger met gemeentelijke uitkering",
    "Niet-uitkeringsgerechtigde",
    "Burger met re-integratieaanbod",
    "Inburgeraar",
    "Burger met educatieaanbod",
    "Jongere tot 27 jaar die aanspraak maakt op leerwerkrecht",
    "Burger met UWV-uitkering",
]


def test_seven_subgroepen_in_table_order() -> None:
    assert list(SUBGROEPEN) == [1, 2, 3, 4, 5, 6, 7]
    assert [groep.naam for groep in SUBGROEPEN.values()] == NAMEN
    for code, groep in SUBGROEPEN.items():
        assert isinstance(groep, Subgroep)
        assert groep.code == code


def test_definitions() -> None:
    assert SUBGROEPEN[1].definities == (
        "Ontvangt uitkering van de gemeente: WWB < 65 jaar, IOAW, IOAZ, WIK, Bbz",
        "Uitgestroomd uit uitkering en half jaar gewerkt (wekeneis WW: 26 van de 36 weken gewerkt)",
    )
    assert SUBGROEPEN[2].definities == (
        (
            "Nugger/ANW’er die ingeschreven staat als werkzoekend bij het CWI en een "
            "re-integratieaanbod heeft ontvangen van de gemeente"
        ),
    )
    assert [len(groep.definities) for groep in SUBGROEPEN.values()] == [2, 1, 1, 2, 1, 1, 1]


def test_only_the_leerwerkrecht_group_has_a_footnote() -> None:
    assert [code for code, groep in SUBGROEPEN.items() if groep.voetnoot] == [6]
    assert SUBGROEPEN[6].voetnoot is not None
    assert SUBGROEPEN[6].voetnoot.startswith("De groep jongeren tot 27 jaar")


def test_names_and_definitions_occur_in_table_3_3_in_order(regioplan) -> None:
    positie = regioplan.positie("Tabel 3.3 Definities van subgroepen")
    assert positie >= 0
    for groep in SUBGROEPEN.values():
        for tekst in (groep.naam, *(f"- {definitie}" for definitie in groep.definities)):
            volgende = regioplan.positie(tekst, positie)
            assert volgende > positie, tekst
            positie = volgende


def test_footnote_occurs_in_source(regioplan) -> None:
    assert SUBGROEPEN[6].voetnoot is not None
    assert regioplan.bevat(f"2 {SUBGROEPEN[6].voetnoot}")
