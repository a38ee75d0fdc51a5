"""PostgreSQL roles (issue 13): the tables belong to the migration role; connected as its own
role the application works, but cannot change or remove audit rows, disable the triggers or
drop a table. Tables that later migrations make are usable by the application too."""

import psycopg2
import pytest
from psycopg2 import errors

import models
from app import create_app
from models import Auditregel, Organisatie, Team
from tests.conftest import WORKER, FormClient, _pg_admin, _pg_url_voor, wacht_tot_verbinding_weg

EIGENAAR = f"pl_eigenaar_{WORKER}"
APP_ROL = f"pl_app_{WORKER}"
DATABASE = f"pl_rollen_{WORKER}"
PASSWORD = "bruine beer eet honing"


def _url(rol: str) -> str:
    url = _pg_url_voor(DATABASE)
    return url.replace("://postgres@", f"://{rol}@", 1)


def _opruimen(cur) -> None:
    cur.execute(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
        (DATABASE,),
    )
    cur.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
    for rol in (APP_ROL, EIGENAAR, "pl_super_" + WORKER):
        cur.execute(f'DROP ROLE IF EXISTS "{rol}"')


@pytest.fixture
def rollen(pg_url):
    """A database owned by the migration role, and an application role with no rights yet."""
    admin = _pg_admin()
    with admin.cursor() as cur:
        _opruimen(cur)
        cur.execute(f'CREATE ROLE "{EIGENAAR}" LOGIN')
        cur.execute(f'CREATE ROLE "{APP_ROL}" LOGIN')
        cur.execute(f'CREATE DATABASE "{DATABASE}" OWNER "{EIGENAAR}"')
    yield
    if not models.db.is_closed():
        models.db.close()
    with admin.cursor() as cur:
        _opruimen(cur)
    admin.close()


def _app(rol: str):
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": _url(rol),
            "SECRET_KEY": "rollen",
            "SESSION_COOKIE_SECURE": False,
            "TWEE_FACTOR": False,
        }
    )


def _als(rol: str):
    conn = psycopg2.connect(_url(rol))
    conn.autocommit = True
    return conn


def _geweigerd(conn, opdracht: str) -> str:
    with pytest.raises(errors.InsufficientPrivilege) as fout, conn.cursor() as cur:
        cur.execute(opdracht)
    return str(fout.value)


def test_the_app_role_works_but_cannot_touch_the_audit_log_or_the_schema(rollen, tmp_path):
    eigenaar = _app(EIGENAAR)
    cli = eigenaar.test_cli_runner()
    assert cli.invoke(args=["db", "upgrade"]).exit_code == 0
    result = cli.invoke(args=["db", "rollen", "--app-rol", APP_ROL])
    assert result.exit_code == 0, result.output
    assert f"Rol {APP_ROL}: lezen en schrijven" in result.output
    again = cli.invoke(args=["db", "rollen", "--app-rol", APP_ROL])  # changes nothing
    assert again.exit_code == 0 and again.output == result.output
    result = cli.invoke(
        args=[
            "create-user",
            "--email=beheer@rollen.nl",
            "--naam=Rollen Beheer",
            "--rol=beheerder",
            "--organisatie=Gemeente Rollen",
            "--nieuwe-organisatie",
        ],
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    models.db.obj.close_all()  # this app's pool too: the next apps have pools of their own

    # The application, as its own role: log in (sessions, audit), add and change rows.
    app = _app(APP_ROL)
    client = FormClient(app.test_client())
    login = client.submit("/inloggen", {"email": "beheer@rollen.nl", "wachtwoord": PASSWORD})
    assert login.status_code == 303
    eigen = "groene tram rijdt langs de gracht"
    gewijzigd = client.submit(
        "/account/wachtwoord", {"huidig": PASSWORD, "nieuw": eigen, "herhaal": eigen}
    )
    assert gewijzigd.status_code == 303  # the one-time password replaced: an UPDATE
    assert client.get("/").status_code == 200
    with models.db.connection_context():
        organisatie = Organisatie.get(Organisatie.naam == "Gemeente Rollen")
        team = Team.create(organisatie=organisatie, naam="Activering")
        Team.update(afdeling="Werk").where(Team.id == team.id).execute()
        assert Team.get_by_id(team.id).afdeling == "Werk"
        assert Auditregel.select().count() >= 1
    models.db.obj.close_all()  # the service as the application's role stops: its pool too

    app_conn = _als(APP_ROL)
    for opdracht in (
        "DELETE FROM auditregel",
        "UPDATE auditregel SET omschrijving = 'weg'",
        "TRUNCATE auditregel",
        "DELETE FROM auditregel_klant",
        "UPDATE auditregel_klant SET klant_id = 0",
        "TRUNCATE auditregel_klant",
        "TRUNCATE klant",
        "INSERT INTO schema_migration (name, applied) VALUES ('9999_nep', now())",
    ):
        assert "permission denied" in _geweigerd(app_conn, opdracht)
    for opdracht in (
        "ALTER TABLE auditregel DISABLE TRIGGER ALL",
        "ALTER TABLE auditregel DISABLE TRIGGER auditregel_geen_wijziging",
        "ALTER TABLE klant ADD COLUMN x integer",
        "DROP TABLE auditregel_klant",
        "DROP TABLE klant",
        "DROP FUNCTION auditregel_append_only() CASCADE",
    ):
        assert "must be owner" in _geweigerd(app_conn, opdracht)
    assert "permission denied" in _geweigerd(app_conn, "CREATE TABLE eigen (id integer)")
    with app_conn.cursor() as cur:  # adding to the log stays possible
        cur.execute(
            "INSERT INTO auditregel (tijdstip, gebruiker_naam, actie, object_type, object_id, "
            "resultaat, oorsprong, omschrijving) VALUES (now(), '', 'inzien', '', '', "
            "'gelukt', 'test', '')"
        )

    # A later migration, run by the owner, makes a table: the application may use it.
    eigen_conn = _als(EIGENAAR)
    with eigen_conn.cursor() as cur:
        cur.execute("CREATE TABLE later (id serial PRIMARY KEY, waarde integer)")
    with app_conn.cursor() as cur:
        cur.execute("INSERT INTO later (waarde) VALUES (1) RETURNING id")
        cur.execute("UPDATE later SET waarde = 2")
        cur.execute("SELECT waarde FROM later")
        assert cur.fetchone() == (2,)
    app_conn.close()
    eigen_conn.close()

    # A restore (as the owner) keeps the application's rights as they were: the restored
    # audit tables do not get UPDATE/DELETE from the default privileges.
    cli = _app(EIGENAAR).test_cli_runner()
    pad = tmp_path / "rollen.backup"
    assert cli.invoke(args=["backup", "--naar", str(pad)]).exit_code == 0
    models.db.close()

    # The service, idle, as the application's role (what gunicorn.conf.py holds open): the
    # owner's restore sees it although PostgreSQL hides another role's backend type.
    dienst = psycopg2.connect(_url(APP_ROL), application_name="participatieladder-dienst")
    result = cli.invoke(args=["restore", "--van", str(pad), "--ja"])
    assert result.exit_code != 0, result.output
    assert f"{APP_ROL} (participatieladder-dienst" in result.output
    assert "Er is niets gewijzigd." in result.output
    pid = dienst.get_backend_pid()
    dienst.close()
    models.db.close()
    wacht_tot_verbinding_weg(pid)
    result = cli.invoke(args=["restore", "--van", str(pad), "--ja"])
    assert result.exit_code == 0, result.output
    assert f"De rechten van de rol {APP_ROL} zijn opnieuw ingesteld." in result.output
    models.db.close()
    app_conn = _als(APP_ROL)
    assert "permission denied" in _geweigerd(app_conn, "DELETE FROM auditregel")
    assert "permission denied" in _geweigerd(app_conn, "UPDATE auditregel_klant SET klant_id = 0")
    with app_conn.cursor() as cur:
        cur.execute("UPDATE team SET afdeling = 'Na het terugzetten'")
        cur.execute("SELECT count(*) FROM later")
    app_conn.close()

    # The application's role cannot restore (it would drop the tables): refused, unchanged.
    als_app = _app(APP_ROL).test_cli_runner()
    models.db.close()
    result = als_app.invoke(args=["restore", "--van", str(pad), "--ja"])
    assert result.exit_code != 0 and "must be owner" in result.output
    assert "Er is niets gewijzigd." in result.output
    with models.db.connection_context():
        assert Team.get(Team.naam == "Activering").afdeling == "Na het terugzetten"
    models.db.close()


def test_rollen_refuses_mistakes_and_changes_nothing(rollen):
    eigenaar = _app(EIGENAAR)
    cli = eigenaar.test_cli_runner()
    nog_leeg = cli.invoke(args=["db", "rollen", "--app-rol", APP_ROL])
    assert nog_leeg.exit_code != 0 and "voer eerst `flask --app app db upgrade` uit" in (
        nog_leeg.output
    )
    assert cli.invoke(args=["db", "upgrade"]).exit_code == 0
    onbekend = cli.invoke(args=["db", "rollen", "--app-rol", "bestaat_niet"])
    assert onbekend.exit_code != 0
    assert "De rol bestaat_niet bestaat niet; er is niets gewijzigd." in onbekend.output
    zelf = cli.invoke(args=["db", "rollen", "--app-rol", EIGENAAR])
    assert zelf.exit_code != 0 and "eigen rol" in zelf.output
    admin = _pg_admin()
    with admin.cursor() as cur:
        cur.execute(f'CREATE ROLE "pl_super_{WORKER}" LOGIN SUPERUSER')
    admin.close()
    superuser = cli.invoke(args=["db", "rollen", "--app-rol", f"pl_super_{WORKER}"])
    assert superuser.exit_code != 0 and "is superuser" in superuser.output
    models.db.close()

    # Run as the application's role (not the owner of the tables): refused, nothing granted.
    als_app = _app(APP_ROL).test_cli_runner().invoke(args=["db", "rollen", "--app-rol", APP_ROL])
    assert als_app.exit_code != 0 and "eigenaar van de tabellen" in als_app.output
    models.db.close()
    conn = _als(APP_ROL)
    assert "permission denied" in _geweigerd(conn, "SELECT * FROM klant")
    conn.close()


def test_rollen_on_sqlite_says_it_does_not_apply(runner, app):
    if not models.is_sqlite():
        pytest.skip("SQLite")
    result = runner.invoke(args=["db", "rollen", "--app-rol", "ladder"])
    assert result.exit_code != 0
    assert "alleen in PostgreSQL" in result.output
