"""Does VasteQuery matter? The two selects every page of a meting runs (the session with its
user and organisation; the meting with its klant, 80 columns) timed three ways on SQLite in
the same run: through VasteQuery (SQL built once, models/vaste_query.py), as the plain
peewee query built anew each time (what the code would do without it), and a bare
`SELECT 1` as the baseline of what any query costs. Issue 16 point 6: VasteQuery uses
peewee's private API (`_get_cursor_wrapper`), so it stays only while this shows it saves a
real part of a request.

Run: .venv/bin/python bench/vaste_query.py [--runs N]
"""

import argparse
import datetime
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import models  # noqa: E402
from app import create_app  # noqa: E402
from models.gebruiker import hash_token  # noqa: E402
from services import metingen  # noqa: E402
from services.auth import _OPEN_SESSIE  # noqa: E402
from services.toegang import _METING_MET_KLANT  # noqa: E402

PER_RONDE = 200


def per_aanroep(functies: dict, runs: int) -> dict[str, float]:
    """Median microseconds per call; the rounds are interleaved so a busy machine slows
    every variant alike."""
    for functie in functies.values():
        functie()
    tijden = {naam: [] for naam in functies}
    for _ in range(runs):
        for naam, functie in functies.items():
            start = time.perf_counter()
            for _ in range(PER_RONDE):
                functie()
            tijden[naam].append((time.perf_counter() - start) / PER_RONDE * 1e6)
    return {naam: statistics.median(t) for naam, t in tijden.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.db", "SECRET_KEY": "bench"})
        models.db.connect(reuse_if_open=True)
        models.migrate()
        organisatie = models.Organisatie.create(naam="Gemeente Benchdorp", soort="gemeente")
        gebruiker = models.Gebruiker.create(
            naam="Bench",
            email="bench@benchdorp.nl",
            rol="klantmanager",
            organisatie=organisatie,
            wachtwoord_hash="x",
        )
        token = models.Sessie.start(gebruiker, models.utcnow())
        klant = models.Klant.create(
            bsn="111222333",
            achternaam="Berg",
            voornaam="Sanne",
            voorletters="S.",
            geboortedatum=datetime.date(1985, 4, 12),
            organisatie=organisatie,
        )
        with models.db.atomic():
            meting = metingen.leg_vast(
                klant,
                gebruiker,
                meetdatum=datetime.date(2026, 3, 2),
                aanleiding="intake",
                trede=4,
                groei=True,
                volgende_meetdatum=datetime.date(2027, 3, 2),
            )
        th = hash_token(token)
        sessie_peewee = _OPEN_SESSIE._bouw
        meting_peewee = _METING_MET_KLANT._bouw
        cursor = models.db.obj.cursor
        medianen = per_aanroep(
            {
                "SELECT 1": lambda: cursor().execute("SELECT 1").fetchall(),
                "sessie, VasteQuery": lambda: _OPEN_SESSIE.eerste(th),
                "sessie, peewee": lambda: sessie_peewee(th).first(),
                "meting, VasteQuery": lambda: _METING_MET_KLANT.eerste(meting.id),
                "meting, peewee": lambda: meting_peewee(meting.id).first(),
            },
            args.runs,
        )
    basis = medianen["SELECT 1"]
    print(f"SQLite, mediaan van {args.runs} rondes van {PER_RONDE} aanroepen, in µs per aanroep")
    print(f"{'query':<22}{'µs':>9}{'× SELECT 1':>12}")
    for naam, us in medianen.items():
        print(f"{naam:<22}{us:>9.1f}{us / basis:>12.1f}")
    for soort in ("sessie", "meting"):
        vast, peewee = medianen[f"{soort}, VasteQuery"], medianen[f"{soort}, peewee"]
        print(
            f"{soort}: peewee {peewee / vast:.2f}× zo duur als VasteQuery "
            f"({peewee - vast:.0f} µs per verzoek bespaard)"
        )


if __name__ == "__main__":
    main()
