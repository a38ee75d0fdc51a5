"""Backup and restore on both engines: the data returns to the backup point, the app works
after, the audit log stays append-only, and every mistake answers in Dutch and changes nothing."""

import stat
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from peewee import DatabaseError
from playhouse.migrations import Runner

import models
from app import create_app
from models import Auditregel, Organisatie
from tests.conftest import wacht_tot_verbinding_weg


@pytest.fixture
def terugzetten(runner):
    def restore(pad, *extra, input=None):
        # Like the stopped service: this thread's connection goes back to the pool, where
        # restore finds it idle and closes it (its own, no other user).
        models.db.close()
        result = runner.invoke(args=["restore", "--van", str(pad), *extra], input=input)
        models.db.connect(reuse_if_open=True)
        return result

    return restore


def test_backup_change_restore_returns_to_the_backup_point(
    runner, terugzetten, tmp_path, make_gebruiker, auth
):
    gebruiker = make_gebruiker(rol="beheerder")
    pad = tmp_path / "pl.backup"
    result = runner.invoke(args=["backup", "--naar", str(pad)])
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(pad.stat().st_mode) == 0o600
    voor = sorted(o.naam for o in Organisatie.select())
    audit_voor = Auditregel.select().count()

    Organisatie.create(naam="Na de back-up", soort="gemeente")
    assert terugzetten(pad, input="n\n").output.endswith("Afgebroken; er is niets gewijzigd.\n")
    assert Organisatie.select().count() == len(voor) + 1

    result = terugzetten(pad, "--ja")
    assert result.exit_code == 0, result.output
    assert sorted(o.naam for o in Organisatie.select()) == voor
    assert Auditregel.select().count() == audit_voor
    assert auth.login(gebruiker.email).status_code == 303
    assert auth.client.get("/").status_code == 200
    with pytest.raises(DatabaseError, match="append-only"), models.db.atomic():
        Auditregel.delete().execute()  # the triggers came back with the tables

    again = terugzetten(pad, "--ja")  # a second restore gives the same state
    assert again.exit_code == 0, again.output
    assert sorted(o.naam for o in Organisatie.select()) == voor


def test_backup_never_overwrites_a_file(runner, tmp_path):
    pad = tmp_path / "bestaat.backup"
    pad.write_bytes(b"vorige back-up")
    result = runner.invoke(args=["backup", "--naar", str(pad)])
    assert result.exit_code != 0
    assert "bestaat al en wordt niet overschreven" in result.output
    assert pad.read_bytes() == b"vorige back-up"


def test_restore_refuses_a_missing_or_foreign_file_and_changes_nothing(
    runner, terugzetten, tmp_path, app
):
    Organisatie.create(naam="Blijft staan", soort="gemeente")
    ontbreekt = terugzetten(tmp_path / "weg.backup", "--ja")
    assert ontbreekt.exit_code != 0 and "bestaat niet. Er is niets gewijzigd." in ontbreekt.output

    vreemd = tmp_path / "vreemd.backup"
    vreemd.write_bytes(b"geen back-up")
    result = terugzetten(vreemd, "--ja")
    assert result.exit_code != 0
    assert "is geen back-up van een" in result.output and "niets gewijzigd" in result.output
    assert [o.naam for o in Organisatie.select()] == ["Blijft staan"]


def test_restore_is_refused_while_another_process_uses_the_database(
    runner, terugzetten, tmp_path, database_url
):
    pad = tmp_path / "pl.backup"
    assert runner.invoke(args=["backup", "--naar", str(pad)]).exit_code == 0
    Organisatie.create(naam="Na de back-up", soort="gemeente")
    if models.is_sqlite():  # the serving app: another process with the file open
        bestand = database_url.removeprefix("sqlite:///")
        code = (
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT 1 FROM organisatie').fetchall(); print('open', flush=True); "
            "time.sleep(60)"
        )
        ander = subprocess.Popen(
            [sys.executable, "-c", code, bestand], stdout=subprocess.PIPE, text=True
        )
        assert ander.stdout.readline() == "open\n"
    else:
        ander = psycopg2.connect(database_url)
    try:
        result = terugzetten(pad, "--ja")
        assert result.exit_code != 0
        assert "Stop eerst de dienst (systemctl stop participatieladder)" in result.output
        assert "Er is niets gewijzigd." in result.output
        assert Organisatie.get_or_none(Organisatie.naam == "Na de back-up") is not None
    finally:
        if models.is_sqlite():
            ander.kill()
            ander.wait()
            ander.stdout.close()
        else:
            pid = ander.get_backend_pid()
            ander.close()
            wacht_tot_verbinding_weg(pid)
    result = terugzetten(pad, "--ja")  # the other process is gone: now it goes ahead
    assert result.exit_code == 0, result.output
    assert Organisatie.get_or_none(Organisatie.naam == "Na de back-up") is None


def _eigen_ongebruikte_verbindingen(aantal: int) -> list[int]:
    """`aantal` connections of this process's pool, each used by a thread of its own (as the
    server's threads do) and given back: idle in the pool. Their server process ids."""
    import threading

    samen = threading.Barrier(aantal)
    pids = []

    def verzoek():
        with models.db.connection_context():
            pids.append(models.db.execute_sql("SELECT pg_backend_pid()").fetchone()[0])
            samen.wait(timeout=10)  # all at once, so each thread has a connection of its own

    threads = [threading.Thread(target=verzoek) for _ in range(aantal)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(pids)) == aantal
    return pids


def test_restore_is_not_refused_by_the_idle_connections_of_its_own_pool(
    runner, terugzetten, tmp_path, database_url
):
    # The command's own process (here: the test's, which also ran the app) keeps earlier
    # connections in its pool: nobody else's, so restore closes them and goes ahead.
    if models.is_sqlite():
        pytest.skip("PostgreSQL counts connections; SQLite other processes")
    pad = tmp_path / "pl.backup"
    assert runner.invoke(args=["backup", "--naar", str(pad)]).exit_code == 0
    Organisatie.create(naam="Na de back-up", soort="gemeente")
    models.db.close()
    pids = _eigen_ongebruikte_verbindingen(3)

    result = terugzetten(pad, "--ja")
    assert result.exit_code == 0, result.output
    assert Organisatie.get_or_none(Organisatie.naam == "Na de back-up") is None
    for pid in pids:
        wacht_tot_verbinding_weg(pid)  # closed, not only left out of the count


def test_restore_is_refused_while_another_process_serves_from_its_pool(
    runner, terugzetten, tmp_path, database_url
):
    # The app in another process, without the connection gunicorn.conf.py holds: only its
    # pool keeps a connection (PostgreSQL) or the file (SQLite) after a request. Closing our
    # own idle connections must not hide it.
    pad = tmp_path / "pl.backup"
    assert runner.invoke(args=["backup", "--naar", str(pad)]).exit_code == 0
    Organisatie.create(naam="Na de back-up", soort="gemeente")
    code = (
        "import sys, time, models; from app import create_app; "
        "app = create_app({'TESTING': True, 'DATABASE_URL': sys.argv[1], 'SECRET_KEY': 'x'}); "
        "assert app.test_client().get('/gezondheid').status_code == 200; "
        "assert models.db.is_closed(); "
        "models.db.connect(); "  # the pool's one connection, given back again below
        "pid = None if models.is_sqlite() else models.db.connection().get_backend_pid(); "
        "models.db.close(); "
        "print(pid, flush=True); time.sleep(60)"
    )
    ander = subprocess.Popen(
        [sys.executable, "-c", code, database_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    try:
        pid = ander.stdout.readline().strip()
        assert pid, "het andere proces startte niet"
        result = terugzetten(pad, "--ja")
        assert result.exit_code != 0, result.output
        assert "Stop eerst de dienst (systemctl stop participatieladder)" in result.output
        assert "Er is niets gewijzigd." in result.output
        assert Organisatie.get_or_none(Organisatie.naam == "Na de back-up") is not None
    finally:
        ander.kill()
        ander.wait()
        ander.stdout.close()
    if pid != "None":
        wacht_tot_verbinding_weg(int(pid))
    result = terugzetten(pad, "--ja")  # the other process is gone: now it goes ahead
    assert result.exit_code == 0, result.output
    assert Organisatie.get_or_none(Organisatie.naam == "Na de back-up") is None


def test_an_older_backup_leaves_nothing_of_what_came_after(
    runner, terugzetten, tmp_path, make_gebruiker, auth
):
    """A backup from before a later migration: the tables, columns and functions that
    migration made are gone after the restore, so `db upgrade` can make them again."""
    gebruiker = make_gebruiker(rol="beheerder")
    pad = tmp_path / "oud.backup"
    assert runner.invoke(args=["backup", "--naar", str(pad)]).exit_code == 0
    namen = sorted(o.naam for o in Organisatie.select())
    naam = gebruiker.naam

    # What a later migration and later work would do.
    models.db.execute_sql("CREATE TABLE later_tabel (id INTEGER PRIMARY KEY, waarde TEXT)")
    models.db.execute_sql("INSERT INTO later_tabel (id, waarde) VALUES (1, 'na de back-up')")
    models.db.execute_sql("ALTER TABLE organisatie ADD COLUMN later_kolom TEXT")
    if not models.is_sqlite():
        models.db.execute_sql(
            "CREATE FUNCTION later_functie() RETURNS integer AS $$ SELECT 1 $$ LANGUAGE sql"
        )
    Organisatie.create(naam="Na de back-up", soort="isd")
    gebruiker.naam = "Gewijzigd na de back-up"
    gebruiker.save()

    result = terugzetten(pad, "--ja")
    assert result.exit_code == 0, result.output
    assert not models.db.table_exists("later_tabel")
    kolommen = [c.name for c in models.db.get_columns("organisatie")]
    assert "later_kolom" not in kolommen
    if not models.is_sqlite():
        assert models.db.execute_sql(
            "SELECT count(*) FROM pg_proc WHERE proname = 'later_functie'"
        ).fetchone() == (0,)
    assert sorted(o.naam for o in Organisatie.select()) == namen
    assert models.Gebruiker.get_by_id(gebruiker.id).naam == naam
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0 and "Database is bij." in upgrade.output
    assert auth.login(gebruiker.email).status_code == 303
    assert auth.client.get("/").status_code == 200
    with pytest.raises(DatabaseError, match="append-only"), models.db.atomic():
        Auditregel.delete().execute()


def test_a_damaged_backup_changes_nothing(runner, terugzetten, tmp_path):
    pad = tmp_path / "pl.backup"
    assert runner.invoke(args=["backup", "--naar", str(pad)]).exit_code == 0
    Organisatie.create(naam="Blijft staan", soort="gemeente")
    kapot = tmp_path / "kapot.backup"
    kapot.write_bytes(pad.read_bytes()[: pad.stat().st_size // 2])
    result = terugzetten(kapot, "--ja")
    assert result.exit_code != 0, result.output
    assert "Er is niets gewijzigd." in result.output
    assert [o.naam for o in Organisatie.select()] == ["Blijft staan"]


def test_a_backup_from_before_a_migration_restores_and_upgrades_again(lege_database_url, tmp_path):
    """The backup of release N (here: before 0013) restored on a database of release N+1 (or
    later): the database is at N again, and `db upgrade` brings it up with the data of then."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": lege_database_url,
            "SECRET_KEY": "test-secret-key",
            "TWEE_FACTOR": False,
        }
    )
    runner = app.test_cli_runner()
    models.db.connect(reuse_if_open=True)
    Runner(models.db.obj, directory=str(models.MIGRATIONS)).up(target="0012_inlogbeveiliging")
    models.db.execute_sql(
        "INSERT INTO organisatie (naam, soort, standaard_interval_maanden, "
        "partner_metingen_beoordelen, bewaartermijn_jaren, benchmark_deelname) "
        "VALUES ('Gemeente Toen', 'gemeente', 12, TRUE, 7, FALSE)"
    )
    models.db.close()
    pad = tmp_path / "release-n.backup"
    assert runner.invoke(args=["backup", "--naar", str(pad)]).exit_code == 0

    assert runner.invoke(args=["db", "upgrade"]).output.startswith("Toegepast: 0013")
    with models.db.connection_context():
        gemeente = Organisatie.get(Organisatie.naam == "Gemeente Toen")
        Organisatie.create(naam="Partner Later", soort="roc", beheerd_door=gemeente)

    models.db.close()
    result = runner.invoke(args=["restore", "--van", str(pad), "--ja"])
    assert result.exit_code == 0, result.output
    with models.db.connection_context():
        assert models.openstaande_migraties()[0] == "0013_onboarding"
        kolommen = {c.name for c in models.db.get_columns("organisatie")}
        assert "beheerd_door_id" not in kolommen
    upgrade = runner.invoke(args=["db", "upgrade"])
    assert upgrade.exit_code == 0 and upgrade.output.startswith("Toegepast: 0013"), upgrade.output
    with models.db.connection_context():
        assert [(o.naam, o.beheerd_door_id) for o in Organisatie.select()] == [
            ("Gemeente Toen", None)
        ]
    models.db.close()
