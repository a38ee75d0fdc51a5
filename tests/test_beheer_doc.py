"""Every `flask` command in docs/beheer.md runs, in the order written, on a new database of
each engine: the document cannot promise a command that does not work."""

import re
import shlex
from pathlib import Path

import pytest

import models
from app import create_app
from models import Gebruiker, Organisatie
from tests.conftest import _pg_admin

DOC = Path(__file__).resolve().parent.parent / "docs" / "beheer.md"
PREFIX = ".venv/bin/flask --app app "
BACKUPMAP = "/var/backups/participatieladder/"
WACHTWOORD = "bruine beer eet honing"


def _opdrachten() -> list[list[str]]:
    blokken = re.findall(r"```sh\n(.*?)```", DOC.read_text(), re.S)
    regels = [r for blok in blokken for r in blok.splitlines() if r.strip()]
    assert all(r.startswith(PREFIX) for r in regels), "alleen flask-opdrachten in ```sh-blokken"
    return [shlex.split(r.removeprefix(PREFIX)) for r in regels]


def test_the_doc_names_the_operator_tasks():
    eerste = [o[:1] for o in _opdrachten()]
    for taak in (["db"], ["create-user"], ["backup"], ["restore"], ["bewaartermijn"]):
        assert taak in eerste
    assert ["db", "rollen", "--app-rol", "ladder_app"] in _opdrachten()


@pytest.fixture
def nieuwe_installatie(lege_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": lege_database_url, "SECRET_KEY": "x"})
    yield app
    if not models.db.is_closed():
        models.db.close()


def _app_rol_bestaat(naam: str) -> None:
    """The role the document names, on the test server (roles belong to the whole server,
    so it may exist already from another run; it owns nothing)."""
    admin = _pg_admin()
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (naam,))
        if cur.fetchone() is None:
            cur.execute(f'CREATE ROLE "{naam}" LOGIN')
    admin.close()


def test_every_command_in_beheer_md_runs(nieuwe_installatie, tmp_path):
    runner = nieuwe_installatie.test_cli_runner()
    for args in _opdrachten():
        args = [a.replace(BACKUPMAP, f"{tmp_path}/") for a in args]
        if not models.db.is_closed():
            models.db.close()  # the service is stopped before a restore
        rollen = args[:2] == ["db", "rollen"]
        if rollen and not models.is_sqlite():
            _app_rol_bestaat(args[args.index("--app-rol") + 1])
        result = runner.invoke(args=args, input=f"{WACHTWOORD}\n{WACHTWOORD}\n")
        if rollen and models.is_sqlite():  # as documented: PostgreSQL only
            assert result.exit_code != 0 and "alleen in PostgreSQL" in result.output
            continue
        assert result.exit_code == 0, (args, result.output)
    with models.db.connection_context():
        assert Organisatie.get(Organisatie.naam == "Gemeente Voorbeeld").soort == "gemeente"
        for email, rol in (
            ("beheer@gemeente.nl", "beheerder"),
            ("km@gemeente.nl", "klantmanager"),
            ("installatie@hosting.nl", "installatiebeheerder"),
        ):
            gebruiker = Gebruiker.by_email(email)
            assert (gebruiker.rol, gebruiker.wachtwoord_wijzigen) == (rol, True)
