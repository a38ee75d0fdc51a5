"""Benchmark of the import (not part of the test suite): an XLSX of 10 000 rows, dry run and
commit, as the two requests of the import page do them. Goal: at most 2.5 seconds together
(issue 17, item 4; it was 10 s before the file was read with calamine). The CPU time of the
process is shown beside it: on a busy machine the wall-clock time says more about the others.

    .venv/bin/python bench/import.py                  # 10 000 rows on a temporary SQLite db
    .venv/bin/python bench/import.py --rijen 20000    # the configured maximum
    DATABASE_URL=postgresql://… .venv/bin/python bench/import.py   # an empty PostgreSQL db

Half the rows are the second meting of a klant from the first half, so the file holds
5 000 new klanten with 10 000 new metingen.
"""

import argparse
import datetime
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import models  # noqa: E402
from exchange import batch, schrijvers  # noqa: E402
from exchange.bestand import Grenzen, soort_van  # noqa: E402
from exchange.kolommen import IMPORT_KOLOMMEN  # noqa: E402
from models import Gebruiker, Organisatie, Team, db  # noqa: E402

VANDAAG = datetime.date(2026, 3, 2)
DOEL = 2.5  # seconds, dry run and commit together
PADEN = {
    6: {"v1": "ja", "v2": "nee"},
    5: {"v1": "ja", "v2": "ja"},
    4: {"v1": "nee", "v3": "ja"},
    3: {"v1": "nee", "v3": "nee", "v4": "ja"},
    2: {"v1": "nee", "v3": "nee", "v4": "nee", "v5": "ja"},
    1: {"v1": "nee", "v3": "nee", "v4": "nee", "v5": "nee"},
}


def bsns(aantal: int, kans: random.Random) -> list[str]:
    """Distinct numbers that pass the 11-proef."""
    gevonden: set[str] = set()
    while len(gevonden) < aantal:
        cijfers = [kans.randint(1, 9)] + [kans.randint(0, 9) for _ in range(7)]
        rest = sum(c * (9 - i) for i, c in enumerate(cijfers)) % 11
        if rest < 10:
            gevonden.add("".join(map(str, cijfers)) + str(rest))
    return sorted(gevonden)


def rij(bsn: str, nummer: int, tweede: bool, kans: random.Random) -> dict:
    trede = kans.choice([1, 2, 3, 4, 5, 6])
    return {
        "bsn": bsn,
        "achternaam": f"Klant{nummer}",
        "voornaam": "Test",
        "geboortedatum": datetime.date(1970 + nummer % 40, 1 + nummer % 12, 1 + nummer % 28),
        "geslacht": "mvx"[nummer % 3],
        "postcode": "3511 AB",
        "woonplaats": "Utrecht",
        "meetdatum": datetime.date(2025, 6, 1) if tweede else datetime.date(2024, 6, 1),
        "aanleiding": "jaarlijks" if tweede else "intake",
        "volgende_meetdatum": datetime.date(2026, 6, 1) if tweede else datetime.date(2025, 6, 1),
        "klantmanager_email": "km@bench.nl",
        "team": "Team Bench",
        "trede": trede,
        "groeipotentieel": kans.choice("+0") if trede < 6 else "",
        "subgroepen": "1,3",
        "inkomenssituatie": "gemeentelijke_uitkering",
        "startkwalificatie": "nee",
        "lopend_p_instrument": kans.choice(["ja", "nee"]),
        "toelichting": "Gegenereerd voor de benchmark",
        **PADEN[trede],
    }


def bestand(aantal: int) -> bytes:
    kans = random.Random(42)
    nummers = bsns((aantal + 1) // 2, kans)
    rijen = [rij(b, i, False, kans) for i, b in enumerate(nummers)]
    rijen += [rij(b, i, True, kans) for i, b in enumerate(nummers)][: aantal - len(rijen)]
    return schrijvers.schrijf_xlsx([k.naam for k in IMPORT_KOLOMMEN], rijen)


def inrichten():
    organisatie = Organisatie.create(naam="Gemeente Bench", soort="gemeente")
    Team.create(organisatie=organisatie, naam="Team Bench")
    gebruiker = Gebruiker(
        naam="Bench", email="km@bench.nl", rol="klantmanager", organisatie=organisatie
    )
    gebruiker.wachtwoord_hash = "-"
    gebruiker.save()
    return gebruiker


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rijen", type=int, default=10_000)
    args = parser.parse_args()
    import os

    with tempfile.TemporaryDirectory() as tmp:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.db"
        db.initialize(models.open_database(url, Path(tmp) / "bench.db"))
        db.connect()
        models.migrate()
        gebruiker = inrichten()
        inhoud = bestand(args.rijen)
        grenzen = Grenzen(max_rijen=max(args.rijen, Grenzen.max_rijen))
        print(f"{args.rijen} rijen, XLSX van {len(inhoud) / 1024:.0f} kB")
        start, cpu = time.perf_counter(), time.process_time()
        soort = soort_van("bench.xlsx", "", inhoud, grenzen)
        tabel, uitslag = batch.proef(inhoud, soort, gebruiker, VANDAAG, grenzen)
        now = datetime.datetime(2026, 3, 2, 9, 0)
        with db.atomic():
            rij_batch = batch.bewaar(gebruiker, "bench.xlsx", soort, tabel, uitslag, now)
        proef = time.perf_counter() - start
        start = time.perf_counter()
        with db.atomic():
            uitslag, gedaan = batch.verwerk(rij_batch, gebruiker, False, now, VANDAAG)
        verwerk = time.perf_counter() - start
        cpu = time.process_time() - cpu
        verslag = uitslag.rapport()
        assert gedaan and verslag["fouten"] == [], verslag["fouten"][:5]
        print(f"proefimport: {proef:.2f} s (fouten: {verslag['aantal_fouten']})")
        print(
            f"inlezen:     {verwerk:.2f} s ({verslag['klanten_nieuw']} klanten, "
            f"{verslag['metingen_nieuw']} metingen)"
        )
        print(f"totaal:      {proef + verwerk:.2f} s (doel: hoogstens {DOEL:g} s)")
        print(f"CPU-tijd:    {cpu:.2f} s")
        oordeel = "gehaald" if proef + verwerk <= DOEL else "NIET gehaald"
        print(
            f"\n- {oordeel}: proefimport en inlezen samen ≤ {DOEL:g} s ({proef + verwerk:.1f} s; "
            f"CPU-tijd {cpu:.1f} s)"
        )
        db.close()


if __name__ == "__main__":
    main()
