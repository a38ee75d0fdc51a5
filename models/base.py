"""The database object, the base model and the choice between SQLite and PostgreSQL."""

import datetime
from pathlib import Path

from peewee import DatabaseProxy, Model, SqliteDatabase
from playhouse.db_url import connect

db = DatabaseProxy()

# SQLite is the embedded default: WAL so readers never block the writer, FULL sync so an
# acknowledged save survives a power cut, and BEGIN IMMEDIATE so two writers queue up at
# the start of a transaction instead of failing half-way with "database is locked".
SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": 10_000,
}


def utcnow() -> datetime.datetime:
    """The current time in UTC, naive (how both engines store DateTimeField)."""
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


MAX_ID = 2**63 - 1  # the largest id both engines store (BIGINT / SQLite INTEGER)


def id_uit_tekst(tekst: str | None) -> int | None:
    """An id from a query parameter or hidden field, or None when the text is no id: only
    ASCII digits ("²" is a digit to str.isdigit() but not to int()), and within 64 bits."""
    if not tekst or not (tekst.isascii() and tekst.isdigit()) or len(tekst) > 19:
        return None
    waarde = int(tekst)
    return waarde if waarde <= MAX_ID else None


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


def open_database(url: str | None, default_path: Path) -> object:
    """Open the database named by DATABASE_URL, or the SQLite file at default_path."""
    if not url:
        default_path.parent.mkdir(parents=True, exist_ok=True)
        return SqliteDatabase(
            str(default_path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=10
        )
    if url.startswith("sqlite"):
        return connect(url, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=10)
    return connect(url)


def is_sqlite() -> bool:
    """True when the bound database is SQLite."""
    return isinstance(db.obj, SqliteDatabase)
