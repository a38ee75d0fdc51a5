"""Benchmark of the report queries on a large SQLite database (not part of the test suite).

    .venv/bin/python bench/reports.py                      # 250 000 klanten, 1 000 000 metingen
    .venv/bin/python bench/reports.py --klanten 25000 --metingen 100000   # try smaller first
    .venv/bin/python bench/reports.py --db /tmp/bench.db --keep           # reuse the data set

Generates the data with bulk inserts in a temporary SQLite database migrated like the app's
(in a child process, so that its memory does not count below), then times the stand
(Figure 2.2) and the stromen (Figure 2.3) of reports/ against the fastest SQL written by hand
for the same figure, in the same process on the same data. While the reports run, the
process's resident memory (VmRSS) is sampled every 20 ms. Goals: each figure at most 1.5x
the hand-written SQL and within its time (stand 1 s, stromen 2 s); RSS at most 200 MB.
"""

import argparse
import datetime
import multiprocessing
import random
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import models  # noqa: E402
from models import (  # noqa: E402
    Gebruiker,
    Gemeente,
    Klant,
    Meting,
    Organisatie,
    OrganisatieGemeente,
    Team,
    db,
)

ORGANISATIE_ID = 1
T0, T1 = datetime.date(2023, 12, 31), datetime.date(2024, 12, 31)
EERSTE_DAG = datetime.date(2018, 1, 1)
STATUSSEN = ["definitief"] * 92 + ["vervangen"] * 3 + ["concept"] * 3 + ["ter_beoordeling"] * 2
AANLEIDINGEN = ["jaarlijks", "jaarlijks", "start_traject", "afronding_traject", "overig"]
_METINGKOLOMMEN = (
    "klant organisatie status meetdatum aanleiding trede groeipotentieel "
    "vrijstelling_arbeidsplicht lopend_p_instrument nieuw_p_instrument volgende_meetdatum "
    "klantmanager team invoerder aangemaakt gewijzigd definitief_op"
)
KOLOMMEN = [getattr(Meting, naam) for naam in _METINGKOLOMMEN.split()]


def _bulk(model, fields, rows) -> None:
    """Insert rows in chunks that stay under SQLite's limit of bound variables (peewee fills
    in the defaults of the columns not given, so the data set follows the schema)."""
    per_chunk = 32_000 // len(fields)
    for start in range(0, len(rows), per_chunk):
        model.insert_many(rows[start : start + per_chunk], fields=fields).execute()


def _basis(rng: random.Random) -> tuple[list[int], list[int]]:
    """Two organisations, five gemeenten, twenty teams and a hundred klantmanagers."""
    for nummer in (1, 2):
        Organisatie.create(id=nummer, naam=f"Benchstad {nummer}", soort="gemeente")
    for nummer in range(1, 6):
        Gemeente.create(id=nummer, cbs_code=f"{nummer:04d}", naam=f"Gemeente {nummer}")
        OrganisatieGemeente.create(organisatie=ORGANISATIE_ID, gemeente=nummer)
    teams = [Team.create(organisatie=ORGANISATIE_ID, naam=f"Team {n}").id for n in range(20)]
    nu = datetime.datetime(2025, 1, 1)
    fields = [Gebruiker.naam, Gebruiker.email, Gebruiker.wachtwoord_hash, Gebruiker.rol]
    fields += [Gebruiker.organisatie, Gebruiker.team, Gebruiker.aangemaakt]
    rows = [
        (f"Klantmanager {n}", f"km{n}@bench.nl", "-", "klantmanager", 1, rng.choice(teams), nu)
        for n in range(100)
    ]
    _bulk(Gebruiker, fields, rows)
    return teams, [g.id for g in Gebruiker.select(Gebruiker.id)]


def _klanten(aantal: int, rng: random.Random) -> None:
    """Klanten of organisation 1, and one in twenty of organisation 2."""
    nu = datetime.datetime(2025, 1, 1)
    fields = [Klant.bsn, Klant.achternaam, Klant.geboortedatum, Klant.organisatie]
    fields += [Klant.gemeente, Klant.aangemaakt, Klant.gewijzigd]
    rows = [
        (
            f"{n:09d}",
            f"Klant {n}",
            datetime.date(1980, 1, 1),
            2 if n % 20 == 0 else 1,
            rng.randint(1, 5),
            nu,
            nu,
        )
        for n in range(1, aantal + 1)
    ]
    _bulk(Klant, fields, rows)


def _reeks(klant: int, aantal: int, rng: random.Random, teams, kms) -> list[tuple]:
    """The metingen of one klant: a random walk on the ladder, roughly yearly."""
    rows, trede = [], rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6])
    datum = EERSTE_DAG + datetime.timedelta(days=rng.randrange(2400))
    km, team = rng.choice(kms), rng.choice(teams)
    for volgnummer in range(aantal):
        trede = max(1, min(6, trede + rng.choice([-1, 0, 0, 1, 1])))
        waarde = rng.choice([0, 8, 9]) if rng.random() < 0.03 else trede
        laatste = volgnummer == aantal - 1
        aanleiding = "uitstroom" if laatste and rng.random() < 0.08 else rng.choice(AANLEIDINGEN)
        groei = None if waarde in (0, 6, 8, 9) else rng.choice("+0")
        moment = datetime.datetime.combine(datum, datetime.time(10))
        rows.append(
            (
                klant,
                ORGANISATIE_ID,
                rng.choice(STATUSSEN),
                datum,
                aanleiding,
                waarde,
                groei,
                rng.choice(["nee", "nee", "ja", ""]),
                rng.choice(["ja", "nee"]),
                rng.choice(["ja", "nee", "nee"]),
                datum + datetime.timedelta(days=365),
                km,
                team,
                km,
                moment,
                moment,
                moment,
            )
        )
        datum += datetime.timedelta(days=rng.randrange(120, 400))
    return rows


def _metingen(klanten: int, metingen: int, rng: random.Random, teams, kms) -> None:
    """Spread the metingen over the klanten (at least one each), with one subgroep each."""
    aantallen = [1] * klanten
    for _ in range(metingen - klanten):
        aantallen[rng.randrange(klanten)] += 1
    batch: list[tuple] = []
    for klant, aantal in enumerate(aantallen, start=1):
        batch.extend(_reeks(klant, aantal, rng, teams, kms))
        if len(batch) >= 50_000 or klant == klanten:
            _bulk(Meting, KOLOMMEN, batch)
            batch = []
    db.execute_sql(
        "INSERT INTO meting_subgroep (meting_id, subgroep) "
        "SELECT id, CAST(1 + id % 7 AS TEXT) FROM meting"
    )


def genereer(klanten: int, metingen: int, seed: int) -> None:
    """Fill the empty, migrated database."""
    rng = random.Random(seed)
    db.execute_sql("PRAGMA synchronous=OFF")
    with db.atomic():
        teams, kms = _basis(rng)
        _klanten(klanten, rng)
        _metingen(klanten, max(metingen, klanten), rng, teams, kms)
    db.execute_sql("PRAGMA synchronous=FULL")


# --- the hand-written SQL: the fastest formulation found for each figure ---
# Tried on the full data set: ROW_NUMBER() OVER (PARTITION BY klant ...) takes about 3x as
# long as the correlated LIMIT 1 subquery on SQLite (it sorts every definitive meting); for
# the stromen a CTE per peildatum joined on klant is quadratic there, a UNION ALL of both
# peildata grouped per klant is about 10 % slower than the one pass over klant below, which
# only has to skip the pair (NULL, NULL) afterwards.

HAND_STAND = """
SELECT m.trede, COUNT(*), SUM(m.groeipotentieel = '+')
FROM klant k
JOIN meting m ON m.id = (
    SELECT l.id FROM meting l
    WHERE l.klant_id = k.id AND l.status = 'definitief' AND l.meetdatum <= :p
    ORDER BY l.meetdatum DESC, l.definitief_op DESC NULLS LAST, l.id DESC LIMIT 1)
WHERE k.organisatie_id = :org AND m.aanleiding <> 'uitstroom'
GROUP BY m.trede
"""

HAND_STROMEN = """
SELECT van, naar, COUNT(*) FROM (
    SELECT
        (SELECT m.trede FROM meting m WHERE m.id = (
            SELECT l.id FROM meting l
            WHERE l.klant_id = k.id AND l.status = 'definitief' AND l.meetdatum <= :t0
            ORDER BY l.meetdatum DESC, l.definitief_op DESC NULLS LAST, l.id DESC LIMIT 1)
         AND m.aanleiding <> 'uitstroom' AND m.trede BETWEEN 1 AND 6) AS van,
        (SELECT m.trede FROM meting m WHERE m.id = (
            SELECT l.id FROM meting l
            WHERE l.klant_id = k.id AND l.status = 'definitief' AND l.meetdatum <= :t1
            ORDER BY l.meetdatum DESC, l.definitief_op DESC NULLS LAST, l.id DESC LIMIT 1)
         AND m.aanleiding <> 'uitstroom' AND m.trede BETWEEN 1 AND 6) AS naar
    FROM klant k WHERE k.organisatie_id = :org)
GROUP BY van, naar
"""


def _hand(sql: str, **params) -> list[tuple]:
    """Run hand-written SQL with named parameters on the raw sqlite3 connection."""
    return db.connection().execute(sql, params).fetchall()


def _beste(rapport, hand, herhalingen: int) -> tuple[float, float]:
    """The best wall-clock seconds of each, run in turns so both see the same load."""
    tijden: dict[object, list[float]] = {rapport: [], hand: []}
    for _ in range(herhalingen):
        for functie, lijst in tijden.items():
            start = time.perf_counter()
            functie()
            lijst.append(time.perf_counter() - start)
    return min(tijden[rapport]), min(tijden[hand])


def meet(herhalingen: int) -> list[tuple[str, float, float, float]]:
    """(figure, report seconds, hand-written seconds, goal) for stand and stromen."""
    from reports import stand as stand_rapport
    from reports import stromen as stromen_rapport
    from reports.filters import Bereik, Filter

    filter_ = Filter(bereik=Bereik(organisatie_id=ORGANISATIE_ID))
    figuren = {
        "stand": (
            lambda: stand_rapport.stand(T1, filter_),
            lambda: _hand(HAND_STAND, p=T1.isoformat(), org=ORGANISATIE_ID),
            1.0,
        ),
        "stromen": (
            lambda: stromen_rapport.stromen(T0, T1, filter_),
            lambda: _hand(HAND_STROMEN, t0=T0.isoformat(), t1=T1.isoformat(), org=ORGANISATIE_ID),
            2.0,
        ),
    }
    _controleer(
        *(functie() for rapport, hand, _ in figuren.values() for functie in (rapport, hand))
    )
    return [
        (naam, *_beste(rapport, hand, herhalingen), doel)
        for naam, (rapport, hand, doel) in figuren.items()
    ]


def _controleer(stand, hand_stand, stromen, hand_stromen) -> None:
    """Both ways must count the same, or the timing means nothing."""
    rijen = (*stand.treden, *stand.codes)
    assert {r.trede: (r.aantal, r.plus) for r in rijen if r.aantal} == {
        trede: (aantal, plus or 0) for trede, aantal, plus in hand_stand
    }, "stand: rapport en hand-SQL verschillen"
    assert stromen.overgangen == {
        (van, naar): aantal for van, naar, aantal in hand_stromen if (van, naar) != (None, None)
    }, "stromen: rapport en hand-SQL verschillen"
    print(f"Rapport en hand-SQL tellen hetzelfde ({stand.op_ladder} klanten op de ladder).")


DOEL_RSS_MB = 200


def _open(pad: Path) -> None:
    models.db.initialize(models.open_database(f"sqlite:///{pad}", pad))
    models.db.connect()
    models.migrate()


def _genereer_apart(pad: str, klanten: int, metingen: int, seed: int) -> None:
    """In the child process: fill the database."""
    _open(Path(pad))
    try:
        if Klant.select().count() == 0:
            genereer(klanten, metingen, seed)
    finally:
        models.db.close_all()


def _rss_kb() -> int:
    for regel in Path("/proc/self/status").read_text().splitlines():
        if regel.startswith("VmRSS:"):
            return int(regel.split()[1])
    return 0


class RssMeter:
    """The process's VmRSS, sampled in a thread while the reports run."""

    def __init__(self, interval: float = 0.02):
        self.interval = interval
        self.waarden: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._meet, daemon=True)

    def _meet(self) -> None:
        while not self._stop.is_set():
            self.waarden.append(_rss_kb())
            self._stop.wait(self.interval)

    def __enter__(self):
        self.waarden.append(_rss_kb())
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.waarden.append(_rss_kb())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--klanten", type=int, default=250_000)
    parser.add_argument("--metingen", type=int, default=1_000_000)
    parser.add_argument("--herhalingen", type=int, default=7)
    parser.add_argument("--seed", type=int, default=2009)
    parser.add_argument("--db", help="SQLite file; reused when it exists (with --keep)")
    parser.add_argument("--keep", action="store_true", help="keep the database file afterwards")
    parser.add_argument("--strict", action="store_true", help="exitcode 1 als een doel mist")
    args = parser.parse_args()
    pad = Path(args.db or tempfile.mkstemp(prefix="pl-bench-", suffix=".db")[1])
    try:
        start = time.perf_counter()
        kind = multiprocessing.get_context("spawn").Process(
            target=_genereer_apart, args=(str(pad), args.klanten, args.metingen, args.seed)
        )
        kind.start()
        kind.join()
        if kind.exitcode != 0:
            raise SystemExit(f"genereren mislukt (exitcode {kind.exitcode})")
        print(f"Database klaar in {time.perf_counter() - start:.0f} s: {pad}")
        _open(pad)
        print(f"{Klant.select().count()} klanten, {Meting.select().count()} metingen")
        with RssMeter() as rss:
            rijen = meet(args.herhalingen)
        gehaald = _print(rijen, rss.waarden)
    finally:
        if not models.db.is_closed():
            models.db.close_all()
        if not args.keep:
            for pad_deel in (pad, Path(f"{pad}-wal"), Path(f"{pad}-shm")):
                pad_deel.unlink(missing_ok=True)
    return 1 if args.strict and not gehaald else 0


def _print(rijen: list[tuple[str, float, float, float]], rss_kb: list[int]) -> bool:
    """The results as a table: seconds, ratio to the hand-written SQL, and the goals."""
    print(f"{'figuur':<10}{'rapport (s)':>13}{'hand-SQL (s)':>14}{'verhouding':>12}  doel")
    doelen = {}
    for naam, rapport, hand, doel in rijen:
        verhouding = rapport / hand if hand else float("inf")
        ok = verhouding <= 1.5 and rapport <= doel
        doelen[f"{naam}: ≤ 1,5x de hand-SQL en ≤ {doel:.0f} s"] = ok
        print(
            f"{naam:<10}{rapport:>13.3f}{hand:>14.3f}{verhouding:>11.2f}x"
            f"  ≤ 1,5x en ≤ {doel:.0f} s: {'ok' if ok else 'TE TRAAG'}"
        )
    begin_mb, max_mb = rss_kb[0] * 1024 / 1e6, max(rss_kb) * 1024 / 1e6
    print(
        f"\nRSS van dit proces tijdens de rapporten: begin {begin_mb:.0f} MB, "
        f"max {max_mb:.0f} MB ({len(rss_kb)} metingen van VmRSS; het genereren liep in een "
        "eigen proces)"
    )
    doelen[f"RSS ≤ {DOEL_RSS_MB} MB tijdens de rapporten (max {max_mb:.0f} MB)"] = (
        max_mb <= DOEL_RSS_MB
    )
    print()
    for doel, ok in doelen.items():
        print(f"- {'gehaald' if ok else 'NIET gehaald'}: {doel}")
    return all(doelen.values())


if __name__ == "__main__":
    sys.exit(main())
