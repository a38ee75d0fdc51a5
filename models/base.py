"""The database object, the base model and the choice between SQLite and PostgreSQL."""

import datetime
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from peewee import DatabaseProxy, Model, OperationalError, SqliteDatabase
from playhouse.db_url import connect, parse
from playhouse.pool import PooledSqliteDatabase

from models.zoeken import zoekvorm

db = DatabaseProxy()

# SQLite is the embedded default: WAL so readers never block the writer, FULL sync so an
# acknowledged save survives a power cut, and BEGIN IMMEDIATE so two writers queue up at
# the start of a transaction instead of failing half-way with "database is locked".
# These pragmas hold per connection, so every new connection sets them.
SQLITE_PRAGMAS = {
    "synchronous": 2,  # FULL
    "foreign_keys": 1,
    "busy_timeout": 10_000,
}
# The journal mode is stored in the database file itself: set once, on the first connection
# the process opens (which also creates a new database file in WAL mode).
SQLITE_JOURNAL_MODE = "wal"
# A request borrows a connection and gives it back when it ends (app.py connects before and
# closes after each request). Reusing connections saves opening the file, reading the schema
# and setting the pragmas every time, and closing the last connection of a WAL database
# checkpoints and fsyncs the WAL file. Connections are recycled after this many seconds.
SQLITE_STALE_SECONDS = 600


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


class VasteQuery:
    """A select whose SQL is built once per kind of database and then run with other values
    for its parameters. On the pages of a meting, peewee building the SQL of the few selects
    of many columns that every request runs (the user and the meting) cost more than running
    them; the rows come back as the same model objects as from the query itself.

    `bouw(*waarden)` makes the query; it is built once with `voorbeeld` values that must each
    occur exactly once among its parameters, which are then replaced by the values given."""

    def __init__(self, bouw: Callable[..., Any], *voorbeeld: object):
        self._bouw = bouw
        self._voorbeeld = voorbeeld
        self._per_soort: dict[type, tuple] = {}

    def _gebouwd(self, database) -> tuple:
        soort = type(database)
        if soort not in self._per_soort:
            query = self._bouw(*self._voorbeeld)
            sql, params = database.get_sql_context().sql(query).query()
            posities = []
            for waarde in self._voorbeeld:
                gevonden = [i for i, p in enumerate(params) if p == waarde]
                if len(gevonden) != 1:
                    raise ValueError(f"voorbeeldwaarde {waarde!r} niet precies eenmaal in de SQL")
                posities.append(gevonden[0])
            self._per_soort[soort] = (query, sql, tuple(params), tuple(posities))
        return self._per_soort[soort]

    def rijen(self, *waarden) -> list:
        """The rows for these values, as the query built with them would give them."""
        database = db.obj
        query, sql, params, posities = self._gebouwd(database)
        params = list(params)
        for positie, waarde in zip(posities, waarden, strict=True):
            params[positie] = waarde
        return list(query._get_cursor_wrapper(database.execute_sql(sql, params)))

    def eerste(self, *waarden):
        """The first row, or None (build the query with a LIMIT 1)."""
        rijen = self.rijen(*waarden)
        return rijen[0] if rijen else None


class LadderSqliteDatabase(PooledSqliteDatabase):
    """SQLite with a pool of connections (one per thread at a time; a connection left in a
    transaction is rolled back when it comes back), the per-connection pragmas on each new
    connection and journal_mode=wal once, on the first.

    The threads of one process take turns for a write transaction at a lock of their own
    before BEGIN IMMEDIATE, first come first served. Left to SQLite, a writer that finds the
    database locked sleeps and tries again (after 1, 2, 5, 10 … 100 ms), while the others
    that arrive in between take the lock straight away: under load one save could wait for
    seconds. Other processes (the command line) still wait through SQLite's busy timeout."""

    def __init__(self, database: str, **kwargs):
        self._journal_mode_gezet = False
        self._schrijfslot = threading.Lock()
        self._schrijver: int | None = None  # the thread that holds it
        super().__init__(
            database,
            pragmas=dict(SQLITE_PRAGMAS),
            lock_type="IMMEDIATE",
            max_connections=None,  # at most one per server thread
            stale_timeout=SQLITE_STALE_SECONDS,
            check_same_thread=False,  # a pooled connection serves one thread at a time
            **kwargs,
        )

    def _set_pragmas(self, conn) -> None:
        # Database.connect holds the database lock here, so only one thread does this.
        if not self._journal_mode_gezet:
            conn.execute(f"PRAGMA journal_mode = {SQLITE_JOURNAL_MODE}").fetchall()
            self._journal_mode_gezet = True
        super()._set_pragmas(conn)
        # Case- and accent-insensitive search (models/zoeken.py).
        conn.create_function("zoekvorm", 1, zoekvorm, deterministic=True)

    # --- one writer at a time within the process (see the class docstring) ---

    def begin(self, lock_type=None) -> None:
        if not self._schrijfslot.acquire(timeout=SQLITE_PRAGMAS["busy_timeout"] / 1000):
            raise OperationalError("database is locked")
        self._schrijver = threading.get_ident()
        try:
            super().begin(lock_type)
        except BaseException:
            self._schrijfslot_terug()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._schrijfslot_terug_na_transactie()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._schrijfslot_terug_na_transactie()

    def _close(self, conn, close_conn=False) -> None:
        try:
            super()._close(conn, close_conn)  # the pool rolls back an open transaction
        finally:
            self._schrijfslot_terug()

    def _schrijfslot_terug_na_transactie(self) -> None:
        # A COMMIT that failed (a full disk) can leave the transaction open: the lock stays
        # with this thread until its ROLLBACK.
        conn = self._state.conn
        if conn is None or not conn.in_transaction:
            self._schrijfslot_terug()

    def _schrijfslot_terug(self) -> None:
        if self._schrijver == threading.get_ident():
            self._schrijver = None
            self._schrijfslot.release()


def open_database(url: str | None, default_path: Path) -> object:
    """Open the database named by DATABASE_URL, or the SQLite file at default_path."""
    if not url:
        default_path.parent.mkdir(parents=True, exist_ok=True)
        return LadderSqliteDatabase(str(default_path))
    if url.startswith("sqlite"):
        return LadderSqliteDatabase(**parse(url))
    return connect(url)


def is_sqlite() -> bool:
    """True when the bound database is SQLite."""
    return isinstance(db.obj, SqliteDatabase)
