"""Did the estimates come true? Of the klanten on treden 1-5 at t0, split by their
groeipotentieel then (+ or 0): how many rose by t1, stayed, fell, left or have no rung.

The klanten are those of the filter at t0, grouped by the klantmanager and team of their
meting at t0, the one who made the estimate. Where they stand at t1 is looked up within the
user's reach only, not within the chosen filter: the question is what became of the klant,
wherever it is handled now. "Af" is a klant without a counted meting at t1 in that reach
(uitstroom, or handled outside it); "onbekend" has a code 0, 8 or 9 at t1.
"""

import datetime
from dataclasses import dataclass, fields

from peewee import SQL, Case, Select, Value, fn

from models import Klant, Meting, db
from reports.filters import Filter
from reports.peil import CODES, geteld, som
from reports.stand import groepsnamen


@dataclass(frozen=True)
class Uitkomst:
    """What became of a number of klanten between t0 and t1."""

    aantal: int = 0
    gestegen: int = 0
    gelijk: int = 0
    gedaald: int = 0
    af: int = 0
    onbekend: int = 0

    def __add__(self, other: "Uitkomst") -> "Uitkomst":
        return Uitkomst(*(getattr(self, f.name) + getattr(other, f.name) for f in fields(self)))


@dataclass(frozen=True)
class Groep:
    """A klantmanager or team (id None: none recorded) with the outcome for + and for 0."""

    id: int | None
    naam: str
    plus: Uitkomst
    nul: Uitkomst


@dataclass(frozen=True)
class Inschattingen:
    t0: datetime.date
    t1: datetime.date
    per_klantmanager: tuple[Groep, ...]
    per_team: tuple[Groep, ...]
    totaal: Groep


def _kanten(t0: datetime.date, t1: datetime.date, filter_: Filter):
    """UNION ALL of the klanten at t0 (filter, treden 1-5 with + or 0) and at t1 (reach)."""
    kolommen = [Meting.trede, Meting.groeipotentieel, Meting.klantmanager, Meting.team]
    begin = geteld(t0, filter_, Klant.id.alias("klant"), Value(0).alias("p"), *kolommen).where(
        Meting.trede.between(1, 5) & Meting.groeipotentieel.in_(("+", "0"))
    )
    eind = geteld(t1, filter_.alleen_bereik(), Klant.id.alias("klant"), Value(1).alias("p"))
    eind = eind.select_extend(*kolommen)
    return begin.union_all(eind).alias("kanten")


def _per_klant(t0: datetime.date, t1: datetime.date, filter_: Filter):
    """Per klant: trede, groei, klantmanager and team at t0; trede at t1; present at t1."""
    k = _kanten(t0, t1, filter_)

    def op(p: int, kolom):
        return fn.MAX(Case(None, [(k.c.p == p, kolom)]))

    return (
        Select(
            [k],
            [
                op(0, k.c.trede).alias("van"),
                op(0, k.c.groeipotentieel).alias("groei"),
                op(0, k.c.klantmanager_id).alias("km"),
                op(0, k.c.team_id).alias("team"),
                op(1, k.c.trede).alias("naar"),
                op(1, Value(1)).alias("bij_t1"),
            ],
        )
        .group_by(k.c.klant)
        .alias("per_klant")
    )


def _tellingen(t0: datetime.date, t1: datetime.date, filter_: Filter) -> list[tuple]:
    """(klantmanager, team, groei, aantal, gestegen, gelijk, gedaald, af, onbekend) rows."""
    r = _per_klant(t0, t1, filter_)
    op_trede = r.c.naar.between(1, 6)
    query = (
        Select(
            [r],
            [
                r.c.km,
                r.c.team,
                r.c.groei,
                fn.COUNT(SQL("*")),
                som(op_trede & (r.c.naar > r.c.van)),
                som(op_trede & (r.c.naar == r.c.van)),
                som(op_trede & (r.c.naar < r.c.van)),
                som(r.c.bij_t1.is_null()),
                som(r.c.naar.in_(CODES)),
            ],
        )
        .where(r.c.van.is_null(False))
        .group_by(r.c.km, r.c.team, r.c.groei)
        .bind(db)
    )
    return list(query.tuples())


def _groepen(rijen: list[tuple], index: int, soort: str) -> tuple[Groep, ...]:
    """Sum the rows per klantmanager (index 0) or team (index 1)."""
    per_id: dict[int | None, dict[str, Uitkomst]] = {}
    for rij in rijen:
        sommen = per_id.setdefault(rij[index], {"+": Uitkomst(), "0": Uitkomst()})
        sommen[rij[2]] = sommen[rij[2]] + Uitkomst(*rij[3:])
    namen = groepsnamen(soort, [i for i in per_id if i is not None])
    groepen = [
        Groep(i, namen.get(i, "(niet vastgelegd)"), s["+"], s["0"]) for i, s in per_id.items()
    ]
    return tuple(sorted(groepen, key=lambda g: (g.id is None, g.naam.lower())))


def inschattingen(t0: datetime.date, t1: datetime.date, filter_: Filter) -> Inschattingen:
    """The outcome of the estimates at t0, per klantmanager and per team, with the total."""
    if t0 >= t1:
        raise ValueError("De eerste peildatum moet voor de tweede liggen.")
    rijen = _tellingen(t0, t1, filter_)
    per_km = _groepen(rijen, 0, "klantmanager")
    totaal = Groep(
        None,
        "Totaal",
        sum((g.plus for g in per_km), Uitkomst()),
        sum((g.nul for g in per_km), Uitkomst()),
    )
    return Inschattingen(t0, t1, per_km, _groepen(rijen, 1, "team"), totaal)
