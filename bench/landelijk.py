"""National scale on PostgreSQL (issue 17, item 5): the stand and the stromen of reports/ for
one large gemeente and for the whole installation, at three sizes (not part of the tests).

    .venv/bin/python bench/landelijk.py                       # 20 000, 200 000, 1 000 000 klanten
    .venv/bin/python bench/landelijk.py --klanten 20000       # one size, to try
    .venv/bin/python bench/landelijk.py --url postgresql://postgres@127.0.0.1:55432/postgres

Without --url (or LANDELIJK_POSTGRES_URL, or TEST_POSTGRES_URL) it starts a throwaway server
with scripts/test-postgres.sh and removes it afterwards. Per size it creates a database of its
own, migrates it like the app's, fills it inside PostgreSQL (bench/landelijk_data.py: 340
gemeenten, about five metingen per klant), runs VACUUM ANALYZE, measures and drops it.

Goals: for one gemeente (the largest) the stand and the stromen each at most 1.5x the fastest
hand-written SQL (bench/landelijk_sql.py) and within 1 s; for the whole installation (the
benchmark, the one report over all organisations, and the stand and the stromen of every
organisation one after another) within 5 s. Report and hand-written SQL run in turns on the
same connection; the best of the repetitions counts. A size whose generation would not fit
in the time budget (--budget, estimated from the previous size) is skipped, and says so.
"""

import argparse
import datetime
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg2  # noqa: E402

import models  # noqa: E402
from bench import landelijk_data, landelijk_sql  # noqa: E402
from bench.reports import _beste  # noqa: E402 (run in turns, the best of each)

T0, T1 = datetime.date(2023, 12, 31), datetime.date(2024, 12, 31)
GEMEENTE = 1  # the largest gemeente, its own organisation (bench/landelijk_data.py)
GROOTTES = (20_000, 200_000, 1_000_000)  # klanten; about five metingen each
DOEL_GEMEENTE_S, DOEL_INSTALLATIE_S, DOEL_VERHOUDING = 1.0, 5.0, 1.5
BYTES_PER_KLANT = 4_000  # on disk, with indexes and WAL, measured at 200 000 klanten


def _vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """The PostgreSQL to use: the one given, or a throwaway one of our own (map set)."""

    def __init__(self, url: str | None):
        self.map = None
        if url:
            self.url = url
            return
        self.map = tempfile.mkdtemp(prefix="pl-landelijk-")
        script = str(ROOT / "scripts" / "test-postgres.sh")
        self.url = subprocess.run(
            ["bash", script, "start", self.map, str(_vrije_poort())],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def stop(self) -> None:
        if self.map:
            script = str(ROOT / "scripts" / "test-postgres.sh")
            subprocess.run(["bash", script, "stop", self.map], check=False)

    def url_van(self, database: str) -> str:
        return self.url.rsplit("/", 1)[0] + "/" + database

    def beheer(self):
        verbinding = psycopg2.connect(self.url)
        verbinding.autocommit = True
        return verbinding


def vul(server: Server, klanten: int) -> tuple[str, float, int]:
    """A new database of this size: (url, seconds to create and fill it, metingen)."""
    naam = f"pl_landelijk_{klanten}"
    beheer = server.beheer()
    with beheer.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{naam}"')
        cur.execute(f'CREATE DATABASE "{naam}"')
    beheer.close()
    url = server.url_van(naam)
    start = time.perf_counter()
    models.db.initialize(models.open_database(url, Path("/nonexistent")))
    models.db.connect()
    models.migrate()
    models.db.obj.close_all()  # the pool's too: ruim_op drops the database
    verbinding = psycopg2.connect(url)
    with verbinding.cursor() as cur:
        landelijk_data.genereer(cur, klanten)
    verbinding.commit()
    verbinding.autocommit = True
    with verbinding.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
        cur.execute("SELECT count(*) FROM meting")
        metingen = cur.fetchone()[0]
    verbinding.close()
    return url, time.perf_counter() - start, metingen


def ruim_op(server: Server, klanten: int) -> None:
    beheer = server.beheer()
    with beheer.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "pl_landelijk_{klanten}"')
    beheer.close()


def _hand(sql: str, **parameters) -> list[tuple]:
    return list(models.db.execute_sql(sql, parameters).fetchall())


def _snelste(naam: str, rapport, varianten: list, gelijk):
    """Check that every hand-written variant counts what the report counts; the fastest of
    one run each (the LATERAL per klant, or DISTINCT ON for the whole installation)."""
    uitkomst = rapport()
    tijden = []
    for variant in varianten:
        start = time.perf_counter()
        if not gelijk(uitkomst, variant()):
            raise AssertionError(f"{naam}: rapport en hand-SQL tellen verschillend")
        tijden.append((time.perf_counter() - start, variant))
    return min(tijden, key=lambda paar: paar[0])[1]


def _stand_rijen(stand) -> set[tuple]:
    return {
        (r.trede, r.aantal, r.plus, r.zonder, r.ontheffing, r.nieuw_p, r.lopend_p)
        for r in (*stand.treden, *stand.codes)
        if r.aantal
    }


def figuren(organisaties: list[int]) -> dict[str, tuple]:
    """Per figure: (report, hand-written SQL variants, check that both count the same, goal,
    scope)."""
    from reports import benchmark, stand, stromen
    from reports.filters import Bereik, Filter

    gemeente = Filter(bereik=Bereik(organisatie_id=GEMEENTE), gemeente_id=GEMEENTE)
    alle = [Filter(bereik=Bereik(organisatie_id=o)) for o in organisaties]
    een = {"org": GEMEENTE, "gemeente": GEMEENTE}

    def stand_gelijk(rapport, hand):
        return _stand_rijen(rapport) == set(hand)

    def stromen_gelijk(rapport, hand):
        return rapport.overgangen == {(v, n): a for v, n, a in hand}

    def alle_standen_gelijk(rapport, hand):
        per_org = {}
        for organisatie_id, *rij in hand:
            per_org.setdefault(organisatie_id, set()).add(tuple(rij))
        return {
            f.bereik.organisatie_id: _stand_rijen(s) for f, s in zip(alle, rapport, strict=True)
        } == {o: per_org.get(o, set()) for o in organisaties}

    def alle_stromen_gelijk(rapport, hand):
        per_org: dict[int, dict] = {o: {} for o in organisaties}
        for organisatie_id, van, naar, aantal in hand:
            per_org[organisatie_id][(van, naar)] = aantal
        return {
            f.bereik.organisatie_id: s.overgangen for f, s in zip(alle, rapport, strict=True)
        } == per_org

    def benchmark_gelijk(_rapport, hand):
        return sorted(benchmark._tellingen(T1, None)) == sorted(hand)

    return {
        "stand, één gemeente": (
            lambda: stand.stand(T1, gemeente),
            [lambda: _hand(landelijk_sql.STAND, p=T1, **een)],
            stand_gelijk,
            DOEL_GEMEENTE_S,
            "gemeente",
        ),
        "stromen, één gemeente": (
            lambda: stromen.stromen(T0, T1, gemeente),
            [lambda: _hand(landelijk_sql.STROMEN, t0=T0, t1=T1, **een)],
            stromen_gelijk,
            DOEL_GEMEENTE_S,
            "gemeente",
        ),
        "benchmark, hele installatie": (
            lambda: benchmark.benchmark(T1, None, GEMEENTE),
            [
                lambda: _hand(landelijk_sql.BENCHMARK, p=T1),
                lambda: _hand(landelijk_sql.BENCHMARK_DISTINCT, p=T1),
            ],
            benchmark_gelijk,
            DOEL_INSTALLATIE_S,
            "installatie",
        ),
        "stand, elke organisatie": (
            lambda: [stand.stand(T1, f) for f in alle],
            [
                lambda: _hand(landelijk_sql.STAND_ALLE, p=T1),
                lambda: _hand(landelijk_sql.STAND_ALLE_DISTINCT, p=T1),
            ],
            alle_standen_gelijk,
            DOEL_INSTALLATIE_S,
            "installatie",
        ),
        "stromen, elke organisatie": (
            lambda: [stromen.stromen(T0, T1, f) for f in alle],
            [
                lambda: _hand(landelijk_sql.STROMEN_ALLE, t0=T0, t1=T1),
                lambda: _hand(landelijk_sql.STROMEN_ALLE_DISTINCT, t0=T0, t1=T1),
            ],
            alle_stromen_gelijk,
            DOEL_INSTALLATIE_S,
            "installatie",
        ),
    }


def meet(url: str, herhalingen: int) -> list[tuple[str, float, float, float, str]]:
    """(figure, report s, hand-written s, goal s, scope) on the database at url."""
    models.db.initialize(models.open_database(url, Path("/nonexistent")))
    models.db.connect()
    try:
        organisaties = [o.id for o in models.Organisatie.select().order_by(models.Organisatie.id)]
        uitkomst = []
        for naam, (rapport, varianten, gelijk, doel, bereik) in figuren(organisaties).items():
            hand = _snelste(naam, rapport, varianten, gelijk)
            keer = herhalingen if bereik == "gemeente" else max(2, herhalingen // 2)
            uitkomst.append((naam, *_beste(rapport, hand, keer), doel, bereik))
            print(f"  {naam}: {uitkomst[-1][1]:.3f} s (hand-SQL {uitkomst[-1][2]:.3f} s)")
    finally:
        models.db.obj.close_all()  # the pool's too: ruim_op drops the database
    return uitkomst


def doelen(rijen) -> dict[str, bool]:
    """Each goal with its measured figure, and whether it was met."""
    uitkomst = {}
    for naam, rapport, hand, doel, bereik in rijen:
        verhouding = rapport / hand if hand else float("inf")
        if bereik == "gemeente":
            tekst = (
                f"{naam}: ≤ {str(DOEL_VERHOUDING).replace('.', ',')}x de hand-SQL en "
                f"≤ {doel:.0f} s "
                f"(gemeten {verhouding:.2f}x, {rapport:.3f} s)"
            )
            uitkomst[tekst] = verhouding <= DOEL_VERHOUDING and rapport <= doel
        else:
            tekst = f"{naam}: ≤ {doel:.0f} s (gemeten {rapport:.3f} s, {verhouding:.2f}x hand-SQL)"
            uitkomst[tekst] = rapport <= doel
    return uitkomst


def _print_grootte(klanten: int, metingen: int, rijen) -> bool:
    print(f"\n{klanten} klanten, {metingen} metingen")
    print(f"{'figuur':<30}{'rapport (s)':>13}{'hand-SQL (s)':>14}{'verhouding':>12}")
    for naam, rapport, hand, _doel, _bereik in rijen:
        print(f"{naam:<30}{rapport:>13.3f}{hand:>14.3f}{rapport / hand:>11.2f}x")
    gehaald = True
    for tekst, ok in doelen(rijen).items():
        print(f"- {'gehaald' if ok else 'niet gehaald'}: {tekst}")
        gehaald &= ok
    return gehaald


def _print_groei(resultaten: list[tuple[int, int, float, list]]) -> None:
    """The report's seconds per size, and the growth from the previous size."""
    if len(resultaten) < 2:
        return
    print("\nGroei (seconden van het rapport; tussen haakjes de factor t.o.v. de vorige grootte)")
    namen = [rij[0] for rij in resultaten[0][3]]
    kop = "".join(f"{f'{m} metingen':>22}" for _k, m, _g, _r in resultaten)
    print(f"{'figuur':<30}{kop}")
    for index, naam in enumerate(namen):
        cellen, vorige = [], None
        for _k, _m, _g, rijen in resultaten:
            waarde = rijen[index][1]
            factor = f" ({waarde / vorige:.1f}x)" if vorige else ""
            cellen.append(f"{f'{waarde:.3f}{factor}':>22}")
            vorige = waarde
        print(f"{naam:<30}{''.join(cellen)}")


def _print_instellingen(server: Server) -> None:
    """The server's version and the settings that matter most for these figures."""
    beheer = server.beheer()
    with beheer.cursor() as cur:
        waarden = []
        for naam in ("server_version", "shared_buffers", "work_mem", "max_parallel_workers"):
            cur.execute(f"SHOW {naam}")
            waarden.append(f"{naam} {cur.fetchone()[0]}")
    beheer.close()
    print(f"PostgreSQL: {', '.join(waarden)}; de app zet jit uit (models/sqlite.py)")


def _vrij_op_schijf(server: Server) -> int | None:
    return shutil.disk_usage(server.map).free if server.map else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--klanten", type=int, action="append", help="grootte(n), in klanten")
    parser.add_argument("--herhalingen", type=int, default=5)
    parser.add_argument("--budget", type=float, default=1800, help="seconden voor alles samen")
    parser.add_argument("--url", help="PostgreSQL-server (een database erop wordt aangemaakt)")
    parser.add_argument("--keep", action="store_true", help="databases niet weggooien")
    parser.add_argument("--strict", action="store_true", help="exitcode 1 als een doel mist")
    args = parser.parse_args()
    url = args.url or os.environ.get("LANDELIJK_POSTGRES_URL")
    url = url or os.environ.get("TEST_POSTGRES_URL")
    groottes = sorted(args.klanten or GROOTTES)
    print(
        f"Groottes: {', '.join(f'{k} klanten (~{k * 5} metingen)' for k in groottes)}; "
        f"tijdsbudget {args.budget:.0f} s; peildata {T0} en {T1}; "
        f"{args.herhalingen} herhalingen per gemeente, {max(2, args.herhalingen // 2)} "
        "per installatie"
    )
    begin = time.perf_counter()
    server = Server(url)
    resultaten, gehaald, per_klant = [], True, None
    _print_instellingen(server)
    try:
        for klanten in groottes:
            verstreken = time.perf_counter() - begin
            if per_klant is not None:
                schatting = per_klant * klanten
                if verstreken + schatting > args.budget:
                    print(
                        f"\n{klanten} klanten OVERGESLAGEN: genereren en meten zou naar schatting "
                        f"{schatting:.0f} s duren (vorige grootte naar verhouding), en na "
                        f"{verstreken:.0f} s past dat niet meer in het budget van "
                        f"{args.budget:.0f} s (--budget)."
                    )
                    gehaald = False
                    continue
            vrij = _vrij_op_schijf(server)
            if vrij is not None and vrij < 2 * BYTES_PER_KLANT * klanten:
                print(
                    f"\n{klanten} klanten OVERGESLAGEN: te weinig schijfruimte "
                    f"({vrij / 1e9:.0f} GB)"
                )
                gehaald = False
                continue
            start = time.perf_counter()
            db_url, duur, metingen = vul(server, klanten)
            print(f"\n{klanten} klanten, {metingen} metingen gegenereerd in {duur:.0f} s")
            try:
                rijen = meet(db_url, args.herhalingen)
            finally:
                if not args.keep:
                    ruim_op(server, klanten)
            per_klant = (time.perf_counter() - start) / klanten
            gehaald &= _print_grootte(klanten, metingen, rijen)
            resultaten.append((klanten, metingen, duur, rijen))
        _print_groei(resultaten)
    finally:
        server.stop()
    print(f"\nTotale duur {time.perf_counter() - begin:.0f} s.")
    return 1 if args.strict and not gehaald else 0


if __name__ == "__main__":
    sys.exit(main())
