"""Which meting counts (reports/peil.py): the forms PostgreSQL uses to find it, a LATERAL per
klant and DISTINCT ON over the whole installation, against the lookup by id that SQLite uses,
on data full of ties and metingen that must not count."""

import datetime
import random

import models
from models import Gemeente, Klant, Meting
from reports import peil
from reports.filters import Bereik, Filter
from tests.reports.test_rapporten_gegevens import Gegevens

DAGEN = [datetime.date(2025, 1, 1) + datetime.timedelta(days=d) for d in (0, 1, 30, 31, 200)]
BEVESTIGD = [None, datetime.datetime(2025, 8, 1, 9), datetime.datetime(2025, 8, 1, 10)]
STATUSSEN = ["definitief"] * 6 + ["vervangen", "concept", "ter_beoordeling", "afgewezen"]
KOLOMMEN = (Klant.id, Meting.id, Meting.trede, Meting.groeipotentieel, Meting.aanleiding)


def _vul(g: Gegevens, klanten: list[int], kans: random.Random) -> None:
    """Up to six metingen per klant on a few days, so that many share a meetdatum and a
    definitief_op (or have none); every status, uitstroom, codes 0/8/9."""
    for klant in klanten:
        for _ in range(kans.randint(0, 6)):
            trede = kans.choice([1, 2, 3, 4, 5, 6, 0, 8, 9])
            g.meting(
                klant,
                trede,
                kans.choice(["+", "0"]) if 1 <= trede <= 5 else None,
                status=kans.choice(STATUSSEN),
                meetdatum=kans.choice(DAGEN),
                definitief_op=kans.choice(BEVESTIGD),
                aanleiding=kans.choice(["intake", "jaarlijks", "jaarlijks", "uitstroom"]),
            )
    g.opslaan()


def _zoals_sqlite(peildatum: datetime.date, filter_: Filter) -> set[tuple]:
    """The counted metingen as SQLite finds them: its id per klant, then the row by that id."""
    query = (
        Klant.select(*KOLOMMEN)
        .join(Meting, on=(Meting.id == peil.laatste_meting(peildatum, Klant.id)))
        .where(*peil.telt(filter_, Klant, Meting))
    )
    return set(query.tuples())


def test_every_form_finds_the_same_meting(app, make_organisatie, make_gebruiker):
    org, buren = make_organisatie("Gemeente Gelijkdorp"), make_organisatie("Gemeente Buurdorp")
    hier = Gemeente.create(cbs_code="0001", naam="Gelijkdorp")
    daar = Gemeente.create(cbs_code="0002", naam="Buurdorp")
    g = Gegevens(org, make_gebruiker("klantmanager", organisatie=org))
    kans = random.Random(17)
    klanten = g.klanten(60, gemeente=hier.id) + g.klanten(30, gemeente=daar.id) + g.klanten(10)
    _vul(g, klanten, kans)
    anderen = Gegevens(buren, make_gebruiker("klantmanager", organisatie=buren))
    _vul(anderen, anderen.klanten(20, gemeente=hier.id), kans)
    filters = [
        Filter(Bereik(org.id)),
        Filter(Bereik(org.id), gemeente_id=hier.id),
        Filter(Bereik(org.id), aanleiding="intake"),
        Filter(Bereik(buren.id)),
    ]
    getest = 0
    for peildatum in sorted({d + datetime.timedelta(days=s) for d in DAGEN for s in (-1, 0)}):
        for filter_ in filters:
            verwacht = _zoals_sqlite(peildatum, filter_)
            assert set(peil.geteld(peildatum, filter_, *KOLOMMEN).tuples()) == verwacht
            installatie = peil.koppel_getelde(Klant.select(*KOLOMMEN), peildatum, installatie=True)
            assert set(installatie.where(*peil.telt(filter_, Klant, Meting)).tuples()) == verwacht
            getest += len(verwacht)
    # The data are not trivial: many klanten count, and ties on a day are common.
    assert getest > 300
    per_dag = Meting.select(Meting.klant, Meting.meetdatum).where(Meting.status == "definitief")
    assert per_dag.count() > per_dag.distinct().count() + 20


def test_lateral_only_on_postgresql(app):
    """SQLite knows no LATERAL: there the lookup by id stays."""
    sql, _ = peil.geteld(DAGEN[0], Filter(Bereik(1)), *KOLOMMEN).sql()
    assert ("LATERAL" in sql) is not models.is_sqlite()
