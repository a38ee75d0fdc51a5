"""Health and upgrades: /gezondheid names the failing check, no pages on a database with
pending migrations, and two `db upgrade` at the same moment apply each migration once."""

import fcntl
import os
import subprocess
import sys
import threading
from pathlib import Path

import psycopg2
import pytest
from playhouse.migrations import Runner

import models
from app import create_app
from models.schema import ADVISORY_LOCK
from version import VERSIE

ROOT = Path(__file__).resolve().parents[2]
ALLE = [m.stem for m in sorted(models.MIGRATIONS.glob("[0-9]*.py"))]
ONDERHOUD = "De database moet worden bijgewerkt: voer `flask --app app db upgrade` uit"


def _app(url):
    return create_app(
        {"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "x", "TWEE_FACTOR": False}
    )


@pytest.fixture
def ongemigreerd(lege_database_url):
    """An app on an empty database: installed, `db upgrade` not yet run."""
    app = _app(lege_database_url)
    yield app
    if not models.db.is_closed():
        models.db.close()


def test_health_reports_ok_with_the_version(client):
    response = client.get("/gezondheid")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "versie": VERSIE}


def test_pending_migrations_give_a_maintenance_page_until_db_upgrade(ongemigreerd):
    client = ongemigreerd.test_client()
    health = client.get("/gezondheid")
    assert health.status_code == 503
    assert health.get_json()["controle"] == "migraties openstaand"
    for pagina in ("/inloggen", "/", "/klanten"):
        response = client.get(pagina)
        assert response.status_code == 503, pagina
        assert ONDERHOUD in response.get_data(as_text=True)
    with client.get("/static/css/app.css") as css:  # no database needed
        assert css.status_code == 200

    result = ongemigreerd.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0 and f"Toegepast: {', '.join(ALLE)}" in result.output
    assert client.get("/inloggen").status_code == 200
    assert client.get("/gezondheid").get_json() == {"status": "ok", "versie": VERSIE}


def test_one_pending_migration_is_enough_for_maintenance(ongemigreerd):
    with models.db.connection_context():
        Runner(models.db.obj, directory=str(models.MIGRATIONS)).up(target=ALLE[-2])
        assert models.openstaande_migraties() == [ALLE[-1]]
    assert ongemigreerd.test_client().get("/inloggen").status_code == 503


def test_an_up_to_date_schema_is_checked_once_per_process(app, client, monkeypatch):
    assert client.get("/inloggen").status_code == 200

    def niet_weer():
        raise AssertionError("migraties opnieuw bekeken")

    monkeypatch.setattr(models, "openstaande_migraties", niet_weer)
    assert client.get("/inloggen").status_code == 200
    assert client.get("/gezondheid").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////bestaat-niet/map/participatieladder.db",
        "postgresql://postgres@127.0.0.1:1/niets",
    ],
    ids=["sqlite", "postgres"],
)
def test_an_unreachable_database_is_named_not_a_crash(url):
    client = _app(url).test_client()
    health = client.get("/gezondheid")
    assert health.status_code == 503
    assert health.get_json() == {
        "status": "fout",
        "controle": "database onbereikbaar",
        "versie": VERSIE,
    }
    page = client.get("/inloggen")
    assert page.status_code == 503
    assert "De database is niet bereikbaar" in page.get_data(as_text=True)


def test_two_upgrades_at_once_apply_each_migration_once(ongemigreerd):
    start = threading.Barrier(2)
    uitkomst = {}

    def upgrade(naam):
        with models.db.connection_context():
            start.wait()
            try:
                uitkomst[naam] = models.migrate()
            except Exception as fout:  # reported below, with the other thread's result
                uitkomst[naam] = fout

    threads = [threading.Thread(target=upgrade, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(uitkomst.values(), key=len) == [[], ALLE], uitkomst
    with models.db.connection_context():
        assert models.openstaande_migraties() == []
        rijen = models.db.execute_sql("SELECT name FROM schema_migration").fetchall()
    assert sorted(r[0] for r in rijen) == ALLE


def test_db_upgrade_waits_for_another_upgrade_and_then_has_nothing_to_do(
    ongemigreerd, lege_database_url
):
    """The documented command itself, in its own process, while this test holds the lock."""
    with _upgradeslot(lege_database_url):
        proces = subprocess.Popen(
            [sys.executable, "-m", "flask", "--app", "app", "db", "upgrade"],
            cwd=ROOT,
            env={**os.environ, "DATABASE_URL": lege_database_url, "SECRET_KEY": "x"},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        eerste = proces.stdout.readline()
        assert "Een andere upgrade is bezig; wachten tot die klaar is" in eerste
        assert proces.poll() is None  # still waiting
        with models.db.connection_context():
            # The holder's own upgrade, as the other process would run it under its lock.
            assert Runner(models.db.obj, directory=str(models.MIGRATIONS)).up() == ALLE
    rest, _ = proces.communicate(timeout=120)
    assert proces.returncode == 0, rest
    assert "Database is bij." in rest


class _upgradeslot:
    """The lock `db upgrade` takes, held from outside the app like another process would."""

    def __init__(self, lege_database_url):
        self.url = lege_database_url

    def __enter__(self):
        if self.url.startswith("sqlite"):
            pad = self.url.removeprefix("sqlite:///") + ".upgrade-lock"
            self.bestand = open(pad, "a")  # noqa: SIM115 (closed in __exit__)
            fcntl.flock(self.bestand, fcntl.LOCK_EX)
        else:
            self.conn = psycopg2.connect(self.url)
            self.conn.autocommit = True
            self.conn.cursor().execute("SELECT pg_advisory_lock(%s)", (ADVISORY_LOCK,))
        return self

    def __exit__(self, *_exc):
        if self.url.startswith("sqlite"):
            self.bestand.close()
        else:
            self.conn.close()
