"""Backup and restore on both engines: the data returns to the backup point, the app works
after, the audit log stays append-only, and every mistake answers in Dutch and changes nothing."""

import stat

import pytest
from peewee import DatabaseError

import models
from models import Auditregel, Organisatie


@pytest.fixture
def terugzetten(runner):
    def restore(pad, *extra, input=None):
        models.db.close()  # like the stopped service: no connection of ours in the way
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
