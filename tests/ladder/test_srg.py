"""Tests for the relation between the participatieladder and the SRG ladder (Table 1.1)."""

import pytest

from ladder.srg import (
    GEEN_INSTRUMENT,
    NOG_IN_TE_DELEN,
    SRG_OVERIGE_CODES,
    SRG_TREDEN,
    srg_code,
)
from ladder.treden import ALLE_WAARDEN, TREDEN


def test_table_1_1() -> None:
    assert SRG_TREDEN == {
        6: ("5b", "Regulier werk"),
        5: ("5a", "Werk m.b.v. re-integratie"),
        4: ("4", "Arbeidstoeleiding"),
        3: ("3", "Arbeidsactivering"),
        2: ("2", "Maatschappelijke activering"),
        1: ("1", "Zorg"),
    }
    assert GEEN_INSTRUMENT == "0"
    assert NOG_IN_TE_DELEN == "99"


@pytest.mark.parametrize("trede", list(SRG_TREDEN))
def test_table_1_1_rows_occur_in_source(regioplan, trede: int) -> None:
    code, naam = SRG_TREDEN[trede]
    assert regioplan.bevat(f"Trede {trede}: {TREDEN[trede].naam} = Trede {code}: {naam}")


def test_other_srg_codes_occur_in_source(regioplan) -> None:
    assert regioplan.bevat(f"{GEEN_INSTRUMENT}. {SRG_OVERIGE_CODES[GEEN_INSTRUMENT]}.")
    assert regioplan.bevat(f"{NOG_IN_TE_DELEN}: {SRG_OVERIGE_CODES[NOG_IN_TE_DELEN]}.")


@pytest.mark.parametrize(
    ("trede", "verwacht"),
    [(6, "5b"), (5, "5a"), (4, "4"), (3, "3"), (2, "2"), (1, "1"), (0, "99"), (8, "99"), (9, "99")],
)
def test_srg_code_with_instrument(trede: int, verwacht: str) -> None:
    assert srg_code(trede, p_instrument=True) == verwacht


@pytest.mark.parametrize("waarde", ALLE_WAARDEN)
def test_srg_code_without_instrument_is_0(waarde: int) -> None:
    assert srg_code(waarde, p_instrument=False) == "0"
    assert srg_code(waarde, p_instrument=False, codes={8: "1"}) == "0"


def test_municipality_chooses_codes_for_0_8_9() -> None:
    keuze = {0: "99", 8: "0"}
    assert srg_code(8, True, keuze) == "0"
    assert srg_code(0, True, keuze) == "99"
    assert srg_code(9, True, keuze) == "99"  # left out: nog in te delen
    assert srg_code(4, True, keuze) == "4"  # the mapping never touches a real trede


@pytest.mark.parametrize("waarde", [7, -1, 99])
def test_srg_code_rejects_unknown_values(waarde: int) -> None:
    with pytest.raises(ValueError, match="Onbekende trede of code"):
        srg_code(waarde, True)
