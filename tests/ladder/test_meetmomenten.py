"""Tests for the aanleidingen of a meting, uitstroom and the next meetdatum (§3.2)."""

from datetime import date

import pytest

from ladder.meetmomenten import (
    AANLEIDINGEN,
    MINIMALE_FREQUENTIE_MAANDEN,
    UITSTROOM,
    UITSTROOM_INLEIDING,
    UITSTROOMREDENEN,
    standaard_volgende_meetdatum,
)


def test_aanleidingen_in_order() -> None:
    assert list(AANLEIDINGEN.items()) == [
        ("intake", "Intake / eerste contact"),
        ("jaarlijks", "Jaarlijkse meting"),
        ("start_traject", "Start van een traject"),
        ("afronding_traject", "Afronding van een traject"),
        ("inschrijving_wwb", "Inschrijving voor een WWB-uitkering"),
        ("start_vervolgtraject", "Start van het vervolgtraject"),
        ("half_jaar", "Half jaar na eerste contact"),
        ("uitstroom", "Klant stroomt van de participatieladder af"),
        ("overig", "Overig"),
    ]
    assert UITSTROOM in AANLEIDINGEN


@pytest.mark.parametrize("code", ["start_traject", "afronding_traject", "inschrijving_wwb"])
def test_situations_of_section_3_2_occur_in_source(regioplan, code: str) -> None:
    assert regioplan.bevat(f"• {AANLEIDINGEN[code]}.")


def test_uitstroom_reasons_verbatim(regioplan) -> None:
    assert list(UITSTROOMREDENEN) == [
        "werk_zes_maanden",
        "traject_zonder_vervolg",
        "uitkering_andere_reden",
        "uitval_traject",
        "bbl_zes_maanden",
    ]
    assert UITSTROOMREDENEN["werk_zes_maanden"] == (
        "ten minste zes maanden aan het werk is op het hoogste niveau"
    )
    assert regioplan.bevat(UITSTROOM_INLEIDING)
    positie = regioplan.positie(UITSTROOM_INLEIDING)
    for reden in UITSTROOMREDENEN.values():
        volgende = regioplan.positie(f"- {reden}", positie)
        assert volgende > positie, reden
        positie = volgende


def test_minimal_frequency_is_yearly() -> None:
    assert MINIMALE_FREQUENTIE_MAANDEN == 12
    assert standaard_volgende_meetdatum(date(2024, 3, 15)) == date(2025, 3, 15)


@pytest.mark.parametrize(
    ("meetdatum", "maanden", "verwacht"),
    [
        (date(2024, 3, 15), 12, date(2025, 3, 15)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 7, 1), 6, date(2025, 1, 1)),
        (date(2024, 12, 1), 24, date(2026, 12, 1)),
    ],
)
def test_next_meetdatum_adds_calendar_months(meetdatum: date, maanden: int, verwacht: date) -> None:
    assert standaard_volgende_meetdatum(meetdatum, maanden) == verwacht


@pytest.mark.parametrize("maanden", [0, -1])
def test_next_meetdatum_lies_in_the_future(maanden: int) -> None:
    with pytest.raises(ValueError, match="minstens 1"):
        standaard_volgende_meetdatum(date(2024, 1, 1), maanden)


def test_the_suggested_aanleiding_follows_the_history():
    from datetime import date

    from ladder.meetmomenten import AANLEIDINGEN, voorgestelde_aanleiding

    assert voorgestelde_aanleiding(None, None, None) == "intake"
    intake = date(2026, 1, 10)
    assert voorgestelde_aanleiding("intake", intake, date(2026, 7, 10)) == "half_jaar"
    assert voorgestelde_aanleiding("intake", intake, date(2027, 1, 10)) == "jaarlijks"
    assert voorgestelde_aanleiding("intake", intake, None) == "jaarlijks"
    assert voorgestelde_aanleiding("start_traject", intake, date(2026, 4, 1)) == "jaarlijks"
    assert {"intake", "half_jaar", "jaarlijks"} <= set(AANLEIDINGEN)
