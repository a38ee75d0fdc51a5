"""Tests for the six treden, the codes 0/8/9 and their labels (Table 2.1, Table 3.1)."""

import pytest

from ladder.treden import (
    ALLE_WAARDEN,
    CODES,
    STANDAARDCODE,
    TREDEN,
    Trede,
    label,
    omschrijving,
)

NAMEN = {
    6: "Betaald werk",
    5: "Betaald werk met ondersteuning",
    4: "Onbetaald werk",
    3: "Deelname georganiseerde activiteiten",
    2: "Sociale contacten buiten de deur",
    1: "Geïsoleerd",
}


def test_six_treden_from_high_to_low() -> None:
    assert list(TREDEN) == [6, 5, 4, 3, 2, 1]
    assert {n: t.nummer for n, t in TREDEN.items()} == {n: n for n in TREDEN}
    assert {n: t.naam for n, t in TREDEN.items()} == NAMEN


def test_trede_is_frozen() -> None:
    with pytest.raises(AttributeError):
        TREDEN[4].naam = "iets anders"  # type: ignore[misc]
    assert isinstance(TREDEN[4], Trede)


def test_only_treden_5_and_4_have_a_lead_in() -> None:
    inleidingen = {n: t.inleiding for n, t in TREDEN.items() if t.inleiding}
    assert inleidingen == {
        5: (
            "Heeft een arbeidscontract met een werkgever of is zzp’er en ontvangt daarbij "
            "ondersteuning, dat wil zeggen:"
        ),
        4: "Doet onbetaald werk; dat wil zeggen:",
    }


@pytest.mark.parametrize(
    ("nummer", "verbinding"), [(6, "EN"), (5, "OF"), (4, "EN"), (3, "EN"), (2, "EN"), (1, "EN")]
)
def test_conditions_carry_their_connective_except_the_last(nummer: int, verbinding: str) -> None:
    *eerdere, laatste = TREDEN[nummer].voorwaarden
    assert eerdere
    assert all(voorwaarde.endswith(f" {verbinding}") for voorwaarde in eerdere)
    assert not laatste.endswith((" EN", " OF"))


def test_number_of_conditions_and_examples() -> None:
    aantallen = {n: (len(t.voorwaarden), len(t.voorbeelden)) for n, t in TREDEN.items()}
    assert aantallen == {6: (4, 4), 5: (4, 10), 4: (3, 7), 3: (3, 5), 2: (4, 6), 1: (2, 4)}


def test_footnote_on_pro_forma_nazorg_belongs_to_trede_6() -> None:
    assert "Baan met arbeidscontract en pro forma nazorg" in TREDEN[6].voorbeelden
    assert TREDEN[6].voetnoot is not None
    assert TREDEN[6].voetnoot.startswith("Het gaat hierbij niet om nazorg")
    assert [n for n, t in TREDEN.items() if t.voetnoot] == [6]


@pytest.mark.parametrize("nummer", list(TREDEN))
def test_texts_occur_in_table_2_1(regioplan, nummer: int) -> None:
    trede = TREDEN[nummer]
    assert regioplan.bevat(f"Niveau {nummer}: {trede.naam}")
    teksten = [*trede.voorwaarden, *trede.voorbeelden]
    teksten += [tekst for tekst in (trede.inleiding, trede.voetnoot) if tekst]
    for tekst in teksten:
        assert regioplan.bevat(tekst), tekst


def test_conditions_and_examples_appear_in_source_order(regioplan) -> None:
    positie = regioplan.positie("Tabel 2.1 Afbakening treden participatieladder")
    for trede in TREDEN.values():
        teksten = [trede.inleiding, *trede.voorwaarden, *trede.voorbeelden]
        for tekst in filter(None, teksten):
            volgende = regioplan.positie(f"{tekst}", positie)
            assert volgende > positie, tekst
            positie = volgende


def test_codes_as_worded_in_table_3_1(regioplan) -> None:
    assert CODES == {
        0: "trede niet bepaald",
        8: "uit het zicht van de gemeente geraakt",
        9: "traject gevolgd, maar na afloop is de trede nog niet bepaald",
    }
    assert STANDAARDCODE == 0
    assert regioplan.bevat("0 trede niet bepaald (standaard)")
    for code, tekst in CODES.items():
        assert regioplan.bevat(f"{code} {tekst}")


def test_all_values() -> None:
    assert ALLE_WAARDEN == (1, 2, 3, 4, 5, 6, 0, 8, 9)
    assert set(ALLE_WAARDEN) == set(TREDEN) | set(CODES)


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        (6, "Trede 6: Betaald werk"),
        (4, "Trede 4: Onbetaald werk"),
        (1, "Trede 1: Geïsoleerd"),
        (0, "Code 0: trede niet bepaald"),
        (8, "Code 8: uit het zicht van de gemeente geraakt"),
        (9, "Code 9: traject gevolgd, maar na afloop is de trede nog niet bepaald"),
    ],
)
def test_omschrijving(waarde: int, verwacht: str) -> None:
    assert omschrijving(waarde) == verwacht


@pytest.mark.parametrize("waarde", [7, -1, 10, 99, True, 4.0, "4", None])
def test_omschrijving_rejects_unknown_values(waarde: object) -> None:
    with pytest.raises(ValueError, match="Onbekende trede of code"):
        omschrijving(waarde)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("trede", "groeipotentieel", "verwacht"),
    [
        (4, "+", "4+"),
        (4, "0", "4"),
        (4, None, "4"),
        (1, "+", "1+"),
        (5, "+", "5+"),
        (6, "+", "6"),
        (6, None, "6"),
        (0, "+", "0"),
        (8, "+", "8"),
        (9, None, "9"),
    ],
)
def test_label(trede: int, groeipotentieel: str | None, verwacht: str) -> None:
    assert label(trede, groeipotentieel) == verwacht


def test_label_rejects_unknown_values() -> None:
    with pytest.raises(ValueError, match="Onbekende trede of code"):
        label(7, "+")
