"""What one request of a meting costs the app itself: complete metingen through Flask's test
client (no HTTP server, no other threads), the same flow and answers as bench/load.py, on a
new SQLite database. Prints the CPU time per request and the number of queries per request
for each step; with --profiel also the functions that take the most time (cProfile).

Not a benchmark with a goal (bench/run_all.py skips it): a tool to see where the time goes.

Run: .venv/bin/python bench/profiel.py [--metingen 24] [--profiel [--top 40] [--bewaar FILE]]
"""

import argparse
import cProfile
import importlib
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import models  # noqa: E402

load = importlib.import_module("load")


class Teller:
    """Queries per step: every statement peewee sends (BEGIN and COMMIT not counted)."""

    def __init__(self):
        self.stap = "?"
        self.queries: Counter = Counter()
        self.verzoeken: Counter = Counter()

    def installeer(self) -> None:
        database = type(models.db.obj)
        origineel = database.execute_sql
        teller = self

        def execute_sql(self, sql, params=None, *args, **kwargs):
            teller.queries[teller.stap] += 1
            return origineel(self, sql, params, *args, **kwargs)

        database.execute_sql = execute_sql


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--metingen", type=int, default=24)
    parser.add_argument("--profiel", action="store_true", help="cProfile, gesorteerd op tijd")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--bewaar", help="het profiel ook in dit bestand (voor pstats)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="pl-bench-profiel-") as tmp:
        client, klanten = load.ingelogde_testclient(f"sqlite:///{Path(tmp) / 'profiel.db'}")

        teller = Teller()
        teller.installeer()

        def verzoek(stap: str, methode: str, pad: str, data=None):
            teller.stap = stap
            teller.verzoeken[stap] += 1
            response = client.open(pad, method=methode, data=data)
            locatie = response.headers.get("Location", "")
            return response.status_code, locatie, response.get_data(as_text=True)

        def meet(klant_id: int, route: dict) -> None:
            load.meting_met_testclient(verzoek, klant_id, route)

        for n in range(2):  # warm-up: imports, templates, the first connection
            meet(klanten[n], load.ROUTES[n % 2])
        teller.queries.clear()
        teller.verzoeken.clear()

        profiel = cProfile.Profile() if args.profiel else None
        wand, cpu = time.perf_counter(), time.process_time()
        if profiel:
            profiel.enable()
        for n in range(args.metingen):
            meet(klanten[n % len(klanten)], load.ROUTES[n % 2])
        if profiel:
            profiel.disable()
        wand, cpu = time.perf_counter() - wand, time.process_time() - cpu
        getattr(models.db.obj, "close_all", models.db.close)()

    totaal = sum(teller.verzoeken.values())
    print(
        f"{args.metingen} metingen, {totaal} verzoeken: {cpu * 1000 / totaal:.2f} ms CPU-tijd en "
        f"{wand * 1000 / totaal:.2f} ms wandkloktijd per verzoek, "
        f"{sum(teller.queries.values()) / totaal:.1f} queries per verzoek"
        + (" (met cProfile: trager)" if profiel else "")
    )
    print("\n| stap | verzoeken | queries per verzoek |\n|---|---:|---:|")
    for stap, aantal in teller.verzoeken.items():
        print(f"| {stap} | {aantal} | {teller.queries[stap] / aantal:.1f} |")
    if profiel:
        if args.bewaar:
            profiel.dump_stats(args.bewaar)
        print()
        pstats.Stats(profiel).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
