"""Tests for the “Let op” notes: every quote is the instrument's own text with its own trede,
every question has the notes issue 15 names, and the answer a note implies follows the routing."""

import re

import pytest

from ladder import aandachtspunten
from ladder.aandachtspunten import (
    BIJ_GROEIVRAAG,
    BIJ_VRAAG,
    GROEIVOORBEELD,
    VOORBEELD,
    VOORWAARDE,
    Aandachtspunt,
    antwoord_bij_groeivraag,
    antwoord_bij_vraag,
    bij_groeivraag,
    bij_vraag,
)
from ladder.groeipotentieel import GROEIVRAGEN, Voorbeeld
from ladder.treden import TREDEN
from ladder.vragen import VRAGEN

ALLE = [
    *[(f"{code}", punt) for code, punten in BIJ_VRAAG.items() for punt in punten],
    *[(f"groei {trede}", punt) for trede, punten in BIJ_GROEIVRAAG.items() for punt in punten],
]


def _id(waarde) -> str:
    return waarde.citaat[:40] if isinstance(waarde, Aandachtspunt) else str(waarde)


def test_every_question_and_every_growth_question_has_notes() -> None:
    assert list(BIJ_VRAAG) == list(VRAGEN)
    assert all(BIJ_VRAAG[code] for code in VRAGEN)
    assert sorted(BIJ_GROEIVRAAG) == sorted(GROEIVRAGEN)
    assert all(BIJ_GROEIVRAAG[trede] for trede in GROEIVRAGEN)


@pytest.mark.parametrize(("waar", "punt"), ALLE, ids=_id)
def test_quote_occurs_verbatim_in_the_report(regioplan, waar: str, punt: Aandachtspunt) -> None:
    assert regioplan.bevat(punt.citaat), (waar, punt.citaat)
    if punt.soort == GROEIVOORBEELD:
        assert regioplan.bevat(f"{punt.citaat}: {punt.groeipotentieel}"), punt.citaat


@pytest.mark.parametrize(("waar", "punt"), ALLE, ids=_id)
def test_quote_belongs_to_its_trede(waar: str, punt: Aandachtspunt) -> None:
    trede = TREDEN[punt.trede]
    if punt.soort == VOORBEELD:
        assert punt.citaat in trede.voorbeelden, (waar, punt.citaat)
    elif punt.soort == VOORWAARDE:
        assert any(punt.citaat in v for v in trede.voorwaarden), (waar, punt.citaat)
    else:
        assert punt.soort == GROEIVOORBEELD
        voorbeeld = Voorbeeld(punt.citaat, punt.groeipotentieel)
        assert voorbeeld in GROEIVRAGEN[punt.trede].voorbeelden, (waar, punt.citaat)
    assert (punt.groeipotentieel is not None) == (punt.soort == GROEIVOORBEELD)


@pytest.mark.parametrize(("waar", "punt"), ALLE, ids=_id)
def test_words_quoted_in_the_explanation_are_the_instruments(
    regioplan, waar: str, punt: Aandachtspunt
) -> None:
    # The explanation is ours; whatever it puts between ‘ and ’ must be the source's.
    for citaat in re.findall(r"‘([^’]+)’", punt.waarom):
        assert regioplan.bevat(citaat, hoofdletters=False), (waar, citaat)
    assert punt.waarom.strip() and punt.waarom.endswith((".", "?"))


@pytest.mark.parametrize(
    ("code", "punt"), [(c, p) for c, ps in BIJ_VRAAG.items() for p in ps if p.soort == VOORWAARDE]
)
def test_a_condition_note_names_what_the_question_leaves_out(code: str, punt) -> None:
    assert punt.ontbreekt
    for woorden in punt.ontbreekt:
        assert woorden in punt.citaat
        assert woorden.lower() not in VRAGEN[code].tekst.lower(), (code, woorden)


def test_group_of_notes_per_question_have_no_duplicates() -> None:
    for punten in [*BIJ_VRAAG.values(), *BIJ_GROEIVRAAG.values()]:
        citaten = [p.citaat for p in punten]
        assert len(citaten) == len(set(citaten))


def _vindt(punten, citaat: str, trede: int) -> bool:
    return any(p.citaat == citaat and p.trede == trede for p in punten)


def _vindt_voorwaarde(punten, woorden: str) -> bool:
    return any(p.soort == VOORWAARDE and woorden in p.ontbreekt for p in punten)


def test_the_cases_issue_15_names() -> None:
    # Vrijwilligerswerk less than weekly: trede 3, at V4 (the question says "minimaal 1x per
    # week") and at V3 (where it is not trede 4).
    for code in ("V3", "V4"):
        assert _vindt(BIJ_VRAAG[code], "Vrijwilligerswerk (minder dan 1x per week contact)", 3)
    assert antwoord_bij_vraag("V4", BIJ_VRAAG["V4"][1]) == "ja"
    # Mantelzorg for housemates: trede 1, shown at V3 as well as at V5.
    for code in ("V3", "V5"):
        assert _vindt(BIJ_VRAAG[code], "Mantelzorg voor huisgenoten", 1)
    # V2 leaves out "aanvullende", "onder het niveau van de startkwalificatie" and the jobcoach.
    assert _vindt_voorwaarde(BIJ_VRAAG["V2"], "aanvullende")
    assert _vindt_voorwaarde(BIJ_VRAAG["V2"], "onder het niveau van de startkwalificatie")
    assert _vindt_voorwaarde(BIJ_VRAAG["V2"], "begeleid")
    assert _vindt(BIJ_VRAAG["V2"], "Werk met externe begeleiding/jobcoach", 5)
    # "Work First" under both 4 and 5: both at V1, where the two part.
    assert _vindt(BIJ_VRAAG["V1"], aandachtspunten.WORK_FIRST_4, 4)
    assert _vindt(BIJ_VRAAG["V1"], aandachtspunten.WORK_FIRST_5, 5)
    assert "Work First" in aandachtspunten.WORK_FIRST_4 and "Work First" in (
        aandachtspunten.WORK_FIRST_5
    )
    # The questions' "contact" leaves out "fysiek" at V3, V4 and V5.
    for code in ("V3", "V4", "V5"):
        assert _vindt_voorwaarde(BIJ_VRAAG[code], "fysiek")


@pytest.mark.parametrize(
    ("code", "citaat", "antwoord"),
    [
        ("V1", aandachtspunten.WORK_FIRST_4, "nee"),
        ("V1", aandachtspunten.WORK_FIRST_5, "ja"),
        ("V1", "Ondernemers", "ja"),
        ("V2", "Baan met arbeidscontract en pro forma nazorg", "nee"),
        ("V2", "Werk met externe begeleiding/jobcoach", "ja"),
        ("V3", "Mantelzorg voor huisgenoten", "nee"),
        ("V3", aandachtspunten.BOL, "ja"),
        ("V4", aandachtspunten.KERK, "nee"),
        ("V5", aandachtspunten.GEORGANISEERD_MINDER, "ja"),
        ("V5", "Alleen actieve contacten via internet/email", "nee"),
    ],
)
def test_the_answer_an_example_implies_follows_the_routing(code, citaat, antwoord) -> None:
    gevonden = {p.citaat: a for p, a in bij_vraag(code)}
    assert gevonden[citaat] == antwoord


@pytest.mark.parametrize("code", list(VRAGEN))
def test_every_example_leads_somewhere_from_its_question(code: str) -> None:
    for punt, antwoord in bij_vraag(code):
        if punt.soort == VOORBEELD:
            assert antwoord in ("ja", "nee")
            doel = VRAGEN[code].na(antwoord == "ja")
            assert doel == punt.trede or isinstance(doel, str)
        else:
            assert antwoord is None


def test_answer_to_a_growth_question() -> None:
    assert [a for _, a in bij_groeivraag(5)] == ["ja", "nee"]  # + and 0 as Table 3.2 prints
    assert all(a == "ja" for _, a in bij_groeivraag(4))  # trede 5 is growth from 4
    assert all(a == "nee" for _, a in bij_groeivraag(2))  # trede 2 is no growth from 2
    voorwaarde = BIJ_GROEIVRAAG[1][0]
    assert voorwaarde.soort == VOORWAARDE and antwoord_bij_groeivraag(1, voorwaarde) is None
    assert bij_groeivraag(6) == [] and bij_vraag("V9") == []


def test_an_unreachable_trede_is_refused() -> None:
    punt = Aandachtspunt("Stages", 4, VOORBEELD, "Een stage.")
    with pytest.raises(ValueError, match="niet te bereiken"):
        antwoord_bij_vraag("V2", punt)


def test_herkomst_names_table_and_trede() -> None:
    assert BIJ_VRAAG["V4"][1].herkomst == (
        "Voorbeeld bij trede 3: Deelname georganiseerde activiteiten (tabel 2.1)"
    )
    assert BIJ_VRAAG["V2"][0].herkomst == (
        "Uit de definitie van trede 5: Betaald werk met ondersteuning (tabel 2.1)"
    )
    assert BIJ_GROEIVRAAG[5][1].herkomst == "Voorbeeld bij de groeivraag van trede 5 (tabel 3.2): 0"


def test_notes_are_frozen() -> None:
    with pytest.raises(AttributeError):
        BIJ_VRAAG["V1"][0].trede = 5  # type: ignore[misc]
