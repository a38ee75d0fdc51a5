"""How one page's answer changes the state of a meting in progress (no app needed)."""

import datetime

from ladder import gesprek
from ladder.gesprek import KENMERKEN, MEETMOMENT, SUBGROEPEN, UITKOMST, Stand

MAART = datetime.date(2026, 3, 2)
ALLES = frozenset({MEETMOMENT, UITKOMST, SUBGROEPEN, KENMERKEN})
GROEI = gesprek.GROEIPOTENTIEEL


def _beantwoord(stand: Stand, *antwoorden: bool) -> Stand:
    for ja in antwoorden:
        stand = gesprek.beantwoord_vraag(stand, gesprek.volgende_stap(stand), ja)
    return stand


def _klaar(*antwoorden: bool, aanleiding="intake") -> Stand:
    """A conversation answered up to the check page, with a next meetmoment planned."""
    stand, _ = gesprek.kies_meetmoment(Stand(), MAART, aanleiding, None)
    stand = gesprek.bevestig(_beantwoord(stand, *antwoorden), UITKOMST)
    if gesprek.heeft_groeivraag(stand.trede):
        stand = gesprek.beantwoord_groeivraag(stand, True)
    stand = gesprek.bevestig(stand, SUBGROEPEN)
    volgende = None if aanleiding == "uitstroom" else datetime.date(2027, 3, 2)
    return gesprek.kies_volgende_meetdatum(stand, volgende)


def test_the_trede_follows_from_the_answers():
    stand, _ = gesprek.kies_meetmoment(Stand(), MAART, "intake", None)
    assert stand.trede is None
    assert _beantwoord(stand, False, True).trede == 4


def test_a_changed_answer_drops_what_it_made_unreachable_and_asks_the_outcome_again():
    stand = _klaar(False, True)  # V1 nee, V3 ja: trede 4 with groei
    assert gesprek.volgende_stap(stand) == gesprek.CONTROLE
    anders = gesprek.beantwoord_vraag(stand, "V1", True)  # V1 ja: V3 no longer on the path
    assert dict(anders.antwoorden) == {"V1": True}
    assert UITKOMST not in anders.bevestigd and anders.groei_antwoord is None
    assert gesprek.volgende_stap(anders) == "V2"


def test_the_same_answer_again_keeps_the_confirmations():
    stand = _klaar(False, True)
    assert gesprek.beantwoord_vraag(stand, "V1", False) == stand


def test_a_code_replaces_the_answers_and_has_no_growth_question():
    stand = _klaar(False, True)
    code, _ = gesprek.kies_meetmoment(stand, MAART, "intake", 9)
    assert (code.trede, dict(code.antwoorden), code.groei_antwoord) == (9, {}, None)
    assert GROEI not in gesprek.stappen(code)


def test_changing_to_or_from_uitstroom_asks_the_klantkenmerken_again():
    stand = _klaar(False, True)
    uit, melding = gesprek.kies_meetmoment(stand, MAART, "uitstroom", None)
    assert KENMERKEN not in uit.bevestigd and melding is None
    assert UITKOMST in uit.bevestigd  # the trede did not change
    terug, _ = gesprek.kies_meetmoment(
        _klaar(True, True, aanleiding="uitstroom"), MAART, "jaarlijks", None
    )
    assert KENMERKEN not in terug.bevestigd


def test_a_meetdatum_past_the_planned_next_one_clears_it_with_a_message():
    stand = _klaar(False, True)  # next meetmoment 02-03-2027
    later, melding = gesprek.kies_meetmoment(stand, datetime.date(2027, 3, 2), "intake", None)
    assert later.volgende_meetdatum is None and KENMERKEN not in later.bevestigd
    assert "02-03-2027" in melding and "Klantkenmerken" in melding
    eerder, geen = gesprek.kies_meetmoment(stand, datetime.date(2026, 1, 5), "intake", None)
    assert eerder.volgende_meetdatum == datetime.date(2027, 3, 2) and geen is None
    assert eerder.bevestigd == ALLES


def test_no_message_when_the_klantkenmerken_were_not_confirmed_yet():
    stand = Stand(volgende_meetdatum=datetime.date(2026, 4, 1))  # e.g. a correction's copy
    nieuw, melding = gesprek.kies_meetmoment(stand, datetime.date(2026, 5, 1), "intake", None)
    assert nieuw.volgende_meetdatum is None and melding is None
