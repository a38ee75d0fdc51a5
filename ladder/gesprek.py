"""The order of the pages of a meting, recomputed from what has been answered so far.

A meting is a conversation: first the meetmoment, then the questions of Table 3.1 one by
one (or, instead, one of the codes 0, 8 and 9), the outcome to confirm, the growth question
of Table 3.2, the subgroepen, the klantkenmerken, and last a check of all answers. Which
pages there are depends on the answers: V2 is only asked after ja on V1, the growth
question only on treden 1-5. Nothing here is stored; the application asks these functions
again after every answer, so a changed answer reshapes the rest of the conversation.

The answers themselves change only through the transitions at the end of this module: each
takes the state of the conversation and one page's answer and gives the new state, with the
trede derived again and what a changed trede or meetdatum makes stale no longer confirmed.

A kalibratie (issue 15) asks the same pages for a casus, without what belongs to a real
klant: a stand with ``alleen_trede`` has the questions, the outcome, the growth question
and the check page, nothing else.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ladder import groeipotentieel, meetmomenten, vragen

MEETMOMENT = "meetmoment"
UITKOMST = "uitkomst"
GROEIPOTENTIEEL = "groeipotentieel"
SUBGROEPEN = "subgroepen"
KENMERKEN = "kenmerken"
CONTROLE = "controle"

# Pages that are complete only once the user has confirmed them (the others are complete
# when their answer is known).
BEVESTIGDE_STAPPEN = (MEETMOMENT, UITKOMST, SUBGROEPEN, KENMERKEN)


@dataclass(frozen=True)
class Stand:
    """What is known of a meting in progress."""

    antwoorden: Mapping[str, bool] = field(default_factory=dict)  # Table 3.1, "V1".."V5"
    code: int | None = None  # 0, 8 or 9 when recorded instead of answering the questions
    groei_antwoord: bool | None = None  # the Table 3.2 question: True = ja
    bevestigd: frozenset[str] = frozenset()  # the BEVESTIGDE_STAPPEN that are done
    meetdatum: datetime.date | None = None
    aanleiding: str = ""
    volgende_meetdatum: datetime.date | None = None
    alleen_trede: bool = False  # a kalibratie placement: trede and groeipotentieel only

    @property
    def trede(self) -> int | None:
        """The trede (1-6) or code (0, 8, 9) as far as it is known."""
        if self.code is not None:
            return self.code
        return vragen.route(self.antwoorden).trede


def stappen(stand: Stand) -> list[str]:
    """Every page of this conversation up to and including the first unanswered one."""
    reeks: list[str] = []
    for stap in _alle_stappen(stand):
        reeks.append(stap)
        if not is_klaar(stand, stap):
            break
    return reeks


def volgende_stap(stand: Stand) -> str:
    """The first page that still needs an answer (the check page once all is answered)."""
    return stappen(stand)[-1]


def is_bereikbaar(stand: Stand, stap: str) -> bool:
    """A page may be opened when it is answered already or is the next one to answer."""
    return stap in stappen(stand)


def is_klaar(stand: Stand, stap: str) -> bool:
    """Whether this page has its answer."""
    if stap in vragen.VRAGEN:
        return stap in vragen.geldige_antwoorden(stand.antwoorden)
    if stap == GROEIPOTENTIEEL:
        return stand.groei_antwoord is not None
    if stap == CONTROLE:
        return False
    return stap in stand.bevestigd


def heeft_groeivraag(trede: int | None) -> bool:
    """Treden 1-5 have a growth question; trede 6 and the codes 0, 8, 9 have none (n.v.t.)."""
    return trede is not None and groeipotentieel.groeivraag(trede) is not None


def _alle_stappen(stand: Stand) -> list[str]:
    """The pages this conversation has, given its answers so far."""
    reeks = [] if stand.alleen_trede else [MEETMOMENT]
    if stand.code is None:
        route = vragen.route(stand.antwoorden)
        reeks += [vraag.code for vraag, _ in route.pad]
        if route.volgende is not None:
            return reeks + [route.volgende.code]
        reeks.append(UITKOMST)
    if heeft_groeivraag(stand.trede):
        reeks.append(GROEIPOTENTIEEL)
    if stand.alleen_trede:
        return reeks + [CONTROLE]
    return reeks + [SUBGROEPEN, KENMERKEN, CONTROLE]


# The parts of the conversation as a step indicator shows them; the questions of Table 3.1
# are one part, however many of them the answers lead to.
VRAGEN = "vragen"
FASEN: tuple[tuple[str, str], ...] = (
    (MEETMOMENT, "Meetmoment"),
    (VRAGEN, "Vragen"),
    (UITKOMST, "Uitkomst"),
    (GROEIPOTENTIEEL, "Groeipotentieel"),
    (SUBGROEPEN, "Subgroepen"),
    (KENMERKEN, "Klantkenmerken"),
    (CONTROLE, "Controle"),
)


def fasen(stand: Stand) -> tuple[tuple[str, str], ...]:
    """The parts this conversation has (a kalibratie placement has no meetmoment, no
    subgroepen and no klantkenmerken)."""
    if not stand.alleen_trede:
        return FASEN
    return tuple(f for f in FASEN if f[0] not in (MEETMOMENT, SUBGROEPEN, KENMERKEN))


def fase(stap: str) -> str:
    """The part of the conversation a page belongs to."""
    return VRAGEN if stap in vragen.VRAGEN else stap


def vraagnummer(stand: Stand, stap: str) -> int | None:
    """Which question of this klant's route the page is (1 for V1, 2 for V3 after nee…)."""
    if stap not in vragen.VRAGEN:
        return None
    gesteld = [s for s in stappen(stand) if s in vragen.VRAGEN]
    return gesteld.index(stap) + 1 if stap in gesteld else None


# --- transitions: one page's answer → the new state of the conversation ---


def kies_meetmoment(
    stand: Stand, meetdatum: datetime.date, aanleiding: str, code: int | None
) -> tuple[Stand, str | None]:
    """The meetmoment page: the date, the occasion and the questions or one of the codes.

    A code replaces the answers to the questions. A change to or from uitstroom asks the
    klantkenmerken again (a next date or a reason of uitstroom); so does a meetdatum on or
    after the planned next one, with a message when that page was already confirmed."""
    nieuw = replace(
        stand,
        meetdatum=meetdatum,
        aanleiding=aanleiding,
        code=code,
        antwoorden={} if code is not None else stand.antwoorden,
    )
    nieuw = _na_trede(stand, nieuw)
    if (stand.aanleiding == meetmomenten.UITSTROOM) != (aanleiding == meetmomenten.UITSTROOM):
        nieuw = _onbevestigd(nieuw, KENMERKEN)
    melding = None
    volgende = nieuw.volgende_meetdatum
    if volgende is not None and volgende <= meetdatum:
        if KENMERKEN in nieuw.bevestigd:
            melding = (
                f"De volgende meetdatum ({volgende:%d-%m-%Y}) ligt niet meer na de nieuwe "
                "meetdatum. Kies bij Klantkenmerken een nieuwe volgende meetdatum."
            )
        # The klantkenmerken page proposes a new date from the new meetdatum.
        nieuw = _onbevestigd(replace(nieuw, volgende_meetdatum=None), KENMERKEN)
    return bevestig(nieuw, MEETMOMENT), melding


def beantwoord_vraag(stand: Stand, code: str, ja: bool) -> Stand:
    """One question of Table 3.1; what a changed answer made unreachable is not kept."""
    antwoorden = vragen.geldige_antwoorden({**stand.antwoorden, code: ja})
    return _na_trede(stand, replace(stand, antwoorden=antwoorden))


def beantwoord_groeivraag(stand: Stand, ja: bool) -> Stand:
    """The growth question of Table 3.2 for the stand's trede."""
    return replace(stand, groei_antwoord=ja)


def kies_volgende_meetdatum(stand: Stand, volgende: datetime.date | None) -> Stand:
    """The klantkenmerken page: with it the next meetmoment is planned (none at uitstroom)."""
    return bevestig(replace(stand, volgende_meetdatum=volgende), KENMERKEN)


def bevestig(stand: Stand, stap: str) -> Stand:
    """A page whose answer is "this is right": the outcome, the subgroepen."""
    return replace(stand, bevestigd=stand.bevestigd | {stap})


def _onbevestigd(stand: Stand, stap: str) -> Stand:
    return replace(stand, bevestigd=stand.bevestigd - {stap})


def _na_trede(oud: Stand, nieuw: Stand) -> Stand:
    """A different trede needs its outcome confirmed again and its own growth question."""
    if nieuw.trede == oud.trede:
        return nieuw
    return replace(_onbevestigd(nieuw, UITKOMST), groei_antwoord=None)
