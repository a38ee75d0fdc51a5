"""Which meting counts for each klant at a peildatum: the core of every report.

A klant counts with its latest meting with status "definitief" whose meetdatum is on or
before the peildatum; ties go to the latest definitief_op, then the highest id. Concepts,
metingen ter beoordeling, afgewezen and vervangen never count (a correction does, as the
definitive meting it is). A klant whose counted meting has aanleiding "uitstroom" is off the
ladder from that meetdatum on, the day itself included: the uitstroom meting records the
moment of leaving, so on a peildatum equal to it the klant has left. A klant without a
meting on or before the peildatum does not count.

The latest meting is found per klant by a correlated subquery (ORDER BY … LIMIT 1) that reads
the index meting(klant, status, meetdatum, definitief_op, id) of migration 0008 backwards and
stops at the first entry (on PostgreSQL with definitief_op NULLS FIRST, migration 0016, so
that backwards is this order there too); every other condition of the filter applies to that
one meting. On SQLite this beats ROW_NUMBER() OVER (PARTITION BY klant …), which sorts every
definitive meting (bench/reports.py). SQLite looks up the id and reads the row by it;
PostgreSQL reads the row in the lookup itself (LATERAL), and over the whole installation reads
the same index once in klant order instead (laatste_metingen, DISTINCT ON). All three find the
same meting: the same order, ending in the id (koppel_getelde).
"""

import datetime
import operator
from functools import reduce

from peewee import JOIN, SQL, Case, Expression, ModelSelect, Node, fn

from ladder.meetmomenten import UITSTROOM
from models import Klant, Meting, MetingSubgroep, is_sqlite
from models.meting import nieuwste_eerst
from reports.filters import GEEN_VRIJSTELLING, ONBEKEND, Filter

TREDEN = (6, 5, 4, 3, 2, 1)
CODES = (0, 8, 9)


volgorde = nieuwste_eerst  # newest first (models/meting.py)


def laatste_meting(peildatum: datetime.date, klant_id) -> ModelSelect:
    """Subquery: the id of the klant's latest definitive meting on or before the peildatum."""
    kandidaat = Meting.alias("kandidaat")
    return _laatste(peildatum, klant_id, kandidaat, kandidaat.id)


def _laatste(peildatum: datetime.date, klant_id, kandidaat, kolom) -> ModelSelect:
    """Subquery: `kolom` of the klant's latest definitive meting on or before the peildatum."""
    return (
        kandidaat.select(kolom)
        .where(
            (kandidaat.klant == klant_id)
            & (kandidaat.status == "definitief")
            & (kandidaat.meetdatum <= peildatum)
        )
        .order_by(*volgorde(kandidaat))
        .limit(1)
    )


def laatste_metingen(peildatum: datetime.date) -> ModelSelect:
    """Subquery (klant_id, id): every klant's latest definitive meting on or before the
    peildatum, by the same order as laatste_meting, in one pass over the index (DISTINCT ON,
    PostgreSQL only). For a report over the whole installation: there one lookup per klant took
    three times as long (bench/landelijk.py); for one organisation the lookup per klant wins."""
    kandidaat = Meting.alias("kandidaat")
    return (
        kandidaat.select(kandidaat.klant, kandidaat.id)
        .where((kandidaat.status == "definitief") & (kandidaat.meetdatum <= peildatum))
        .order_by(kandidaat.klant.desc(), *volgorde(kandidaat))
        .distinct(kandidaat.klant)
    )


def koppel_getelde(
    query, peildatum: datetime.date, klant=Klant, meting=Meting, *, installatie: bool = False
):
    """Join every klant of the query to the meting that counts for it at the peildatum (before
    the conditions of `telt`). SQLite looks up its id per klant and reads the row by that id.
    PostgreSQL reads the row in the lookup itself (LATERAL; reading it again by its id made the
    stand of one gemeente 1.5x the hand-written SQL, bench/landelijk.py), and for a report
    over the whole installation finds every klant's meting in one pass (laatste_metingen)."""
    if is_sqlite():
        return query.join_from(klant, meting, on=(meting.id == laatste_meting(peildatum, klant.id)))
    if installatie:
        laatste = laatste_metingen(peildatum).alias("laatste")
        return query.join_from(klant, laatste, on=(laatste.c.klant_id == klant.id)).join_from(
            klant, meting, on=(meting.id == laatste.c.id)
        )
    rij = _laatste(peildatum, klant.id, Meting.alias("kandidaat"), SQL("*"))
    return query.join_from(klant, _Lateral(rij, meting), JOIN.CROSS)


class _Lateral(Node):
    """FROM item `LATERAL (subquery) AS <meting>`: the subquery's row under the alias that the
    columns of `meting` (the model or an alias of it) get in the rest of the query, so that
    `Meting.trede` and the like read it. PostgreSQL only."""

    def __init__(self, subquery: ModelSelect, meting):
        self.subquery, self.meting = subquery, meting

    def __sql__(self, ctx):
        # In the normal scope peewee writes the subquery in parentheses without an alias of
        # its own, and the model (or alias) as the name its columns are written with.
        with ctx.scope_normal():
            return ctx.literal("LATERAL ").sql(self.subquery).literal(" AS ").sql(self.meting)


def telt(filter_: Filter, klant, meting) -> list[Expression]:
    """The conditions under which the meting that koppel_getelde (or _laatste) finds for
    `klant` counts, within the filter: the single definition that every report uses."""
    return [
        klant.organisatie == filter_.bereik.organisatie_id,
        meting.aanleiding != UITSTROOM,
        *voorwaarden(filter_, klant, meting),
    ]


def geteld(peildatum: datetime.date, filter_: Filter, *kolommen, klant=Klant, meting=Meting):
    """SELECT kolommen FROM each klant in the filter JOIN the meting that counts for it."""
    query = koppel_getelde(klant.select(*kolommen), peildatum, klant, meting)
    return query.where(*telt(filter_, klant, meting))


def trede_op(peildatum: datetime.date, filter_: Filter, klant=Klant):
    """Scalar subquery per klant: its rung 1-6 at the peildatum within the filter, else NULL.
    The conditions of `telt` apply to the latest meting as the index lookup finds it (a CASE
    on that one row), not to the meting looked up again by its id: one index lookup per klant
    and peildatum less (bench/landelijk.py)."""
    meting = Meting.alias("geteld")
    binnen = reduce(operator.and_, [*telt(filter_, klant, meting), meting.trede.between(1, 6)])
    return _laatste(peildatum, klant.id, meting, Case(None, [(binnen, meting.trede)]))


def voorwaarden(filter_: Filter, klant, meting) -> list[Expression]:
    """The conditions of the reach and of the chosen filter, on the counted meting."""
    bereik = filter_.bereik
    lijst = []
    if bereik.beperkt:
        eigen = meting.klantmanager == bereik.klantmanager_id
        if bereik.team_id is not None:
            eigen = eigen | (meting.team == bereik.team_id)
        lijst.append(eigen)
    if filter_.gemeente_id is not None:
        lijst.append(klant.gemeente == filter_.gemeente_id)
    if filter_.team_id is not None:
        lijst.append(meting.team == filter_.team_id)
    if filter_.klantmanager_id is not None:
        lijst.append(meting.klantmanager == filter_.klantmanager_id)
    if filter_.aanleiding:
        lijst.append(meting.aanleiding == filter_.aanleiding)
    if filter_.subgroep:
        lijst.append(fn.EXISTS(_subgroep(meting, filter_.subgroep)))
    lijst.extend(kenmerk(meting, veld, waarde) for veld, waarde in filter_.kenmerken)
    return lijst


def _subgroep(meting, code: str):
    """Subquery: the counted meting's row for this subgroep."""
    return MetingSubgroep.select(MetingSubgroep.id).where(
        (MetingSubgroep.meting == meting.id) & (MetingSubgroep.subgroep == code)
    )


def kenmerk(meting, veld: str, waarde: str) -> Expression:
    """One klantkenmerk; "onbekend" is left empty, vrijstelling "ja" includes municipal codes."""
    kolom = getattr(meting, veld)
    if waarde == ONBEKEND:
        return kolom == ""
    if veld == "vrijstelling_arbeidsplicht" and waarde == "ja":
        return kolom.not_in(GEEN_VRIJSTELLING)
    return kolom == waarde


def som(voorwaarde: Expression):
    """The number of rows for which the condition holds: COUNT(CASE WHEN … THEN 1 END), the
    same on both engines and cheaper than SUM(CASE … THEN ? ELSE ? END) on SQLite."""
    return fn.COUNT(Case(None, [(voorwaarde, SQL("1"))]))


def trede_per_klant(peildatum: datetime.date, filter_: Filter) -> dict[int, int]:
    """Klant id -> trede or code at the peildatum: the stand as the instrument's plain dict."""
    query = geteld(peildatum, filter_, Klant.id, Meting.trede)
    return {klant_id: trede for klant_id, trede in query.tuples()}
