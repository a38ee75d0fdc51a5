"""The database object and the base model. Which database it is (SQLite or PostgreSQL) is
chosen at start-up by models/sqlite.py's open_database."""

import datetime

from peewee import DatabaseProxy, Model, SqliteDatabase

db = DatabaseProxy()


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


def is_sqlite() -> bool:
    """True when the bound database is SQLite."""
    return isinstance(db.obj, SqliteDatabase)
