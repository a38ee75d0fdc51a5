"""The five questions that determine the trede, and their routing (Table 3.1).

The route is recomputed from the answers every time, starting at V1. An answer to a
question that is no longer on the path (because an earlier answer changed) simply drops out.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Vraag:
    """One question of Table 3.1; ``ja`` and ``nee`` name the next question or a trede."""

    code: str
    nummer: int
    tekst: str
    ja: str | int
    nee: str | int
    # The treden whose definitions and examples a klantmanager should see while answering.
    beslist_tussen: tuple[int, ...]

    def na(self, antwoord: bool) -> str | int:
        """Where this answer leads: the next question code (str) or a trede (int)."""
        return self.ja if antwoord else self.nee


# The questions are stored in sentence case; Table 3.1 prints them in capitals.
#
# beslist_tussen: each question draws a line between treden, and the klantmanager should
# compare the definitions on both sides of that line. V1 separates "has a contract"
# (6 and 5) from "no contract", whose first rung is 4 (defined by "heeft geen
# arbeidscontract"); showing all of 4..1 would bury the point. V2 separates 6 from 5;
# V3 separates 4 from 3; V4 separates 3 from 2; V5 separates 2 from 1.
VRAGEN: dict[str, Vraag] = {
    "V1": Vraag(
        code="V1",
        nummer=1,
        tekst="Heeft de klant een arbeidscontract of is de klant een zzp’er?",
        ja="V2",
        nee="V3",
        beslist_tussen=(6, 5, 4),
    ),
    "V2": Vraag(
        code="V2",
        nummer=2,
        tekst=(
            "Krijgt de klant ondersteuning in de vorm van participatie-instrument, "
            "uitkering, WSW of reguliere opleiding?"
        ),
        ja=5,
        nee=6,
        beslist_tussen=(6, 5),
    ),
    "V3": Vraag(
        code="V3",
        nummer=3,
        tekst="Verricht de klant onbetaald werk met minimaal 1x per week contact met anderen?",
        ja=4,
        nee="V4",
        beslist_tussen=(4, 3),
    ),
    "V4": Vraag(
        code="V4",
        nummer=4,
        tekst=(
            "Neemt de klant deel aan georganiseerde activiteiten met minimaal 1x per week "
            "contact met anderen?"
        ),
        ja=3,
        nee="V5",
        beslist_tussen=(3, 2),
    ),
    "V5": Vraag(
        code="V5",
        nummer=5,
        tekst="Heeft de klant minimaal 1x per week contact met mensen die geen huisgenoten zijn?",
        ja=2,
        nee=1,
        beslist_tussen=(2, 1),
    ),
}

EERSTE_VRAAG = "V1"


@dataclass(frozen=True)
class Route:
    """Where a set of answers leads: the path so far, and the next question or the trede."""

    pad: tuple[tuple[Vraag, bool], ...]  # answered questions on the path, in order (True = ja)
    volgende: Vraag | None
    trede: int | None  # set when the path ends in a trede
    mogelijke_treden: tuple[int, ...]  # still reachable, descending; one trede when decided


def bereikbare_treden(doel: str | int) -> tuple[int, ...]:
    """All treden reachable from a question code or trede, highest first."""
    if isinstance(doel, int):
        return (doel,)
    vraag = VRAGEN[doel]
    treden = bereikbare_treden(vraag.ja) + bereikbare_treden(vraag.nee)
    return tuple(sorted(set(treden), reverse=True))


def route(antwoorden: Mapping[str, bool]) -> Route:
    """Walk from V1 along the answers until an unanswered question or a trede.

    A page of a meting asks this about ten times (the order of the pages, the step
    indicator, the summary): the same answers give the same Route, so it is kept."""
    if all(type(antwoord) is bool for antwoord in antwoorden.values()):
        return _bewaarde_route(frozenset(antwoorden.items()))
    return _route(antwoorden)  # raises the TypeError for a non-bool answer on the path


@functools.lru_cache(maxsize=256)
def _bewaarde_route(antwoorden: frozenset[tuple[str, bool]]) -> Route:
    return _route(dict(antwoorden))


def _route(antwoorden: Mapping[str, bool]) -> Route:
    pad: list[tuple[Vraag, bool]] = []
    doel: str | int = EERSTE_VRAAG
    while isinstance(doel, str) and doel in antwoorden:
        vraag = VRAGEN[doel]
        antwoord = antwoorden[doel]
        # A form value such as "nee" would be truthy: insist on a real bool.
        if not isinstance(antwoord, bool):
            raise TypeError(f"Antwoord op {doel} moet True of False zijn, niet {antwoord!r}")
        pad.append((vraag, antwoord))
        doel = vraag.na(antwoord)
    if isinstance(doel, int):
        return Route(tuple(pad), None, doel, (doel,))
    return Route(tuple(pad), VRAGEN[doel], None, bereikbare_treden(doel))


def geldige_antwoorden(antwoorden: Mapping[str, bool]) -> dict[str, bool]:
    """Keep only the answers on the path, in path order; unreachable answers drop out."""
    return {vraag.code: antwoord for vraag, antwoord in route(antwoorden).pad}


def alle_paden() -> list[tuple[dict[str, bool], int]]:
    """Every complete set of answers with the trede it leads to, highest trede first."""
    paden: list[tuple[dict[str, bool], int]] = []
    pending: list[dict[str, bool]] = [{}]
    while pending:
        antwoorden = pending.pop()
        uitkomst = route(antwoorden)
        if uitkomst.trede is not None:
            paden.append((antwoorden, uitkomst.trede))
        elif uitkomst.volgende is not None:
            for antwoord in (True, False):
                pending.append({**antwoorden, uitkomst.volgende.code: antwoord})
    return sorted(paden, key=lambda pad: pad[1], reverse=True)


def pad_naar(trede: int) -> dict[str, bool]:
    """The answers that lead to this trede (one path each); none for the codes 0, 8, 9."""
    return next((dict(a) for a, t in alle_paden() if t == trede), {})
