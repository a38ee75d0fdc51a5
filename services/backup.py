"""Backup and restore of the whole database: SQLite through its online backup API, PostgreSQL
through pg_dump's custom format and pg_restore. No Flask here; commands.py asks and reports.

A backup holds every BSN of the installation: it is created owner-only (0600) and never over
an existing file."""

import os
import shutil
import sqlite3
import subprocess  # noqa: S404 (pg_dump and pg_restore, with fixed arguments)
from pathlib import Path

from peewee import SqliteDatabase

SQLITE_KOP = b"SQLite format 3\x00"
POSTGRES_KOP = b"PGDMP"


class BackupFout(Exception):
    """A refusal with a Dutch message for the operator; nothing has been changed."""


def maak(database, doel: Path) -> None:
    """Write a consistent backup of `database` (the peewee database) to the new file `doel`."""
    fd = _nieuw_bestand(doel)
    try:
        if _is_sqlite(database):
            os.close(fd)
            _sqlite_kopie(database.database, doel)
        else:
            with os.fdopen(fd, "wb") as uit:
                dump = [_pg_bin("pg_dump"), "--format=custom", f"--dbname={_url(database)}"]
                _draai(database, dump, uit)
    except BaseException:
        doel.unlink(missing_ok=True)  # never leave half a backup that looks like one
        raise


def herstel(database, bron: Path) -> None:
    """Replace the database's contents by the backup `bron` (checked first)."""
    controleer(database, bron)
    if _is_sqlite(database):
        _sqlite_kopie(str(bron), Path(database.database))
    else:
        _draai(
            database,
            [
                _pg_bin("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",
                "--no-owner",
                f"--dbname={_url(database)}",
                str(bron),
            ],
        )


def controleer(database, bron: Path) -> None:
    """Refuse a missing file or one that is not a backup of this kind of database."""
    if not bron.is_file():
        raise BackupFout(f"Het bestand {bron} bestaat niet. Er is niets gewijzigd.")
    with bron.open("rb") as bestand:
        kop = bestand.read(len(SQLITE_KOP))
    verwacht, soort = (
        (SQLITE_KOP, "SQLite") if _is_sqlite(database) else (POSTGRES_KOP, "PostgreSQL")
    )
    if not kop.startswith(verwacht):
        raise BackupFout(
            f"{bron} is geen back-up van een {soort}-database (gemaakt met "
            "`flask --app app backup`). Er is niets gewijzigd."
        )


def _nieuw_bestand(doel: Path) -> int:
    try:
        # O_EXCL: an existing file (perhaps the last good backup) is never overwritten.
        return os.open(doel, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupFout(
            f"{doel} bestaat al en wordt niet overschreven. Kies een nieuwe bestandsnaam."
        ) from None
    except FileNotFoundError:
        raise BackupFout(f"De map {doel.parent} bestaat niet.") from None


def _sqlite_kopie(van: str, naar: Path) -> None:
    # The online backup API copies page by page under SQLite's own locking, so the copy is
    # consistent while the app keeps serving; it replaces the whole target, triggers included.
    bron = sqlite3.connect(van)
    doel = sqlite3.connect(str(naar))
    try:
        bron.backup(doel)
    finally:
        doel.close()
        bron.close()


def _draai(database, opdracht: list[str], uit=None) -> None:
    resultaat = subprocess.run(  # noqa: S603
        opdracht, stdout=uit, stderr=subprocess.PIPE, env=_omgeving(database), check=False
    )
    if resultaat.returncode != 0:
        melding = resultaat.stderr.decode(errors="replace").strip()
        raise BackupFout(f"{Path(opdracht[0]).name} mislukte: {melding}")


def _pg_bin(naam: str) -> str:
    """pg_dump/pg_restore of the newest installed PostgreSQL (Debian keeps them off PATH)."""
    kandidaten = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{naam}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if kandidaten:
        return str(kandidaten[-1])
    if gevonden := shutil.which(naam):
        return gevonden
    raise BackupFout(f"{naam} ontbreekt: installeer het pakket postgresql-client.")


def _is_sqlite(database) -> bool:
    return isinstance(database, SqliteDatabase)


def _url(database) -> str:
    # Without the password: an argument is visible to every user in `ps` (see _omgeving).
    p = database.connect_params
    waar = f"{p.get('host', '')}:{p['port']}" if p.get("port") else p.get("host", "")
    return f"postgresql://{p.get('user', '')}@{waar}/{database.database}"


def _omgeving(database) -> dict[str, str]:
    omgeving = dict(os.environ)
    if not _is_sqlite(database) and database.connect_params.get("password"):
        omgeving["PGPASSWORD"] = database.connect_params["password"]
    return omgeving
