"""The command-line commands a municipality's administrator runs."""

import re

from models import Auditregel, Gebruiker, Organisatie


def test_db_upgrade_is_idempotent(runner):
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0
    assert "Database is bij." in result.output


def test_init_demo_creates_accounts_once_and_prints_working_passwords(runner, auth):
    result = runner.invoke(args=["init-demo"])
    assert result.exit_code == 0, result.output
    match = re.search(r"beheerder@voorbeeldstad\.nl\s+wachtwoord: (\S+)", result.output)
    assert match
    assert Gebruiker.by_email("beheerder@voorbeeldstad.nl").rol == "beheerder"
    again = runner.invoke(args=["init-demo"])
    assert again.exit_code == 0 and "bestaat al" in again.output
    assert Organisatie.select().count() == 1
    assert auth.login("beheerder@voorbeeldstad.nl", match.group(1)).status_code == 303


def test_create_user_checks_the_password_rule(runner):
    args = [
        "create-user",
        "--email",
        "a@b.nl",
        "--naam",
        "A",
        "--rol",
        "manager",
        "--organisatie",
        "ISD Noord",
        "--soort",
        "isd",
        "--nieuwe-organisatie",
    ]
    weak = runner.invoke(args=args + ["--wachtwoord", "password1234"])
    assert weak.exit_code != 0 and Gebruiker.by_email("a@b.nl") is None
    ok = runner.invoke(args=args + ["--wachtwoord", "bruine beer eet honing"])
    assert ok.exit_code == 0, ok.output
    gebruiker = Gebruiker.by_email("a@b.nl")
    assert gebruiker.organisatie.soort == "isd"
    assert Auditregel.get(Auditregel.actie == "aanmaken").oorsprong == "cli"


def test_create_user_refuses_an_unknown_organisation(runner, make_organisatie):
    make_organisatie("Gemeente Testdorp")
    args = ["create-user", "--email", "a@b.nl", "--naam", "A", "--rol", "klantmanager"]
    args += ["--wachtwoord", "bruine beer eet honing"]
    typo = runner.invoke(args=args + ["--organisatie", "Gemeente Testdrop"])
    assert typo.exit_code != 0
    assert "Organisatie 'Gemeente Testdrop' bestaat niet; er is niets aangemaakt." in typo.output
    assert "Bestaande organisaties: Gemeente Testdorp." in typo.output
    assert "--nieuwe-organisatie" in typo.output
    assert Organisatie.select().count() == 1 and Gebruiker.by_email("a@b.nl") is None

    ok = runner.invoke(args=args + ["--organisatie", "Gemeente Testdorp"])
    assert ok.exit_code == 0, ok.output
    assert Gebruiker.by_email("a@b.nl").organisatie.naam == "Gemeente Testdorp"
    assert Organisatie.select().count() == 1


def test_reset_password_prints_a_new_one(runner, auth, make_gebruiker):
    gebruiker = make_gebruiker()
    result = runner.invoke(args=["reset-password", "--email", gebruiker.email])
    assert result.exit_code == 0
    assert "Nieuw eenmalig wachtwoord voor" in result.output
    nieuw = result.output.splitlines()[0].rsplit(" ", 1)[-1]
    assert auth.login(gebruiker.email, nieuw).status_code == 303
    # a one-time password: the user chooses their own before anything else
    assert auth.client.get("/").headers["Location"] == "/account/wachtwoord"


def test_demo_data_loads_valid_klanten_and_metingen_once(runner):
    from forms.validators import is_valid_bsn
    from ladder.vragen import route
    from models import Klant, Meting

    assert runner.invoke(args=["demo-data"]).exit_code != 0  # needs init-demo first
    runner.invoke(args=["init-demo"])
    result = runner.invoke(args=["demo-data", "--aantal", "15"])
    assert result.exit_code == 0, result.output
    assert Klant.select().count() == 15
    metingen = list(Meting.select())
    assert len(metingen) >= 15
    for m in metingen:
        assert is_valid_bsn(m.klant.bsn)
        assert route(m.antwoorden_dict).trede == m.trede  # answers explain the trede
        assert (m.groeipotentieel is None) == (m.trede == 6)
    again = runner.invoke(args=["demo-data", "--aantal", "15"])
    assert "al klanten" in again.output and Klant.select().count() == 15


def test_bewaartermijn_forgets_expired_import_files(runner, make_gebruiker, clock):
    import datetime

    from models import Importbatch

    gebruiker = make_gebruiker()

    def batch(sleutel, leeftijd):
        return Importbatch.create(
            sleutel=sleutel,
            gebruiker=gebruiker,
            organisatie=gebruiker.organisatie,
            bestandsnaam="klanten.csv",
            soort="csv",
            inhoud=b"bsn;achternaam\n123456782;Jansen\n",
            aangemaakt=clock.now() - leeftijd,
        )

    verlopen = batch("oud", datetime.timedelta(hours=3))
    vers = batch("nieuw", datetime.timedelta(minutes=10))
    # Without --uitvoeren too: the files are past their time, whatever the klanten are.
    result = runner.invoke(args=["bewaartermijn"])
    assert result.exit_code == 0, result.output
    assert "1 verlopen importbestand(en) gewist." in result.output
    verlopen = Importbatch.get_by_id(verlopen.id)
    assert (verlopen.status, verlopen.inhoud) == ("verlopen", None)
    assert Importbatch.get_by_id(vers.id).inhoud is not None
    regel = Auditregel.get(Auditregel.object_type == "import")
    assert (regel.actie, regel.oorsprong) == ("wijzigen", "cli")
    again = runner.invoke(args=["bewaartermijn"])
    assert "importbestand" not in again.output
