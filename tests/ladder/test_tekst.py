"""The plain-text rule of every free-text field (issue 14, items 5 and 18)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ladder.tekst import MELDING_HAAKEN, MELDING_ONZICHTBAAR, tekstfout


@pytest.mark.parametrize(
    "tekst",
    [
        "Çelik",
        "محمد",
        "כהן",
        "Ĳsselmeer",
        "Nguyễn Thị Minh Khai",
        "Ødegård-Ångström",
        "O'Brien-van der Berg",
        "Ελένη",
        "Дмитрий",
        "李小龙",
        "می\u200cخواهم",  # Persian: a zero-width non-joiner inside the word
        "क्\u200dष",  # Devanagari: a joiner after the virama
        "Zorg & welzijn (4+)",
        "",
    ],
)
def test_letters_of_every_script_are_plain_text(tekst):
    assert tekstfout(tekst) is None


@pytest.mark.parametrize(
    ("tekst", "melding"),
    [
        ("Jansen\u202eTest", MELDING_ONZICHTBAAR),  # right-to-left override: "JansentseT"
        ("Pie\u200bters", MELDING_ONZICHTBAAR),  # zero-width space hides it from a search
        ("Dorpsstraat 1\u200f", MELDING_ONZICHTBAAR),  # right-to-left mark
        ("\ufeffJansen", MELDING_ONZICHTBAAR),  # byte order mark
        ("Jan\u2066sen\u2069", MELDING_ONZICHTBAAR),  # isolates
        ("Jan\u00adsen", MELDING_ONZICHTBAAR),  # soft hyphen
        ("Pie\u200cters", MELDING_ONZICHTBAAR),  # a non-joiner in a Latin word joins nothing
        ("\u200cمحمد", MELDING_ONZICHTBAAR),  # nor at the start of a word
        ("Jan\u2028sen", MELDING_ONZICHTBAAR),  # line separator
        ("Jan\x85sen", MELDING_ONZICHTBAAR),  # a C1 control
        ("zorg\x01", MELDING_HAAKEN),
        ("Jan\x7fsen", MELDING_HAAKEN),
        ("Jan\nsen", MELDING_HAAKEN),
        ("Jansen <b>", MELDING_HAAKEN),
    ],
)
def test_invisible_and_control_characters_are_refused(tekst, melding):
    assert tekstfout(tekst) == melding


def test_a_multi_line_text_keeps_line_breaks_tabs_and_angle_brackets():
    assert tekstfout("Eerste regel\r\nTweede\tregel", meerregelig=True) is None
    # Prose uses them ("werkt < 12 uur"); every output escapes them.
    assert tekstfout("Werkt < 12 uur, wil > 20 uur", meerregelig=True) is None
    assert tekstfout("Werkt < 12 uur") == MELDING_HAAKEN
    assert tekstfout("regel\x01", meerregelig=True) == MELDING_ONZICHTBAAR
    assert tekstfout("regel\u202e", meerregelig=True) == MELDING_ONZICHTBAAR


@given(st.text(), st.characters(categories=["Cf", "Cc"]), st.text())
def test_no_format_or_control_character_passes_outside_a_word_that_needs_it(voor, teken, na):
    if teken in "\u200c\u200d":
        voor, na = voor + "a", "a" + na  # Latin letters around: nothing to join
    assert tekstfout(voor + teken + na) is not None


@given(st.text(st.characters(categories=["L", "M", "N", "P", "Zs"], exclude_characters="<>")))
def test_letters_digits_punctuation_and_spaces_always_pass(tekst):
    assert tekstfout(tekst) is None
    assert all(unicodedata.category(t)[0] != "C" for t in tekst)


@pytest.mark.parametrize("meerregelig", [False, True])
def test_the_quick_way_for_ascii_gives_the_same_answer_as_the_character_walk(meerregelig):
    """Plain ASCII skips the walk over the characters; each ASCII character in a text that
    does not take the quick way (an é beside it) must get the same answer."""
    for code in range(128):
        teken = chr(code)
        snel = tekstfout(f"a{teken}b", meerregelig)
        assert snel == tekstfout(f"é{teken}b", meerregelig), repr(teken)
