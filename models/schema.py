"""The schema's state: which numbered migrations are pending, and applying them under a lock
so that two `db upgrade` at the same moment run each migration once."""

import fcntl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playhouse.migrations import Runner

from models.base import db, is_sqlite

MIGRATIONS = Path(__file__).parent / "migrations"

# Any fixed 64-bit number works: it only has to be the same in every process of this app.
# It spells "ladder" in ASCII, so it is recognisable in pg_locks.
ADVISORY_LOCK = int.from_bytes(b"ladder", "big")


def _runner() -> Runner:
    return Runner(db.obj, directory=str(MIGRATIONS))


def openstaande_migraties() -> list[str]:
    """The names of the migrations not yet applied to the bound database, in order."""
    return [m.name for m in _runner().status() if m.path is not None and m.applied is None]


def migrate(totp_sleutel: str | None = None, wacht: Callable[[], None] | None = None) -> list[str]:
    """Apply the pending numbered migrations; returns their names (none when up to date).

    totp_sleutel: the key that 0012 encrypts stored authenticator secrets with (the app's
    TOTP_SLEUTEL); the migrations find it on the migrator, as they import no app code.
    Another process applying them at the same time holds the lock: then `wacht` is called
    once (to tell the operator) and this one waits, and finds nothing left to do."""
    with _upgradeslot(wacht):
        runner = _runner()
        runner.migrator.totp_sleutel = totp_sleutel
        return runner.up()


@contextmanager
def _upgradeslot(wacht: Callable[[], None] | None) -> Iterator[None]:
    if is_sqlite():
        with _sqlite_slot(wacht):
            yield
    else:
        with _postgres_slot(wacht):
            yield


@contextmanager
def _postgres_slot(wacht) -> Iterator[None]:
    # A session lock, held across the transaction of each migration on this connection.
    vrij = db.execute_sql("SELECT pg_try_advisory_lock(%s)", (ADVISORY_LOCK,)).fetchone()[0]
    if not vrij:
        if wacht:
            wacht()
        db.execute_sql("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK,))
    try:
        yield
    finally:
        db.execute_sql("SELECT pg_advisory_unlock(%s)", (ADVISORY_LOCK,))


@contextmanager
def _sqlite_slot(wacht) -> Iterator[None]:
    # Not one BEGIN IMMEDIATE around everything: peewee's SQLite migrator switches
    # foreign_keys off around each migration, which SQLite ignores inside a transaction.
    # A lock file beside the database excludes other processes and threads alike.
    with open(f"{db.obj.database}.upgrade-lock", "a") as bestand:
        try:
            fcntl.flock(bestand, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if wacht:
                wacht()
            fcntl.flock(bestand, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(bestand, fcntl.LOCK_UN)
