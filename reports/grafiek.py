"""The geometry of the report charts, drawn as SVG by templates/rapporten/_grafiek.html.

Numbers only: the templates turn them into rectangles and text, the CSS gives the colours.
Every chart sits next to the table with its numbers, for screen readers and for printing.
"""

from dataclasses import dataclass

from reports.peil import TREDEN
from reports.stand import Ladderstand
from reports.stromen import Stromen
from reports.tabel import getal

BREEDTE = 640  # the viewBox width of every chart
LABEL = 70  # room for "Trede 6" on the left
BALK_MAX = 360  # the longest bar
RIJ = 34  # height of a row
DIKTE = 24  # thickness of a bar


@dataclass(frozen=True)
class Balk:
    """One rung of a ladder chart: the whole bar, the part with "+", and its text."""

    trede: int
    y: int
    breedte: float
    plus_breedte: float
    tekst: str


@dataclass(frozen=True)
class Segment:
    """A part of a stacked bar, with its CSS kind and a tooltip."""

    x: float
    breedte: float
    soort: str
    titel: str


@dataclass(frozen=True)
class Stroombalk:
    """One rung of the stromen chart: herkomst to the left, vertrekkers to the right."""

    trede: int
    y: int
    links: tuple[Segment, ...]
    rechts: tuple[Segment, ...]
    links_totaal: int
    rechts_totaal: int


def hoogste_aandeel(standen) -> float:
    """The largest share of the ladder any trede has in these stands (0 to 1), for `vol`."""
    return max(
        (r.aantal / s.op_ladder for s in standen if s.op_ladder for r in s.treden), default=1.0
    )


def hoogte(rijen: int) -> int:
    """The viewBox height for a number of rows."""
    return rijen * RIJ + 8


def ladder(stand: Ladderstand, procenten: bool = False, vol: float | None = None) -> list[Balk]:
    """Bars for treden 6 down to 1: counts (Figure 2.2), or % of the ladder per caseload.

    The longest bar fills the width, unless `vol` gives the value that does (a count, or with
    procenten a share of the ladder from 0 to 1): charts side by side then share one scale.
    """
    totaal = stand.op_ladder
    if vol is None:
        grootste = max((r.aantal for r in stand.treden), default=0) or 1
    else:
        grootste = (vol * totaal if procenten else vol) or 1
    schaal = BALK_MAX / grootste
    balken = []
    for i, rij in enumerate(stand.treden):
        if procenten:
            tekst = f"{getal(round(100 * rij.aantal / totaal, 1)) if totaal else '0,0'}%"
        else:
            tekst = f"{rij.aantal}" + (f", waarvan +: {rij.plus}" if rij.trede != 6 else "")
        balken.append(Balk(rij.trede, i * RIJ + 4, rij.aantal * schaal, rij.plus * schaal, tekst))
    return balken


# The kinds of flow, in the order they are stacked, with their legend text.
SOORTEN = {
    "nieuw": "nieuw op de ladder",
    "zelfde": "zelfde trede",
    **{f"t{t}": f"trede {t}" for t in TREDEN},
    "af": "van de ladder af",
}
MIDDEN = BREEDTE // 2


def stromen(uitkomst: Stromen) -> list[Stroombalk]:
    """Figure 2.3: per rung, where its klanten came from (left) and where leavers went."""
    links = {t: _delen(rij, "nieuw", t) for t, rij in uitkomst.herkomst.items()}
    rechts = {t: _delen(rij, "af", t, zonder_zelfde=True) for t, rij in uitkomst.bestemming.items()}
    grootste = max([sum(n for _, n in d) for d in (*links.values(), *rechts.values())] + [1])
    schaal = (MIDDEN - LABEL - 10) / grootste
    balken = []
    for i, trede in enumerate(TREDEN):
        y = i * RIJ + 4
        balken.append(
            Stroombalk(
                trede,
                y,
                _stapel(links[trede], trede, schaal, naar_links=True),
                _stapel(rechts[trede], trede, schaal, naar_links=False),
                sum(n for _, n in links[trede]),
                sum(n for _, n in rechts[trede]),
            )
        )
    return balken


def _delen(rij: dict, buiten: str, trede: int, zonder_zelfde: bool = False) -> list:
    """(kind, count) in stacking order; the rung itself has no column of its own."""
    soorten = [buiten, *([] if zonder_zelfde else ["zelfde"]), *(t for t in TREDEN if t != trede)]
    return [(s if isinstance(s, str) else f"t{s}", rij[s]) for s in soorten if rij[s]]


def _stapel(delen, trede: int, schaal: float, naar_links: bool) -> tuple[Segment, ...]:
    """Segments from the axis outwards, to the left or to the right."""
    segmenten, x = [], float(MIDDEN)
    for soort, aantal in delen:
        breedte = aantal * schaal
        begin = x - breedte if naar_links else x
        titel = f"Trede {trede}: {aantal} {_omschrijving(soort, naar_links)}"
        segmenten.append(Segment(round(begin, 1), round(breedte, 1), soort, titel))
        x = begin if naar_links else x + breedte
    return tuple(segmenten)


def _omschrijving(soort: str, herkomst: bool) -> str:
    """'nieuw op de ladder', 'van trede 4', 'naar trede 4' for a tooltip."""
    if soort.startswith("t"):
        return f"{'van' if herkomst else 'naar'} trede {soort[1:]}"
    return SOORTEN[soort]
