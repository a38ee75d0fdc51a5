"""Upgrading a database that already holds data: an installation that ran an older release
has organisations, accounts, klanten, metingen and an audit trail, and the next release's
migrations must keep every row and value and give the new columns their defaults. Runs on
SQLite and on PostgreSQL (see the lege_database_url fixture in conftest.py)."""

import datetime
import json
import re

import pytest
from peewee import IntegrityError, InternalError, OperationalError
from playhouse.migrations import Runner
from werkzeug.security import generate_password_hash

import models
from app import create_app
from ladder import gesprek
from models import db
from tests.conftest import PASSWORD, Auth, FormClient

ANTWOORDEN = {"V1": False, "V3": False, "V4": True}


@pytest.fixture
def oude_database(lege_database_url):
    """An app whose database stopped at an older migration (the release it ran before)."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": lege_database_url,
            "SECRET_KEY": "test-secret-key",
            "SESSION_COOKIE_SECURE": False,
            "TWEE_FACTOR": False,
        }
    )
    db.connect(reuse_if_open=True)

    def tot(migratie: str) -> Runner:
        runner = Runner(db.obj, directory=str(models.MIGRATIONS))
        runner.up(target=migratie)
        assert set(runner.applied()) == {m.name for m in runner.migrations() if m.name <= migratie}
        return runner

    yield app, tot
    if not db.is_closed():
        db.close()


def _voeg_in(tabel: str, **waarden) -> int:
    """Insert a row the way the older release stored it: plain SQL with only the columns
    that existed then (the models already know the later ones). A column left out gets the
    default the model gave it then (peewee's defaults live in Python, not in the schema)."""
    model = next(m for m in models.ALL_MODELS if m._meta.table_name == tabel)
    for kolom in db.get_columns(tabel):
        if kolom.name not in waarden and kolom.name != "id" and not kolom.null:
            veld = model._meta.columns[kolom.name]
            default = veld.default() if callable(veld.default) else veld.default
            waarden[kolom.name] = veld.db_value(default)
    kolommen = ", ".join(f'"{k}"' for k in waarden)
    plekken = ", ".join([db.obj.param] * len(waarden))
    cursor = db.execute_sql(
        f'INSERT INTO "{tabel}" ({kolommen}) VALUES ({plekken}) RETURNING "id"',  # noqa: S608 - names of the test
        list(waarden.values()),
    )
    return cursor.fetchone()[0]


def _vul_oude_database(met_kenmerken: bool) -> dict[str, int]:
    """Rows of a running installation, with the columns of migration 0001 only."""
    with db.atomic():
        ids = {}
        ids["org"] = _voeg_in(
            "organisatie", naam="Gemeente Oudstad", soort="gemeente", standaard_interval_maanden=6
        )
        ids["team"] = _voeg_in("team", organisatie_id=ids["org"], naam="Werk", afdeling="W&I")
        ids["km"] = _voeg_in(
            "gebruiker",
            naam="Karin Mulder",
            email="k.mulder@oudstad.nl",
            wachtwoord_hash=generate_password_hash(PASSWORD, method="scrypt"),
            rol="klantmanager",
            organisatie_id=ids["org"],
            team_id=ids["team"],
            actief=True,
            laatste_login="2024-11-04 08:15:00",
            aangemaakt="2023-01-09 09:00:00",
        )
        ids["klant"] = _voeg_in(
            "klant",
            bsn="111222333",
            achternaam="Bakker",
            tussenvoegsel="de",
            voornaam="Fatima",
            voorletters="F.",
            geboortedatum="1979-03-21",
            geslacht="v",
            adres="Dorpsstraat 1",
            postcode="1234 AB",
            woonplaats="Oudstad",
            organisatie_id=ids["org"],
            klantmanager_id=ids["km"],
            team_id=ids["team"],
            aangemaakt="2024-01-15 10:00:00",
            gewijzigd="2024-01-15 10:00:00",
            versie=2,
        )
        ids["meting"] = _voeg_in(
            "meting",
            klant_id=ids["klant"],
            organisatie_id=ids["org"],
            status="definitief",
            meetdatum="2024-02-01",
            aanleiding="intake",
            trede=3,
            groeipotentieel="+",
            antwoorden=json.dumps(ANTWOORDEN),
            groei_antwoord="ja",
            inkomenssituatie="gemeentelijke_uitkering",
            startkwalificatie="nee",
            laaggeletterd="ja",
            toelichting="Wil graag vrijwilligerswerk doen.",
            volgende_meetdatum="2025-02-01",
            klantmanager_id=ids["km"],
            afdeling="W&I",
            team_id=ids["team"],
            invoerder_id=ids["km"],
            aangemaakt="2024-02-01 10:00:00",
            gewijzigd="2024-02-01 10:30:00",
            definitief_op="2024-02-01 10:30:00",
        )
        if "bevestigde_stappen" in {k.name for k in db.get_columns("meting")}:
            # From 0002 on, a saved meting records the pages of the conversation confirmed.
            models.Meting.update(
                bevestigde_stappen=json.dumps(list(gesprek.BEVESTIGDE_STAPPEN))
            ).where(models.Meting.id == ids["meting"]).execute()
        _voeg_in("meting_subgroep", meting_id=ids["meting"], subgroep="1")
        ids["audit"] = _voeg_in(
            "auditregel",
            tijdstip="2024-02-01 10:30:00",
            gebruiker_id=ids["km"],
            gebruiker_naam="Karin Mulder",
            organisatie_id=ids["org"],
            actie="aanmaken",
            object_type="meting",
            object_id=str(ids["meting"]),
            klant_id=ids["klant"],
            oorsprong="10.0.0.7",
            omschrijving="meting vastgelegd",
        )
        if met_kenmerken:  # the tables of migration 0005
            ids["kenmerk"] = _voeg_in(
                "organisatie_kenmerk",
                organisatie_id=ids["org"],
                code="rijbewijs",
                vraag="Heeft de klant een rijbewijs?",
                opties="Ja\nNee",
                actief=True,
            )
            _voeg_in("meting_kenmerk", meting_id=ids["meting"], code="rijbewijs", waarde="Ja")
    return ids


@pytest.mark.parametrize(
    "oude_versie", ["0001_initial", "0005_eigen_kenmerken", "0007_instrumenten"]
)
def test_upgrade_keeps_the_data_of_an_older_release(oude_database, oude_versie):
    app, tot = oude_database
    tot(oude_versie)
    ids = _vul_oude_database(met_kenmerken=oude_versie >= "0005")

    toegepast = models.migrate()

    assert (
        toegepast
        and toegepast[-1] == sorted(p.stem for p in models.MIGRATIONS.glob("[0-9]*.py"))[-1]
    )
    assert models.migrate() == []

    org = models.Organisatie.get_by_id(ids["org"])
    assert (org.naam, org.soort, org.standaard_interval_maanden) == (
        "Gemeente Oudstad",
        "gemeente",
        6,
    )
    # Columns added after 0001 take their defaults on the existing row.
    assert org.partner_metingen_beoordelen is True
    assert org.bewaartermijn_jaren == 7
    assert org.benchmark_deelname is False

    team = models.Team.get_by_id(ids["team"])
    assert (team.organisatie_id, team.naam, team.afdeling) == (ids["org"], "Werk", "W&I")

    km = models.Gebruiker.get_by_id(ids["km"])
    assert (km.naam, km.email, km.rol, km.actief) == (
        "Karin Mulder",
        "k.mulder@oudstad.nl",
        "klantmanager",
        True,
    )
    assert (km.organisatie_id, km.team_id) == (ids["org"], ids["team"])
    assert km.laatste_login == datetime.datetime(2024, 11, 4, 8, 15)
    assert km.totp_secret is None and km.totp_laatste_stap is None
    assert km.controleer_wachtwoord(PASSWORD)

    klant = models.Klant.get_by_id(ids["klant"])
    assert (klant.bsn, klant.achternaam, klant.tussenvoegsel, klant.voornaam) == (
        "111222333",
        "Bakker",
        "de",
        "Fatima",
    )
    assert klant.geboortedatum == datetime.date(1979, 3, 21)
    assert (klant.postcode, klant.woonplaats, klant.versie) == ("1234 AB", "Oudstad", 2)
    assert (klant.klantmanager_id, klant.team_id) == (ids["km"], ids["team"])
    assert klant.geanonimiseerd is None

    m = models.Meting.get_by_id(ids["meting"])
    assert (m.status, m.trede, m.groeipotentieel, m.aanleiding) == (
        "definitief",
        3,
        "+",
        "intake",
    )
    assert m.meetdatum == datetime.date(2024, 2, 1)
    assert m.volgende_meetdatum == datetime.date(2025, 2, 1)
    assert m.definitief_op == datetime.datetime(2024, 2, 1, 10, 30)
    assert m.antwoorden_dict == ANTWOORDEN
    assert (m.inkomenssituatie, m.startkwalificatie, m.laaggeletterd) == (
        "gemeentelijke_uitkering",
        "nee",
        "ja",
    )
    assert m.toelichting == "Wil graag vrijwilligerswerk doen."
    assert (m.klantmanager_id, m.invoerder_id, m.team_id) == (ids["km"], ids["km"], ids["team"])
    assert m.subgroep_codes == ["1"]
    # Defaults of the columns added by 0002, 0003 and 0007.
    assert m.idempotentie_token is None
    assert m.beoordeeld_door_id is None and m.beoordeeld_op is None
    assert m.beoordelingsreden == ""
    assert m.traject_id is None

    if "kenmerk" in ids:
        kenmerk = models.OrganisatieKenmerk.get_by_id(ids["kenmerk"])
        assert (kenmerk.code, kenmerk.optielijst, kenmerk.actief) == (
            "rijbewijs",
            ["Ja", "Nee"],
            True,
        )
        waarde = models.MetingKenmerk.get(models.MetingKenmerk.meting == ids["meting"])
        assert (waarde.code, waarde.waarde) == ("rijbewijs", "Ja")

    regel = models.Auditregel.get_by_id(ids["audit"])
    assert (regel.actie, regel.object_type, regel.object_id, regel.klant_id) == (
        "aanmaken",
        "meting",
        str(ids["meting"]),
        ids["klant"],
    )
    assert (regel.gebruiker_naam, regel.oorsprong, regel.resultaat) == (
        "Karin Mulder",
        "10.0.0.7",
        "gelukt",
    )
    assert regel.tijdstip == datetime.datetime(2024, 2, 1, 10, 30)
    # The upgrade left the audit trail append-only.
    with (
        pytest.raises((IntegrityError, InternalError, OperationalError)),
        db.atomic(),
    ):
        models.Auditregel.update(omschrijving="weg").where(
            models.Auditregel.id == ids["audit"]
        ).execute()


def _meting_pagina_na_upgrade(app, ids) -> str:
    """Log in as the migrated klantmanager and open the klant and the migrated meting."""
    client = FormClient(app.test_client())
    assert Auth(client).login("k.mulder@oudstad.nl").status_code == 303
    klant = client.get(f"/klanten/{ids['klant']}")
    assert klant.status_code == 200
    assert "Fatima de Bakker" in klant.get_data(as_text=True)
    meting = client.get(f"/metingen/{ids['meting']}")
    assert meting.status_code == 200
    # New rows get ids after the old ones (the sequences survived the upgrade).
    assert models.Auditregel.select().where(models.Auditregel.id > ids["audit"]).count() >= 2
    return meting.get_data(as_text=True)


def _rij(pagina: str, label: str) -> str:
    """The value next to a label in the meting's summary (templates/metingen/_overzicht)."""
    gevonden = re.search(rf"<dt>{re.escape(label)}</dt>\s*<dd>([^<]*)</dd>", pagina)
    return gevonden.group(1) if gevonden else ""


def _toont_de_hele_meting(pagina: str) -> None:
    assert _rij(pagina, "Trede") == "Trede 3: Deelname georganiseerde activiteiten"
    assert _rij(pagina, "Laaggeletterd") == "Ja"
    assert _rij(pagina, "Toelichting") == "Wil graag vrijwilligerswerk doen."
    assert _rij(pagina, "Heeft de klant een rijbewijs?") == "Ja"
    assert _rij(pagina, "Team") == "Werk"
    assert _rij(pagina, "Subgroepen") != ""


def test_the_klantmanager_works_on_with_the_upgraded_data(oude_database):
    app, tot = oude_database
    tot("0005_eigen_kenmerken")
    ids = _vul_oude_database(met_kenmerken=True)
    models.migrate()
    _toont_de_hele_meting(_meting_pagina_na_upgrade(app, ids))


def test_a_meting_saved_before_0002_still_shows_its_kenmerken(oude_database):
    app, tot = oude_database
    tot("0001_initial")
    ids = _vul_oude_database(met_kenmerken=False)
    models.migrate()
    with db.atomic():  # the kenmerk a beheerder adds after the upgrade
        kenmerk = models.OrganisatieKenmerk.create(
            organisatie=ids["org"], code="rijbewijs", vraag="Heeft de klant een rijbewijs?"
        )
        models.MetingKenmerk.create(meting=ids["meting"], code=kenmerk.code, waarde="Ja")
    _toont_de_hele_meting(_meting_pagina_na_upgrade(app, ids))


def test_0012_encrypts_stored_secrets_and_old_codes_keep_working(oude_database, monkeypatch):
    """Issue 14, item 10: after the upgrade the authenticator secret is no longer in clear
    in the database, and the user logs in with the same app and the same recovery codes."""
    import hashlib

    import pyotp

    from tests.conftest import FakeClock

    app, tot = oude_database
    tot("0010_bevestigde_stappen_oude_metingen")
    geheim = pyotp.random_base32()
    oude_code = "a1b2c3-d4e5f6"  # the 48-bit format of before
    with db.atomic():
        org = _voeg_in("organisatie", naam="Gemeente Oudstad", soort="gemeente")
        km = _voeg_in(
            "gebruiker",
            naam="Karin Mulder",
            email="k.mulder@oudstad.nl",
            wachtwoord_hash=generate_password_hash(PASSWORD, method="scrypt"),
            rol="klantmanager",
            organisatie_id=org,
            actief=True,
            aangemaakt="2023-01-09 09:00:00",
            totp_secret=geheim,
        )
        _voeg_in(
            "herstelcode",
            gebruiker_id=km,
            code_hash=hashlib.sha256(oude_code.replace("-", "").encode()).hexdigest(),
        )

    # Without the key the migration stops, and leaves nothing half done.
    with pytest.raises(RuntimeError, match="TOTP_SLEUTEL"):
        models.migrate()
    assert db.execute_sql("SELECT totp_secret FROM gebruiker").fetchone()[0] == geheim
    assert "inlogpoging" not in db.get_tables()
    assert any(m.startswith("0012") for m in models.migrate(app.config["TOTP_SLEUTEL"]))
    opgeslagen = models.Gebruiker.get_by_id(km).totp_secret
    assert geheim not in opgeslagen

    app.config["TWEE_FACTOR"] = True
    klok = FakeClock()
    from services import clock as clock_module

    monkeypatch.setattr(clock_module, "now", klok.now)
    browser = FormClient(app.test_client())
    Auth(browser).login("k.mulder@oudstad.nl")
    code = pyotp.TOTP(geheim).at(klok.current.replace(tzinfo=datetime.UTC))
    assert browser.submit("/inloggen/code", {"code": code}).status_code == 303
    Auth(browser).logout()
    Auth(browser).login("k.mulder@oudstad.nl")
    assert browser.submit("/inloggen/code", {"code": oude_code}).status_code == 303
