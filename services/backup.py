"""Backup and restore of the whole database: SQLite through its online backup API, PostgreSQL
through pg_dump's custom format and pg_restore. No Flask here; commands.py asks and reports.

A backup holds every BSN of the installation: it is created owner-only (0600) and never over
an existing file."""

import contextlib
import os
import shutil
import sqlite3
import subprocess  # noqa: S404 (pg_dump, pg_restore and psql, with fixed arguments)
import tempfile
import time
from pathlib import Path

import psycopg2
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


def herstel(database, bron: Path) -> list[str]:
    """Replace the database's contents by the backup `bron` (checked first), in one go.

    On PostgreSQL everything in the schema goes first, in the same transaction as the
    restore: a backup from before a later migration leaves none of that migration's tables
    or functions behind (pg_restore --clean only drops what the backup itself contains).
    Returns what else was done (the rights of the application's role, set again)."""
    controleer(database, bron)
    if _is_sqlite(database):
        _sqlite_kopie(str(bron), Path(database.database))
        return []
    app_rollen = _app_rollen(database)
    # The owner's default privileges stay in the database, so the restored tables get the
    # application's rights; `db rollen` then takes the audit log's UPDATE/DELETE away again.
    _pg_herstel(database, bron)
    from services import databaserollen

    gedaan = []
    for rol in app_rollen:
        try:
            with database.connection_context():
                databaserollen.stel_in(database, rol)
        except databaserollen.RolFout as fout:
            raise BackupFout(
                f"De database is teruggezet, maar de rechten van de rol {rol} niet: {fout} "
                f"Los dat op en voer `flask --app app db rollen --app-rol {rol}` uit voordat "
                "u de dienst start."
            ) from None
        gedaan.append(f"De rechten van de rol {rol} zijn opnieuw ingesteld.")
    return gedaan


def _pg_herstel(database, bron: Path) -> None:
    """Empty the schema and run pg_restore's SQL through psql in one transaction, committed
    only when pg_restore read the whole file: on any error nothing is changed."""
    with tempfile.TemporaryFile() as restore_fout, tempfile.TemporaryFile() as psql_fout:
        psql = subprocess.Popen(  # noqa: S603
            [
                _pg_bin("psql"),
                "--no-psqlrc",
                "--no-password",  # never a prompt: PGPASSWORD comes from DATABASE_URL
                "--quiet",
                "--set=ON_ERROR_STOP=1",
                f"--dbname={_url(database)}",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=psql_fout,
            env=_omgeving(database),
        )
        restore = subprocess.Popen(  # noqa: S603
            [_pg_bin("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(bron)],
            stdout=subprocess.PIPE,
            stderr=restore_fout,
            env=_omgeving(database),
        )
        try:
            psql.stdin.write(f"BEGIN;\n{LEEG_SCHEMA}\n".encode())
            shutil.copyfileobj(restore.stdout, psql.stdin)
            gelezen = restore.wait() == 0
            psql.stdin.write(b"COMMIT;\n" if gelezen else b"ROLLBACK;\n")
            psql.stdin.close()
        except BrokenPipeError:  # psql stopped at an error: its transaction is rolled back
            restore.stdout.close()  # so that pg_restore stops instead of waiting to write
            restore.wait()
            gelezen = True  # psql's error is the one to report
        finally:
            restore.stdout.close()
            with contextlib.suppress(BrokenPipeError):
                psql.stdin.close()
            klaar = psql.wait() == 0
        for gelukt, naam, fout in (
            (klaar, "psql", psql_fout),
            (gelezen, "pg_restore", restore_fout),
        ):
            if not gelukt:
                fout.seek(0)
                melding = fout.read().decode(errors="replace").strip()
                raise BackupFout(f"{naam} mislukte: {melding} Er is niets gewijzigd.")


# Everything of the application lives in the schema public: its tables (with their
# sequences, indexes and triggers), views and functions.
LEEG_SCHEMA = """DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.oid::regclass AS naam, c.relkind FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'p')
  LOOP
    EXECUTE format(CASE r.relkind WHEN 'v' THEN 'DROP VIEW IF EXISTS %s CASCADE'
                                  WHEN 'm' THEN 'DROP MATERIALIZED VIEW IF EXISTS %s CASCADE'
                                  ELSE 'DROP TABLE IF EXISTS %s CASCADE' END, r.naam);
  END LOOP;
  FOR r IN SELECT c.oid::regclass AS naam FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'
  LOOP
    EXECUTE format('DROP SEQUENCE IF EXISTS %s CASCADE', r.naam);
  END LOOP;
  FOR r IN SELECT p.oid::regprocedure AS naam FROM pg_proc p
           WHERE p.pronamespace = 'public'::regnamespace
  LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', r.naam);
  END LOOP;
END $$;"""


# The connection each server process holds for its whole life (dienst_aanwezig).
_AANWEZIG: list = []
DIENST = "participatieladder-dienst"


def dienst_aanwezig(database) -> None:
    """Called once in every server process as it starts (gunicorn.conf.py): hold one
    connection for the life of the process, so that `restore` sees a serving application
    also while no request runs (the app's pool has no connection before the first request,
    and on PostgreSQL closes its old ones). It shows as `participatieladder-dienst`."""
    if _is_sqlite(database):
        _AANWEZIG.append(sqlite3.connect(database.database, check_same_thread=False))
    else:
        verbinding = dict(database.connect_params, application_name=DIENST)
        _AANWEZIG.append(psycopg2.connect(dbname=database.database, **verbinding))


def niet_in_gebruik(database) -> None:
    """Refuse while anything else uses the database: the application serving (stop the
    service first) or another program. A restore under a running app would mix its writes
    with the restored data, or fail half-way on its locks."""
    if _is_sqlite(database):
        andere = _sqlite_gebruikers(Path(database.database))
        if andere:
            raise BackupFout(
                f"De database {database.database} is nog open in een ander proces "
                f"(pid {', '.join(map(str, andere))}): de applicatie draait nog, of een "
                "opdracht. Stop eerst de dienst (systemctl stop participatieladder). "
                "Er is niets gewijzigd."
            )
        return
    # The idle connections in this process's own pool (the command's earlier ones, or a
    # test's app) are nobody else's: closed, and not counted while their server processes
    # end. Those that other threads of this process have in use do count.
    eigen = database.sluit_ongebruikte() if hasattr(database, "sluit_ongebruikte") else []
    # A program that just stopped: its server processes end a moment later, so look again
    # for up to a second before refusing.
    for _ in range(10):
        rijen = _andere_verbindingen(database, eigen)
        if not rijen:
            return
        time.sleep(0.1)
    wie = "; ".join(sorted({f"{r[0]} ({r[1]}, {r[2]})" for r in rijen}))
    raise BackupFout(
        f"Er {'is' if len(rijen) == 1 else 'zijn'} nog {len(rijen)} andere "
        f"verbinding{'' if len(rijen) == 1 else 'en'} met de database: {wie}. Stop eerst "
        "de dienst (systemctl stop participatieladder) en andere programma's die de "
        "database gebruiken. Er is niets gewijzigd."
    )


def _andere_verbindingen(database, gesloten: list[int]) -> list[tuple]:
    """The client sessions on this database other than our own (this one, and those of
    ours just closed: their server process ids): user, application, host."""
    with database.connection_context():
        return database.execute_sql(
            "SELECT usename, coalesce(nullif(application_name, ''), '?'), "
            "coalesce(host(client_addr), 'lokaal') FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() "
            "AND pid <> ALL(%s) "
            # Another role's session shows its user and application, but not its type: the
            # owner sees the application role's connections this way. Server workers (such
            # as autovacuum) have no user.
            "AND coalesce(backend_type, 'client backend') = 'client backend' "
            "AND usename IS NOT NULL",
            (gesloten,),
        ).fetchall()


def _sqlite_gebruikers(pad: Path) -> list[int]:
    """The other processes (of this user; others' are not visible) that have the database
    file, its WAL or its shared memory open: Linux's /proc lists every open file."""
    bestanden = {str(pad.resolve()) + einde for einde in ("", "-wal", "-shm")}
    andere = []
    for proces in Path("/proc").glob("[0-9]*"):
        if int(proces.name) == os.getpid():
            continue
        try:
            if any(os.readlink(fd) in bestanden for fd in (proces / "fd").iterdir()):
                andere.append(int(proces.name))
        except OSError:  # gone meanwhile, or not ours
            continue
    return sorted(andere)


def _app_rollen(database) -> list[str]:
    """The roles `db rollen` gave default privileges for the owner's tables."""
    with database.connection_context():
        rijen = database.execute_sql(
            "SELECT DISTINCT r.rolname FROM pg_default_acl d, aclexplode(d.defaclacl) a "
            "JOIN pg_roles r ON r.oid = a.grantee "
            "WHERE d.defaclrole = (SELECT oid FROM pg_roles WHERE rolname = current_user) "
            "AND a.grantee <> d.defaclrole ORDER BY 1"
        ).fetchall()
    return [r[0] for r in rijen]


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
    if _is_sqlite(database) and not _sqlite_heel(bron):
        raise BackupFout(
            f"{bron} is beschadigd of onvolledig (de controle van SQLite slaagt niet). "
            "Er is niets gewijzigd."
        )


def _sqlite_heel(bron: Path) -> bool:
    """The file reads as a whole database of this application (a cut copy would replace
    the database by a damaged one: SQLite's backup API copies whatever pages there are)."""
    try:
        conn = sqlite3.connect(f"{bron.resolve().as_uri()}?mode=ro", uri=True)
        try:
            heel = conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]
            return heel and conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name = 'schema_migration'"
            ).fetchone() == (1,)
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


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


def _draai(database, opdracht: list[str], uit=None, invoer=None) -> None:
    resultaat = subprocess.run(  # noqa: S603
        opdracht,
        stdin=invoer,
        stdout=uit if uit is not None else subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=_omgeving(database),
        check=False,
    )
    if resultaat.returncode != 0:
        melding = resultaat.stderr.decode(errors="replace").strip()
        raise BackupFout(f"{Path(opdracht[0]).name} mislukte: {melding} Er is niets gewijzigd.")


def _pg_bin(naam: str) -> str:
    """pg_dump/pg_restore/psql of the newest installed PostgreSQL (Debian keeps them off PATH)."""
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
