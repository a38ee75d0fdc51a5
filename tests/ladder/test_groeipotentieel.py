"""Tests for the growth-potential questions of Table 3.2 and the meaning of 0 and + (§3.3)."""

import pytest

from ladder.groeipotentieel import (
    GROEIVRAGEN,
    STANDAARD,
    UITLEG,
    GroeiVraag,
    Voorbeeld,
    groeipotentieel_uit_antwoord,
    groeivraag,
)

VRAGEN_PER_TREDE = {
    5: "Verwacht u dat de klant binnen een jaar zonder of met minder ondersteuning kan werken?",
    4: "Verwacht u dat de klant binnen een jaar betaald kan werken met of zonder ondersteuning?",
    3: (
        "Verwacht u dat de klant binnen een jaar betaald of onbetaald kan werken "
        "(al dan niet binnen een traject)?"
    ),
    2: (
        "Verwacht u dat de klant binnen een jaar kan deelnemen aan georganiseerde "
        "activiteiten (inclusief trajecten)?"
    ),
    1: (
        "Verwacht u dat de klant binnen een jaar in contact kan en wil komen met anderen "
        "in informeel of georganiseerd verband?"
    ),
}


@pytest.mark.parametrize("trede", [5, 4, 3, 2, 1])
def test_every_trede_1_to_5_has_its_question(trede: int) -> None:
    vraag = groeivraag(trede)
    assert isinstance(vraag, GroeiVraag)
    assert vraag is GROEIVRAGEN[trede]
    assert vraag.trede == trede
    assert vraag.tekst == VRAGEN_PER_TREDE[trede]


@pytest.mark.parametrize("waarde", [6, 0, 8, 9])
def test_no_question_for_trede_6_and_the_codes(waarde: int) -> None:
    assert groeivraag(waarde) is None


def test_examples_of_trede_5_with_their_outcome() -> None:
    assert GROEIVRAGEN[5].voorbeelden == (
        Voorbeeld("Werkt parttime met uitkering: meer uren mogelijk", "+"),
        Voorbeeld("Heeft tijdelijke voorziening (bijv. lks)", "+"),
        Voorbeeld("In dienst van WSW-organisatie met indicatie begeleid werken", "+"),
        Voorbeeld("In dienst van WSW-organisatie zonder indicatie begeleid werken", "0"),
        Voorbeeld("Werkt begeleid in het kader van de WSW", "0"),
        Voorbeeld("BBL", "0"),
    )


def test_examples_of_the_other_treden() -> None:
    assert GROEIVRAGEN[4].voorbeelden == (
        Voorbeeld("Zit in een traject met doel betaald werk", "+"),
    )
    assert all(GROEIVRAGEN[trede].voorbeelden == () for trede in (3, 2, 1))


@pytest.mark.parametrize("trede", [5, 4, 3, 2, 1])
def test_texts_occur_in_table_3_2(regioplan, trede: int) -> None:
    vraag = GROEIVRAGEN[trede]
    assert regioplan.bevat(f"{vraag.tekst} JA: + NEE: 0")
    for voorbeeld in vraag.voorbeelden:
        assert voorbeeld.uitkomst in ("+", "0")
        assert regioplan.bevat(f"- {voorbeeld.tekst}: {voorbeeld.uitkomst}"), voorbeeld


def test_answer_translates_to_plus_or_zero() -> None:
    assert groeipotentieel_uit_antwoord(True) == "+"
    assert groeipotentieel_uit_antwoord(False) == "0"
    assert STANDAARD == "0"


def test_explanation_of_0_and_plus_is_verbatim(regioplan) -> None:
    assert set(UITLEG) == {"0", "+"}
    assert "standaardcode" in UITLEG["0"]
    assert "geparkeerd" in UITLEG["0"]
    for code, tekst in UITLEG.items():
        assert regioplan.bevat(f"{code}: {tekst}"), code
