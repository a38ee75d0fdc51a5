from collections import Counter

from ladder.kalibratie import splitsing, verdeling
from ladder.vragen import VRAGEN


def test_two_deelnemers_who_differ_at_v2_split_there():
    assert splitsing([{"V1": True, "V2": True}, {"V1": True, "V2": False}]) is VRAGEN["V2"]


def test_a_difference_at_v1_splits_at_v1():
    assert splitsing([{"V1": False, "V3": True}, {"V1": True, "V2": True}]) is VRAGEN["V1"]


def test_identical_answers_do_not_split():
    antwoorden = {"V1": False, "V3": False, "V4": True}
    assert splitsing([antwoorden, dict(antwoorden), dict(antwoorden)]) is None


def test_the_first_difference_counts_not_a_later_one():
    paden = [
        {"V1": False, "V3": False, "V4": False, "V5": True},
        {"V1": False, "V3": False, "V4": True},
        {"V1": False, "V3": True},
    ]
    assert splitsing(paden) is VRAGEN["V3"]


def test_a_mapping_per_deelnemer_is_read_by_its_answers():
    per_deelnemer = {"a": {"V1": True, "V2": True}, "b": {"V1": True, "V2": False}}
    assert splitsing(per_deelnemer) is VRAGEN["V2"]


def test_an_unfinished_placement_takes_no_part_after_its_last_answer():
    # b stopped after V1: not answering V2 is not a different answer.
    assert splitsing([{"V1": True, "V2": True}, {"V1": True}]) is None
    # but a and c still differ at V2, whatever b did.
    drie = [{"V1": True, "V2": True}, {"V1": True}, {"V1": True, "V2": False}]
    assert splitsing(drie) is VRAGEN["V2"]


def test_a_code_without_answers_and_no_deelnemers_do_not_split():
    assert splitsing([{}, {"V1": True, "V2": False}]) is None
    assert splitsing([]) is None


def test_answers_off_the_path_drop_out():
    # V3 is unreachable after V1 ja: only the path decides.
    assert splitsing([{"V1": True, "V2": True, "V3": True}, {"V1": True, "V2": True}]) is None


def test_verdeling_counts_treden_and_leaves_out_missing():
    assert verdeling([4, 3, 4, None, 8]) == Counter({4: 2, 3: 1, 8: 1})
    assert verdeling(["+", "0", "+"]) == Counter({"+": 2, "0": 1})
