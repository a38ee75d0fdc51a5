"""Tests for the flows between two peildata (§2.6, Figure 2.3), on a hand-made example."""

import pytest

from ladder.stromen import bestemming, beweging, herkomst

# Eight klanten at two peildata. Absent means not on the ladder; 0 and 8 are codes.
T0 = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 6, "f": 8, "g": 5}
T1 = {"a": 1, "b": 2, "c": 1, "d": 0, "e": 6, "f": 4, "g": 6, "h": 1}
# a stays on 1, b rises 1 -> 2, c drops 2 -> 1, d leaves 3 for code 0 (counts as "af"),
# e stays on 6, f goes from code 8 to 4 (counts as "nieuw"), g rises 5 -> 6, h is new on 1.


def test_herkomst_per_rung_at_t1() -> None:
    assert herkomst(T0, T1) == {
        6: {"nieuw": 0, "zelfde": 1, 5: 1, 4: 0, 3: 0, 2: 0, 1: 0},  # e, g
        5: {"nieuw": 0, "zelfde": 0, 6: 0, 4: 0, 3: 0, 2: 0, 1: 0},
        4: {"nieuw": 1, "zelfde": 0, 6: 0, 5: 0, 3: 0, 2: 0, 1: 0},  # f
        3: {"nieuw": 0, "zelfde": 0, 6: 0, 5: 0, 4: 0, 2: 0, 1: 0},
        2: {"nieuw": 0, "zelfde": 0, 6: 0, 5: 0, 4: 0, 3: 0, 1: 1},  # b
        1: {"nieuw": 1, "zelfde": 1, 6: 0, 5: 0, 4: 0, 3: 0, 2: 1},  # h, a, c
    }


def test_bestemming_per_rung_at_t0() -> None:
    assert bestemming(T0, T1) == {
        6: {"af": 0, "zelfde": 1, 5: 0, 4: 0, 3: 0, 2: 0, 1: 0},  # e
        5: {"af": 0, "zelfde": 0, 6: 1, 4: 0, 3: 0, 2: 0, 1: 0},  # g
        4: {"af": 0, "zelfde": 0, 6: 0, 5: 0, 3: 0, 2: 0, 1: 0},
        3: {"af": 1, "zelfde": 0, 6: 0, 5: 0, 4: 0, 2: 0, 1: 0},  # d
        2: {"af": 0, "zelfde": 0, 6: 0, 5: 0, 4: 0, 3: 0, 1: 1},  # c
        1: {"af": 0, "zelfde": 1, 6: 0, 5: 0, 4: 0, 3: 0, 2: 1},  # a, b
    }


def test_rows_list_columns_in_a_fixed_order() -> None:
    assert list(herkomst(T0, T1)) == [6, 5, 4, 3, 2, 1]
    assert list(herkomst(T0, T1)[4]) == ["nieuw", "zelfde", 6, 5, 3, 2, 1]
    assert list(bestemming(T0, T1)[1]) == ["af", "zelfde", 6, 5, 4, 3, 2]


def test_row_totals_equal_the_klanten_on_that_rung() -> None:
    for rung in (6, 5, 4, 3, 2, 1):
        assert sum(herkomst(T0, T1)[rung].values()) == list(T1.values()).count(rung)
        assert sum(bestemming(T0, T1)[rung].values()) == list(T0.values()).count(rung)


def test_empty_peildata_give_zero_rows() -> None:
    assert all(sum(rij.values()) == 0 for rij in herkomst({}, {}).values())
    assert bestemming({1: 3}, {})[3]["af"] == 1


@pytest.mark.parametrize(
    ("van", "naar", "verwacht"),
    [(1, 2, "gestegen"), (5, 6, "gestegen"), (3, 3, "gelijk"), (6, 1, "gedaald")],
)
def test_beweging(van: int, naar: int, verwacht: str) -> None:
    assert beweging(van, naar) == verwacht


@pytest.mark.parametrize(("van", "naar"), [(0, 3), (3, 8), (9, 9), (7, 1)])
def test_beweging_has_no_order_for_codes(van: int, naar: int) -> None:
    with pytest.raises(ValueError, match="Alleen treden 1 tot en met 6"):
        beweging(van, naar)
