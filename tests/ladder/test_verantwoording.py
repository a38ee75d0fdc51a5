"""Reporting periods, shares and durations for the accountability report (no app)."""

from datetime import date

import pytest

from ladder.verantwoording import (
    Periode,
    aandelen,
    duur_maanden,
    haalt_minimale_duur,
    periode_van,
)


def test_30_april_and_1_may_fall_in_different_periods():
    assert periode_van(date(2026, 4, 30)) == Periode(2026, 1)
    assert periode_van(date(2026, 5, 1)) == Periode(2026, 2)
    assert periode_van(date(2026, 8, 31)) == Periode(2026, 2)
    assert periode_van(date(2026, 9, 1)) == Periode(2026, 3)
    assert periode_van(date(2026, 12, 31)) == Periode(2026, 3)


def test_periods_cover_the_year_without_gaps():
    perioden = [Periode(2028, n) for n in (1, 2, 3)]
    assert perioden[0].begin == date(2028, 1, 1) and perioden[2].eind == date(2028, 12, 31)
    assert perioden[0].eind == date(2028, 4, 30) and perioden[1].begin == date(2028, 5, 1)
    assert perioden[1].label == "mei–augustus 2028"


def test_shares_are_of_all_started_placements():
    shares = aandelen({"betaald_werk": 11, "onbetaald_werk": 6, "opleidingstraject": 3})
    assert shares == {"betaald_werk": 55.0, "onbetaald_werk": 30.0, "opleidingstraject": 15.0}
    assert aandelen({}) == {"betaald_werk": 0.0, "onbetaald_werk": 0.0, "opleidingstraject": 0.0}


@pytest.mark.parametrize(
    ("begin", "eind", "maanden"),
    [
        (date(2026, 1, 15), date(2026, 7, 14), 5),
        (date(2026, 1, 15), date(2026, 7, 15), 6),
        (date(2026, 8, 31), date(2027, 2, 28), 6),  # month ends count as whole months
        (date(2026, 3, 1), date(2026, 2, 1), 0),
    ],
)
def test_duration_in_whole_months(begin, eind, maanden):
    assert duur_maanden(begin, eind) == maanden


def test_minimum_duration_counts_running_placements_up_to_the_peildatum():
    assert haalt_minimale_duur(date(2026, 1, 1), None, date(2026, 7, 1))
    assert not haalt_minimale_duur(date(2026, 1, 1), None, date(2026, 6, 30))
    assert not haalt_minimale_duur(date(2026, 1, 1), date(2026, 3, 1), date(2026, 12, 31))
