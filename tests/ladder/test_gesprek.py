"""The order of the pages of a meting follows the answers (no app needed)."""

from ladder.gesprek import (
    CONTROLE,
    GROEIPOTENTIEEL,
    KENMERKEN,
    MEETMOMENT,
    SUBGROEPEN,
    UITKOMST,
    Stand,
    heeft_groeivraag,
    is_bereikbaar,
    stappen,
    volgende_stap,
)
from ladder.vragen import alle_paden

ALLES = frozenset({MEETMOMENT, UITKOMST, SUBGROEPEN, KENMERKEN})


def test_a_new_meting_starts_at_the_meetmoment():
    assert stappen(Stand()) == [MEETMOMENT]
    assert not is_bereikbaar(Stand(), "V1")


def test_after_the_meetmoment_comes_v1():
    stand = Stand(bevestigd=frozenset({MEETMOMENT}))
    assert volgende_stap(stand) == "V1"


def test_the_questions_follow_table_3_1():
    stand = Stand(antwoorden={"V1": False}, bevestigd=frozenset({MEETMOMENT}))
    assert stappen(stand) == [MEETMOMENT, "V1", "V3"]
    stand = Stand(antwoorden={"V1": True}, bevestigd=frozenset({MEETMOMENT}))
    assert stappen(stand) == [MEETMOMENT, "V1", "V2"]


def test_every_path_ends_with_outcome_growth_subgroups_characteristics_check():
    for antwoorden, trede in alle_paden():
        stand = Stand(antwoorden=antwoorden, groei_antwoord=True, bevestigd=ALLES)
        reeks = stappen(stand)
        assert reeks[: len(antwoorden) + 1] == [MEETMOMENT, *antwoorden]
        tail = [UITKOMST] + ([GROEIPOTENTIEEL] if trede != 6 else []) + [SUBGROEPEN, KENMERKEN]
        assert reeks[len(antwoorden) + 1 :] == [*tail, CONTROLE]
        assert stand.trede == trede


def test_outcome_must_be_confirmed_before_the_growth_question():
    stand = Stand(antwoorden={"V1": False, "V3": True}, bevestigd=frozenset({MEETMOMENT}))
    assert volgende_stap(stand) == UITKOMST
    assert not is_bereikbaar(stand, GROEIPOTENTIEEL)


def test_trede_6_has_no_growth_question():
    stand = Stand(antwoorden={"V1": True, "V2": False}, bevestigd=frozenset({MEETMOMENT, UITKOMST}))
    assert volgende_stap(stand) == SUBGROEPEN
    assert GROEIPOTENTIEEL not in stappen(stand)


def test_a_code_replaces_the_questions_and_the_growth_question():
    for code in (0, 8, 9):
        stand = Stand(code=code, bevestigd=frozenset({MEETMOMENT}))
        assert stappen(stand) == [MEETMOMENT, SUBGROEPEN]
        assert not heeft_groeivraag(code)
        assert stand.trede == code


def test_changing_v1_drops_the_later_answers_from_the_path():
    antwoorden = {"V1": False, "V3": False, "V4": False, "V5": True}
    stand = Stand(antwoorden=antwoorden, groei_antwoord=True, bevestigd=ALLES)
    assert stand.trede == 2
    changed = Stand(antwoorden={**antwoorden, "V1": True}, groei_antwoord=True, bevestigd=ALLES)
    assert stappen(changed) == [MEETMOMENT, "V1", "V2"]
    assert not is_bereikbaar(changed, "V3")
    assert changed.trede is None


def test_check_page_comes_last_and_is_never_done():
    stand = Stand(antwoorden={"V1": True, "V2": True}, groei_antwoord=False, bevestigd=ALLES)
    assert volgende_stap(stand) == CONTROLE
    assert is_bereikbaar(stand, "V1") and is_bereikbaar(stand, GROEIPOTENTIEEL)


def test_the_step_indicator_knows_the_part_and_the_question_number():
    from ladder.gesprek import FASEN, VRAGEN, Stand, fase, vraagnummer

    assert [f for f, _ in FASEN][0] == "meetmoment" and fase("V4") == VRAGEN
    assert fase("kenmerken") == "kenmerken"
    stand = Stand(antwoorden={"V1": False, "V3": False}, bevestigd=frozenset({"meetmoment"}))
    assert (vraagnummer(stand, "V1"), vraagnummer(stand, "V3")) == (1, 2)
    assert vraagnummer(stand, "V4") == 3  # the next one to answer
    assert vraagnummer(stand, "V2") is None  # not on this route
    assert vraagnummer(stand, "uitkomst") is None
