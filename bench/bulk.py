"""Benchmark of the bulk exports (not part of the test suite; issue 17, item 4): the
participatiedatabase of 16 000 metingen as XLSX (goal: at most 3 s), as XML and as CSV, and
the peak memory of an import and of an export (each format, written into its temporary file
and read out as the response sends it) of 10 000 against 100 000 rows.

    .venv/bin/python bench/bulk.py                 # on a temporary SQLite database
    .venv/bin/python bench/bulk.py --zonder-geheugen  # only the times (some 30 s less)

The metingen are put in by the import itself (bench/import.py's file: klanten with two
metingen each). Memory is measured in a fresh process per size (its RSS, read every 10 ms,
above what it held at the start), so one measurement cannot hide in another's; "vlak"
means the 100 000 rows take at most 2× the memory of 10 000 (ten times the rows).
"""

import argparse
import datetime
import importlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import models  # noqa: E402
from exchange import batch, export, rijen  # noqa: E402
from exchange.bestand import Grenzen, soort_van  # noqa: E402
from models import Klant, db  # noqa: E402

bench_import = importlib.import_module("bench.import")
NU = datetime.datetime(2026, 3, 2, 9, 0)
DOEL_XLSX = 3.0
DOEL_XML = 3.0
MAX_SECONDEN = 300  # per child process measuring memory
STUK = 64 * 1024
FORMATEN = ("xlsx", "xml", "csv")


def vul(aantal: int):
    """A database with `aantal` metingen, put in by the import; the user."""
    gebruiker = bench_import.inrichten()
    inhoud = bench_import.bestand(aantal)
    # Room for the 100 000 rows of the memory measurement (the app takes 20 000, 5 MB).
    grenzen = Grenzen(max_rijen=max(aantal, 20_000), max_bytes=2**30, max_uitgepakt=2**32)
    soort = soort_van("bench.xlsx", "", inhoud, grenzen)
    tabel, uitslag = batch.proef(inhoud, soort, gebruiker, bench_import.VANDAAG, grenzen)
    with db.atomic():
        rij = batch.bewaar(gebruiker, "bench.xlsx", soort, tabel, uitslag, NU)
        batch.verwerk(rij, gebruiker, False, NU, bench_import.VANDAAG)
    return gebruiker


def exporteer(formaat: str, gebruiker) -> tuple[float, float, export.Export, int]:
    """One export as the export page makes it (with persoonsgegevens, into a temporary file,
    then read out in the response's chunks); the time and CPU time of making it, the size."""
    klanten = Klant.select().where(Klant.organisatie == gebruiker.organisatie_id)
    start, cpu = time.perf_counter(), time.process_time()
    with export.tijdelijk_bestand() as uit:
        with db.atomic():
            bestand = export.maak(formaat, rijen.metingen(klanten, rijen.Selectie()), True, NU, uit)
        seconden, cpu = time.perf_counter() - start, time.process_time() - cpu
        grootte = uit.tell()
        uit.seek(0)
        while uit.read(STUK):  # as the response sends it (views.download.Stukken)
            pass
    return seconden, cpu, bestand, grootte


def open_db(tmp: str) -> None:
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bulk.db"
    db.initialize(models.open_database(url, Path(tmp) / "bulk.db"))
    db.connect()
    models.migrate()


def tijden(aantal: int) -> list[tuple[str, float, float | None]]:
    """(what, seconds, goal) of every export of `aantal` metingen."""
    with tempfile.TemporaryDirectory() as tmp:
        open_db(tmp)
        gebruiker = vul(aantal)
        uitkomst = []
        for formaat, doel in (("xlsx", DOEL_XLSX), ("xml", DOEL_XML), ("csv", None)):
            seconden, cpu, bestand, grootte = exporteer(formaat, gebruiker)
            assert bestand.aantal == aantal, bestand.aantal
            print(
                f"export {formaat}: {seconden:.2f} s, CPU-tijd {cpu:.2f} s "
                f"({bestand.aantal} metingen, {grootte / 1024:.0f} kB)",
                flush=True,
            )
            uitkomst.append((formaat, seconden, doel))
        db.close()
    return uitkomst


def geheugen_kind(soort: str, pad: str, formaat: str) -> None:
    """In a child process: the peak RSS of one import (dry run + commit) of the file at pad,
    or of one export (made into its temporary file and read out) of the database at pad,
    above what the process held before."""
    with tempfile.TemporaryDirectory() as tmp:
        if soort == "export":
            db.initialize(models.open_database(f"sqlite:///{pad}", Path(pad)))
            db.connect()
            gebruiker = models.Gebruiker.get(models.Gebruiker.email == "km@bench.nl")
            with Piek() as piek:
                exporteer(formaat, gebruiker)
        else:
            open_db(tmp)
            gebruiker = bench_import.inrichten()
            inhoud = Path(pad).read_bytes()
            grenzen = Grenzen(max_rijen=200_000)
            with Piek() as piek:
                proef = batch.proef(inhoud, "xlsx", gebruiker, bench_import.VANDAAG, grenzen)
                with db.atomic():
                    rij = batch.bewaar(gebruiker, "bench.xlsx", "xlsx", *proef, NU)
                    batch.verwerk(rij, gebruiker, False, NU, bench_import.VANDAAG)
        print(f"{piek.begin:.0f} {piek.hoogste:.0f}")
        db.close()


class Piek:
    """The highest RSS of this process while it runs, read every 10 ms (ru_maxrss would
    hold the peak of whatever came before, such as the migrations)."""

    def __init__(self):
        self.hoogste = self.begin = _rss_mb()
        self._stop = threading.Event()
        self._draad = threading.Thread(target=self._meet, daemon=True)

    def _meet(self) -> None:
        while not self._stop.wait(0.01):
            self.hoogste = max(self.hoogste, _rss_mb())

    def __enter__(self) -> "Piek":
        self._draad.start()
        return self

    def __exit__(self, *fout) -> None:
        self._stop.set()
        self._draad.join()
        self.hoogste = max(self.hoogste, _rss_mb())


def _rss_mb() -> float:
    pagina = os.sysconf("SC_PAGE_SIZE")
    return int(Path("/proc/self/statm").read_text().split()[1]) * pagina / 1024 / 1024


def geheugen(soort: str, aantal: int) -> dict[str, tuple[float, float] | None]:
    """(before, peak) in MB of a fresh process per measurement (the import; the export in
    each format); None when it did not finish in time.

    The file to import, or the database to export, is made here first, so that making it
    does not count in the child's memory."""
    uitkomst = {}
    with tempfile.TemporaryDirectory() as tmp:
        if soort == "import":
            pad = Path(tmp) / "bulk.xlsx"
            pad.write_bytes(bench_import.bestand(aantal))
        else:
            pad = Path(tmp) / "bulk.db"
            db.initialize(models.open_database(f"sqlite:///{pad}", pad))
            db.connect()
            models.migrate()
            vul(aantal)
            db.close()
        for formaat in FORMATEN if soort == "export" else ("xlsx",):
            naam = f"{soort} {formaat}" if soort == "export" else soort
            uitkomst[naam] = _kind(naam, aantal, soort, pad, formaat)
    return uitkomst


def _kind(naam: str, aantal: int, soort: str, pad: Path, formaat: str):
    commando = [sys.executable, __file__, "--kind", soort, "--pad", str(pad)]
    try:
        result = subprocess.run(
            [*commando, "--formaat", formaat],
            capture_output=True,
            text=True,
            timeout=MAX_SECONDEN,
            check=True,
        )
    except (subprocess.TimeoutExpired, subprocess.CalledProcessError) as fout:
        print(f"geheugen {naam} {aantal}: mislukt ({type(fout).__name__})", flush=True)
        return None
    voor, piek = (float(w) for w in result.stdout.split()[-2:])
    return voor, piek


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--metingen", type=int, default=16_000)
    parser.add_argument("--zonder-geheugen", action="store_true")
    parser.add_argument("--kind", choices=["import", "export"], help=argparse.SUPPRESS)
    parser.add_argument("--pad", help=argparse.SUPPRESS)
    parser.add_argument("--formaat", default="xlsx", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.kind:
        geheugen_kind(args.kind, args.pad, args.formaat)
        return
    oordelen = []
    for formaat, seconden, doel in tijden(args.metingen):
        if doel is not None:
            oordeel = "gehaald" if seconden <= doel else "NIET gehaald"
            oordelen.append(
                f"- {oordeel}: export {formaat} van {args.metingen} metingen ≤ {doel:g} s "
                f"({seconden:.1f} s)"
            )
    if not args.zonder_geheugen:
        for soort in ("import", "export"):
            klein, groot = geheugen(soort, 10_000), geheugen(soort, 100_000)
            for naam in klein:
                oordelen.append(_vlak(naam, klein[naam], groot[naam]))
    print("\n" + "\n".join(oordelen))


def _vlak(naam: str, klein, groot) -> str:
    if klein is None or groot is None:
        return f"- NIET gemeten: geheugen {naam} (zie hierboven)"
    groei_klein, groei_groot = klein[1] - klein[0], groot[1] - groot[0]
    print(
        f"geheugen {naam}: 10 000 rijen piek {klein[1]:.0f} MB "
        f"(+{groei_klein:.0f} MB), 100 000 rijen piek {groot[1]:.0f} MB "
        f"(+{groei_groot:.0f} MB)",
        flush=True,
    )
    vlak = groei_groot <= 2 * max(groei_klein, 1)
    return (
        f"- {'gehaald' if vlak else 'NIET gehaald'}: geheugen {naam} vlak "
        f"(100 000 rijen ≤ 2× 10 000: +{groei_groot:.0f} MB tegen +{groei_klein:.0f} MB)"
    )


if __name__ == "__main__":
    main()
