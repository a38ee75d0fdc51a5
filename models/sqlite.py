"""Opening the database: SQLite, the embedded default, with its pool of connections and one
writer at a time, or PostgreSQL when DATABASE_URL names it, also with a pool.

The performance cleverness for the database lives here and nowhere else: the pragmas, the
pools and the writer queue (see LadderSqliteDatabase and LadderPostgresqlDatabase).
"""

import threading
from pathlib import Path

from peewee import OperationalError
from playhouse.db_url import connect, parse
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

from models.zoeken import zoekvorm

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


# PostgreSQL, like SQLite: a request borrows a connection from the pool and gives it back.
# A new connection cost ~14 ms per request (a server process started, authentication, the
# session set up): half of a repeat print (docs/performance.md). No upper bound is set: a
# thread holds one connection at a time, so a server process has at most as many as it has
# threads (GUNICORN_THREADS; docs/beheer.md counts them for PostgreSQL's max_connections).
# A connection older than this is closed when it comes back or is next taken from the pool,
# so after a busy moment the pool shrinks with the next requests, and a setting changed on
# the server (ALTER ROLE … SET) reaches every connection within minutes.
POSTGRES_STALE_SECONDS = 300
POSTGRES_SCHEMES = ("postgres", "postgresql")


class LadderPostgresqlDatabase(PooledPostgresqlDatabase):
    """PostgreSQL with peewee's pool. What the pool does for us: a connection handed back
    inside a transaction is rolled back first; before a connection is handed out again it
    answers a `SELECT 1`, so one the server ended (a restart, pg_terminate_backend) is
    dropped and another one opened instead of failing the request."""

    def sluit_ongebruikte(self) -> list[int]:
        """Close the idle connections in the pool (those that threads have in use stay);
        the process ids of their server processes, which end a moment after the close."""
        with self._pool_lock:
            pids = [conn.get_backend_pid() for _, _, conn in self._connections if not conn.closed]
            self.close_idle()
        return pids


def open_database(url: str | None, default_path: Path) -> object:
    """Open the database named by DATABASE_URL, or the SQLite file at default_path."""
    if not url:
        default_path.parent.mkdir(parents=True, exist_ok=True)
        return LadderSqliteDatabase(str(default_path))
    if url.startswith("sqlite"):
        return LadderSqliteDatabase(**parse(url))
    # No JIT compilation on PostgreSQL: the report queries are index lookups per klant whose
    # estimated cost passes jit_above_cost, and compiling them took longer than running them
    # (the stromen of one gemeente: 0.6 s of 1.1 s, bench/landelijk.py). Options in the URL
    # come after this one, so an operator can still turn it on.
    instellingen = parse(url)
    opties = " ".join(filter(None, ["-c jit=off", instellingen.pop("options", None)]))
    if url.split(":", 1)[0] not in POSTGRES_SCHEMES:
        return connect(url, options=opties)  # another scheme of playhouse.db_url, as given
    if not instellingen.get("database"):  # libpq would pick the user's name instead
        raise ValueError("DATABASE_URL noemt geen database: postgresql://host:poort/naam")
    # The pool's bounds can still be given in the URL (?max_connections=…&timeout=…); with
    # a maximum, a request waits up to `timeout` seconds for a connection to come back.
    standaard = {"max_connections": None, "stale_timeout": POSTGRES_STALE_SECONDS, "timeout": 10}
    return LadderPostgresqlDatabase(**{**standaard, **instellingen, "options": opties})
