"""Every `flask` command in docs/beheer.md runs, in the order written, on a new database of
each engine: the document cannot promise a command that does not work."""

import re
import shlex
from pathlib import Path

import pytest

import models
from app import create_app
from models import Gebruiker, Organisatie

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


@pytest.fixture
def nieuwe_installatie(lege_database_url):
    app = create_app({"TESTING": True, "DATABASE_URL": lege_database_url, "SECRET_KEY": "x"})
    yield app
    if not models.db.is_closed():
        models.db.close()


def test_every_command_in_beheer_md_runs(nieuwe_installatie, tmp_path):
    runner = nieuwe_installatie.test_cli_runner()
    for args in _opdrachten():
        args = [a.replace(BACKUPMAP, f"{tmp_path}/") for a in args]
        if not models.db.is_closed():
            models.db.close()  # the service is stopped before a restore
        result = runner.invoke(args=args, input=f"{WACHTWOORD}\n{WACHTWOORD}\n")
        assert result.exit_code == 0, (args, result.output)
    with models.db.connection_context():
        assert Organisatie.get().naam == "Gemeente Voorbeeld"
        assert Gebruiker.by_email("beheer@gemeente.nl").rol == "beheerder"
        assert Gebruiker.by_email("km@gemeente.nl").rol == "klantmanager"
