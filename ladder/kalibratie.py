"""Where the placements of a kalibratieronde part ways (issue 15): the first question of
Table 3.1 that the deelnemers answered differently, and how the treden are spread.

The paths are recomputed from the answers (``route``), so an answer off the path drops out.
All paths start at V1 and the routing is fixed, so while the answers agree every deelnemer
is at the same question; the first question answered both ja and nee is the splitsing.
A deelnemer who has not answered a question (an unfinished placement, or a code 0, 8 or 9
with no answers at all) simply takes no further part: not answering is not a different
answer. So the splitsing is decided by the answers that were given, and None means that
nobody who answered a question contradicted another, not that everyone reached a trede.
"""

from collections import Counter
from collections.abc import Iterable, Mapping

from ladder.vragen import Vraag, route


def splitsing(
    antwoorden_per_deelnemer: Mapping[object, Mapping[str, bool]] | Iterable[Mapping[str, bool]],
) -> Vraag | None:
    """The first question on the route answered ja by one deelnemer and nee by another."""
    if isinstance(antwoorden_per_deelnemer, Mapping):
        antwoorden_per_deelnemer = antwoorden_per_deelnemer.values()
    paden = [route(antwoorden).pad for antwoorden in antwoorden_per_deelnemer]
    stap = 0
    while True:
        hier = [pad[stap] for pad in paden if len(pad) > stap]
        if not hier:
            return None
        if len({antwoord for _, antwoord in hier}) > 1:
            return hier[0][0]
        stap += 1


def verdeling(waarden: Iterable[int | str | None]) -> Counter:
    """How often each trede, code or groeipotentieel was chosen; missing values left out."""
    return Counter(waarde for waarde in waarden if waarde is not None)
