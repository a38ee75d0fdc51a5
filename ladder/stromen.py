"""Flows on the ladder between two peildata t0 and t1 (§2.6, Figure 2.3).

Both functions take two plain mappings, klant -> trede at that peildatum, where a klant
that is absent was not on the ladder. Only the treden 1-6 take part: a klant with code
0, 8 or 9 at a peildatum has no known rung there and counts as "not on the ladder",
so it is "nieuw" when it reaches a rung by t1 and "af" when it had a rung at t0.

Every rung gets a complete row, zeros included, so a report can print the table as is.
"""

from collections.abc import Hashable, Mapping
from typing import TypeVar

from ladder.treden import TREDEN

K = TypeVar("K", bound=Hashable)

NIEUW = "nieuw"  # not on a rung at t0
ZELFDE = "zelfde"  # on the same rung at t0 and t1
AF = "af"  # not on a rung at t1: left the ladder

_TREDEN: tuple[int, ...] = tuple(TREDEN)  # 6 down to 1


def _op_trede(stand: Mapping[K, int]) -> dict[K, int]:
    """Keep only the klanten that stand on a rung 1-6."""
    return {klant: trede for klant, trede in stand.items() if trede in _TREDEN}


def _lege_rij(buiten: str, trede: int) -> dict[str | int, int]:
    """A row of zeros: the off-ladder column, "zelfde", then every other rung, high to low."""
    rij: dict[str | int, int] = {buiten: 0, ZELFDE: 0}
    rij.update({andere: 0 for andere in _TREDEN if andere != trede})
    return rij


def _tel(
    van: Mapping[K, int], naar: Mapping[K, int], buiten: str
) -> dict[int, dict[str | int, int]]:
    """For each rung in ``van``: where its klanten stand in ``naar``."""
    van, naar = _op_trede(van), _op_trede(naar)
    tabel = {trede: _lege_rij(buiten, trede) for trede in _TREDEN}
    for klant, trede in van.items():
        tabel[trede][_kolom(trede, naar.get(klant), buiten)] += 1
    return tabel


def _kolom(trede: int, andere: int | None, buiten: str) -> str | int:
    """The column a klant falls in: off the ladder, the same rung, or the other rung."""
    if andere is None:
        return buiten
    if andere == trede:
        return ZELFDE
    return andere


def herkomst(t0: Mapping[K, int], t1: Mapping[K, int]) -> dict[int, dict[str | int, int]]:
    """Per rung at t1, where its klanten came from: "nieuw", "zelfde" or the rung at t0."""
    return _tel(t1, t0, NIEUW)


def bestemming(t0: Mapping[K, int], t1: Mapping[K, int]) -> dict[int, dict[str | int, int]]:
    """Per rung at t0, where its klanten went: "af", "zelfde" or the rung at t1."""
    return _tel(t0, t1, AF)


def beweging(van: int, naar: int) -> str:
    """Compare two rungs: "gestegen", "gelijk" or "gedaald"; codes 0, 8, 9 have no order."""
    if van not in _TREDEN or naar not in _TREDEN:
        raise ValueError(f"Alleen treden 1 tot en met 6 hebben een volgorde: {van}, {naar}")
    if naar > van:
        return "gestegen"
    if naar < van:
        return "gedaald"
    return "gelijk"
