"""Stromen on the ladder between two peildata t0 < t1 (§2.6, Figure 2.3).

The database counts the klanten per pair (trede at t0, trede at t1), where only treden 1-6
count as being on the ladder, exactly as ladder/stromen.py does on plain dicts; Python only
lays those counts out as the instrument's herkomst and bestemming tables. The filter applies
at both peildata: a klant that falls outside the selection by t1 (another team, uitstroom)
counts as "van de ladder af" in it, one that comes into it as "nieuw".
"""

import datetime
from dataclasses import dataclass

from peewee import SQL, Select, fn

from ladder import stromen as instrument
from models import Klant, db
from reports.filters import Filter
from reports.peil import TREDEN, trede_op

Paar = tuple[int | None, int | None]


@dataclass(frozen=True)
class Stromen:
    """The flows between t0 and t1: klanten per (trede at t0, trede at t1), None = off."""

    t0: datetime.date
    t1: datetime.date
    overgangen: dict[Paar, int]
    herkomst: dict[int, dict[str | int, int]]
    bestemming: dict[int, dict[str | int, int]]

    def aantal(self, van: int | None, naar: int | None) -> int:
        """Klanten that went from `van` at t0 to `naar` at t1 (None: not on the ladder)."""
        return self.overgangen.get((van, naar), 0)

    def op(self, peildatum: str, trede: int) -> int:
        """Klanten on a trede at "t0" or "t1"."""
        index = 0 if peildatum == "t0" else 1
        return sum(n for paar, n in self.overgangen.items() if paar[index] == trede)


def stromen(t0: datetime.date, t1: datetime.date, filter_: Filter) -> Stromen:
    """Herkomst per trede at t1 and bestemming per trede at t0, within the filter."""
    if t0 >= t1:
        raise ValueError("De eerste peildatum moet voor de tweede liggen.")
    paren = overgangen(t0, t1, filter_)
    return Stromen(t0, t1, paren, herkomst(paren), bestemming(paren))


def per_klant(t0: datetime.date, t1: datetime.date, filter_: Filter) -> Select:
    """Subquery: per klant of the organisation its rung at t0 (van) and at t1 (naar), NULL
    where it is not on a rung 1-6 within the filter; one pass over the klanten."""
    return Klant.select(
        trede_op(t0, filter_).alias("van"), trede_op(t1, filter_).alias("naar")
    ).where(Klant.organisatie == filter_.bereik.organisatie_id)


def overgangen(t0: datetime.date, t1: datetime.date, filter_: Filter) -> dict[Paar, int]:
    """Klanten per (trede at t0, trede at t1): one aggregate query."""
    klanten = per_klant(t0, t1, filter_).alias("per_klant")
    query = (
        Select([klanten], [klanten.c.van, klanten.c.naar, fn.COUNT(SQL("*"))])
        .group_by(klanten.c.van, klanten.c.naar)
        .bind(db)
    )
    # Klanten off the ladder at both peildata are not part of any flow.
    return {(v, n): aantal for v, n, aantal in query.tuples() if (v, n) != (None, None)}


def herkomst(paren: dict[Paar, int]) -> dict[int, dict[str | int, int]]:
    """Per trede at t1, where its klanten came from (the rows of ladder.stromen.herkomst)."""
    tabel = instrument.herkomst({}, {})
    for (van, naar), aantal in paren.items():
        if naar is not None:
            tabel[naar][_kolom(naar, van, instrument.NIEUW)] += aantal
    return tabel


def bestemming(paren: dict[Paar, int]) -> dict[int, dict[str | int, int]]:
    """Per trede at t0, where its klanten went (the rows of ladder.stromen.bestemming)."""
    tabel = instrument.bestemming({}, {})
    for (van, naar), aantal in paren.items():
        if van is not None:
            tabel[van][_kolom(van, naar, instrument.AF)] += aantal
    return tabel


def _kolom(trede: int, andere: int | None, buiten: str) -> str | int:
    """Off the ladder, the same rung, or the other rung: as in ladder.stromen."""
    if andere is None:
        return buiten
    return instrument.ZELFDE if andere == trede else andere


def matrix(uitkomst: Stromen) -> list[tuple[int | None, list[int]]]:
    """The transition matrix: rows t0 (None: not on the ladder, then 6-1), columns t1
    (6-1, then None: off the ladder); the corner, off at both, is not counted (0)."""
    rijen: list[int | None] = [None, *TREDEN]
    kolommen: list[int | None] = [*TREDEN, None]
    return [(van, [uitkomst.aantal(van, naar) for naar in kolommen]) for van in rijen]
