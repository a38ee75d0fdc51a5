"""The rules every meting keeps, as (field, message) pairs (no app needed)."""

import datetime

import pytest

from ladder import regels
from ladder.vragen import pad_naar

MAART = datetime.date(2026, 3, 2)
GOED = {
    "aanleiding": "jaarlijks",
    "meetdatum": MAART,
    "volgende_meetdatum": datetime.date(2027, 3, 2),
    "uitstroomreden": "",
    "trede": 4,
    "antwoorden": pad_naar(4),
    "groeipotentieel_waarde": "+",
    "code_toelichting": "",
}


def test_a_whole_meting_by_the_instrument_passes():
    assert regels.fouten(**GOED) == []


@pytest.mark.parametrize(
    ("anders", "veld", "melding"),
    [
        (
            {"aanleiding": "uitstroom", "volgende_meetdatum": None},
            "uitstroomreden",
            regels.UITSTROOMREDEN_ONTBREEKT,
        ),
        ({"uitstroomreden": "verhuizing"}, "uitstroomreden", "alleen bij aanleiding uitstroom"),
        (
            {"aanleiding": "uitstroom", "uitstroomreden": "verhuizing"},
            "volgende_meetdatum",
            "Bij uitstroom is er geen volgende meting",
        ),
        ({"volgende_meetdatum": None}, "volgende_meetdatum", "Vul de volgende meetdatum in"),
        ({"volgende_meetdatum": MAART}, "volgende_meetdatum", "moet na de meetdatum liggen"),
        ({"trede": 6, "antwoorden": pad_naar(6)}, "groeipotentieel", "n.v.t. bij trede 6"),
        ({"groeipotentieel_waarde": None}, "groeipotentieel", "Groeipotentieel ontbreekt"),
        ({"antwoorden": {"V1": True}}, "antwoorden", "passen niet bij trede 4"),
        ({"antwoorden": {**pad_naar(4), "V2": True}}, "antwoorden", "passen niet bij trede 4"),
        (
            {
                "trede": 8,
                "antwoorden": pad_naar(4),
                "groeipotentieel_waarde": None,
                "code_toelichting": "weigert",
            },
            "antwoorden",
            "horen geen antwoorden",
        ),
        (
            {"trede": 0, "antwoorden": {}, "groeipotentieel_waarde": None},
            "code_toelichting",
            "Licht kort toe",
        ),
        ({"code_toelichting": "niet bereikbaar"}, "code_toelichting", "alleen bij 0, 8 of 9"),
    ],
)
def test_each_rule_names_its_field_and_says_what_to_do(anders, veld, melding):
    [(gemeld, tekst)] = regels.fouten(**{**GOED, **anders})
    assert gemeld == veld and melding in tekst


def test_an_import_may_leave_out_what_the_conversation_always_asks():
    onvolledig = {
        **GOED,
        "volgende_meetdatum": None,
        "trede": 9,
        "antwoorden": {},
        "groeipotentieel_waarde": None,
    }
    assert {v for v, _ in regels.fouten(**onvolledig)} == {"volgende_meetdatum", "code_toelichting"}
    assert regels.fouten(**onvolledig, volledig=False) == []


def test_uitstroom_with_a_reason_and_no_next_date_passes():
    uitstroom = {**GOED, "aanleiding": "uitstroom", "uitstroomreden": "verhuizing"}
    assert regels.fouten(**{**uitstroom, "volgende_meetdatum": None}) == []
