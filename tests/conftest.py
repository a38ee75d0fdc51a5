"""Fixtures: an app on a fresh real database (SQLite file, and PostgreSQL when
TEST_POSTGRES_URL is set, as `make test` does), a client that fills in CSRF tokens like a
browser, a movable clock and factories for the things tests need."""

import datetime
import os
import re
import shutil
import time
from urllib.parse import urlparse, urlunparse

import jinja2
import psycopg2
import pytest
from flask import Flask
from flask.testing import FlaskClient

import models
import models.gebruiker
from app import create_app
from ladder import gesprek as ladder_gesprek
from services import clock as clock_module
from services import metingen as metingen_service
from tests.fixtures.uitwisseling import KENMERKEN

PASSWORD = "ladder-test-wachtwoord-42"
PG_URL = os.environ.get("TEST_POSTGRES_URL", "")
ENGINES = ["sqlite", "postgres"]


def _pg_admin():
    admin = psycopg2.connect(PG_URL)
    admin.autocommit = True
    return admin


def _pg_url_voor(naam: str) -> str:
    return urlunparse(urlparse(PG_URL)._replace(path="/" + naam))


def _pg_opnieuw(naam: str, sjabloon: str | None = None) -> str:
    """Drop and create the database `naam` (a copy of `sjabloon` when given); its url.

    Connections an earlier test's app left open are ended first: neither DROP DATABASE nor
    CREATE DATABASE … TEMPLATE runs while anyone is connected."""
    admin = _pg_admin()
    with admin.cursor() as cur:
        cur.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname IN (%s, %s) AND pid <> pg_backend_pid()",
            (naam, sjabloon or naam),
        )
        cur.execute(f'DROP DATABASE IF EXISTS "{naam}"')
        cur.execute(f'CREATE DATABASE "{naam}"' + (f' TEMPLATE "{sjabloon}"' if sjabloon else ""))
    admin.close()
    return _pg_url_voor(naam)


def wacht_tot_verbinding_weg(pid: int) -> None:
    """A closed client's server process ends a moment later, not at once: wait for that,
    as an operator stopping the service would (bounded, so a hang fails the test)."""
    beheer = _pg_admin()
    try:
        for _ in range(200):
            with beheer.cursor() as cur:
                cur.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,))
                if cur.fetchone() is None:
                    return
            time.sleep(0.05)
        raise AssertionError(f"de verbinding {pid} is na 10 s nog open")
    finally:
        beheer.close()


WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")


def _pg_database_url() -> str:
    """A database of this test worker's own on the throwaway server, created once."""
    name = "pl_test_" + WORKER
    admin = _pg_admin()
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return _pg_url_voor(name)


@pytest.fixture(scope="session")
def pg_url():
    if not PG_URL:
        pytest.skip(
            "PostgreSQL niet beschikbaar (TEST_POSTGRES_URL ontbreekt); `make test` start er een"
        )
    return _pg_database_url()


def _migreer(url: str) -> None:
    """Run every migration on the database at url, then close all its connections."""
    create_app({"TESTING": True, "DATABASE_URL": url, "SECRET_KEY": "sjabloon"})
    models.db.connect(reuse_if_open=True)
    models.migrate()
    if models.is_sqlite():
        models.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    models.db.close()
    if hasattr(models.db.obj, "close_all"):
        models.db.obj.close_all()


@pytest.fixture(scope="session")
def sjablonen(tmp_path_factory):
    """Migrated databases made once per test session, copied for each test (issue 16: the
    migrations ran for every test before and were a large part of the suite's time)."""
    gemaakt: dict[str, str] = {}

    def sjabloon(engine: str) -> str:
        if engine not in gemaakt:
            if engine == "sqlite":
                pad = tmp_path_factory.mktemp("sjabloon") / "sjabloon.db"
                _migreer(f"sqlite:///{pad}")
                gemaakt[engine] = str(pad)
            else:
                naam = "pl_sjabloon_" + WORKER
                _migreer(_pg_opnieuw(naam))
                _pg_opnieuw(naam + "_leeg")  # ends the template's last connections
                gemaakt[engine] = naam
        return gemaakt[engine]

    return sjabloon


@pytest.fixture(params=ENGINES)
def database_url(request, tmp_path, sjablonen):
    """Each database test runs on SQLite and on PostgreSQL, on a fresh copy of a database
    with every migration applied."""
    if request.param == "sqlite":
        pad = tmp_path / "test.db"
        shutil.copyfile(sjablonen("sqlite"), pad)
        return f"sqlite:///{pad}"
    request.getfixturevalue("pg_url")  # skips without PostgreSQL
    return _pg_opnieuw("pl_test_" + WORKER, sjablonen("postgres"))


@pytest.fixture(params=ENGINES)
def lege_database_url(request, tmp_path):
    """An empty database, for the tests of the migrations themselves."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url = request.getfixturevalue("pg_url")
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    conn.close()
    return url


# Templates compiled once for the whole session instead of once per app (every test makes
# an app of its own, and compiling the templates took a tenth of a second per page type).
class _GedeeldeBytecode(jinja2.BytecodeCache):
    def __init__(self):
        self.opslag: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.opslag:
            bucket.bytecode_from_string(self.opslag[bucket.key])

    def dump_bytecode(self, bucket):
        self.opslag[bucket.key] = bucket.bytecode_to_string()


BYTECODE = _GedeeldeBytecode()
ECHTE_WACHTWOORD_METHODE = models.gebruiker.WACHTWOORD_METHODE


@pytest.fixture(autouse=True, scope="session")
def _goedkope_wachtwoordhash():
    """scrypt with a small work factor in tests: the same algorithm and code path, without
    a quarter of a second per account and per login. tests/services/test_auth.py checks the
    real one."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(models.gebruiker, "WACHTWOORD_METHODE", "scrypt:1024:8:1")
        yield


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "SESSION_COOKIE_SECURE": False,
            # The second factor has its own tests (test_tweefactor.py); elsewhere it would
            # only add a step to every login.
            "TWEE_FACTOR": False,
        }
    )
    app.jinja_env.bytecode_cache = BYTECODE
    models.db.connect(reuse_if_open=True)
    models.migrate()
    yield app
    if not models.db.is_closed():
        models.db.close()
    if hasattr(models.db.obj, "close_all"):
        models.db.obj.close_all()  # the pool's connections too, before the next test's copy


class ServerClient(FlaskClient):
    """Reads each response to its end and closes it, as a WSGI server does: a download sent
    from a temporary file is closed then (werkzeug's client leaves that to the garbage
    collector unless asked). buffered=False reads a response as it comes."""

    def open(self, *args, buffered: bool = True, **kwargs):
        return super().open(*args, buffered=buffered, **kwargs)


# Every test app's client, also those a test module makes itself (the fuzzer's world).
Flask.test_client_class = ServerClient


class FormClient:
    """A test client that, like a browser, posts forms with the CSRF token of the page."""

    CSRF = re.compile(
        r'name="csrf_token" type="hidden" value="([^"]+)"|'
        r'type="hidden" name="csrf_token" value="([^"]+)"'
    )

    def __init__(self, client):
        self.client = client

    def __getattr__(self, name):
        return getattr(self.client, name)

    def csrf_token(self, url: str = "/inloggen") -> str:
        page = self.client.get(url).get_data(as_text=True)
        match = self.CSRF.search(page)
        assert match, f"geen CSRF-token op {url}"
        return match.group(1) or match.group(2)

    def submit(self, url: str, data: dict | None = None, *, token_from: str | None = None, **kw):
        """GET the form page (or token_from), then POST data with its CSRF token."""
        payload = dict(data or {})
        payload["csrf_token"] = self.csrf_token(token_from or url)
        return self.client.post(url, data=payload, **kw)


@pytest.fixture
def client(app):
    return FormClient(app.test_client())


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class FakeClock:
    def __init__(self):
        self.current = datetime.datetime(2026, 3, 2, 9, 0, 0)

    def now(self):
        return self.current

    def advance(self, **delta):
        self.current += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    fake = FakeClock()
    monkeypatch.setattr(clock_module, "now", fake.now)
    return fake


@pytest.fixture
def make_organisatie(app):
    def make(naam="Gemeente Testdorp", soort="gemeente"):
        return models.Organisatie.create(naam=naam, soort=soort)

    return make


@pytest.fixture
def make_gebruiker(app, make_organisatie):
    counter = {"n": 0}

    def make(rol="klantmanager", organisatie=None, email=None, naam=None, actief=True, team=None):
        counter["n"] += 1
        organisatie = (
            organisatie
            or models.Organisatie.get_or_none(models.Organisatie.naam == "Gemeente Testdorp")
            or make_organisatie()
        )
        gebruiker = models.Gebruiker(
            naam=naam or f"Test {rol} {counter['n']}",
            email=email or f"{rol}{counter['n']}@testdorp.nl",
            rol=rol,
            organisatie=organisatie,
            actief=actief,
            team=team,
        )
        gebruiker.zet_wachtwoord(PASSWORD)
        gebruiker.save()
        return gebruiker

    return make


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, email, password=PASSWORD):
        return self.client.submit("/inloggen", {"email": email, "wachtwoord": password})

    def logout(self):
        return self.client.submit("/uitloggen", token_from="/")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def logged_in(auth, make_gebruiker):
    """Log in a fresh user with the given role; returns the Gebruiker."""

    def login_as(rol="klantmanager", **kwargs):
        gebruiker = make_gebruiker(rol=rol, **kwargs)
        response = auth.login(gebruiker.email)
        assert response.status_code == 303, response.get_data(as_text=True)[:500]
        return gebruiker

    return login_as


@pytest.fixture
def make_klant(app):
    counter = {"n": 0}
    # Valid BSNs (11-proef) for test klanten.
    bsns = [
        "111222333",
        "123456782",
        "999993653",
        "100000009",
        "100000010",
        "100000022",
        "100000034",
        "100000046",
        "100000058",
        "100000071",
    ]

    def make(organisatie, achternaam="Jansen", **fields):
        counter["n"] += 1
        values = {
            "bsn": bsns[counter["n"] - 1],
            "achternaam": achternaam,
            "voornaam": "Piet",
            "voorletters": "P.",
            "geboortedatum": datetime.date(1980, 5, 17),
            "organisatie": organisatie,
        }
        values.update(fields)
        return models.Klant.create(**values)

    return make


# The answers of the klantkenmerken page that MetingDriver gives unless told otherwise.
KENMERKEN_STANDAARD = {
    **KENMERKEN,
    "toelichting": "",
    "klantmanager": "",
    "team": "",
    "afdeling": "",
    "volgende_meetdatum-dag": "2",
    "volgende_meetdatum-maand": "3",
    "volgende_meetdatum-jaar": "2027",
}


class MetingDriver:
    """Makes metingen for a test as the logged-in user: `complete` through the meting
    service (services/metingen.py, the code the pages call), `complete_via_schermen` and
    the page-by-page methods the way a klantmanager clicks through them."""

    def __init__(self, client):
        self.client = client

    def gebruiker(self) -> models.Gebruiker:
        """The user logged in on this test client."""
        with self.client.session_transaction() as sessie:
            token = sessie["_user_id"]
        return models.Sessie.get(
            models.Sessie.token_hash == models.gebruiker.hash_token(token)
        ).gebruiker

    def complete(
        self,
        klant_id: int,
        antwoorden: list[bool] = (),
        groei: bool | None = None,
        datum=(2, 3, 2026),
        aanleiding="intake",
        code: int | None = None,
        subgroepen=("1",),
        **kenmerken,
    ):
        """A whole meting, answered and saved through the meting service as the pages would
        (the same arguments as complete_via_schermen); returns the meting."""
        gebruiker = self.gebruiker()
        meting = metingen_service.begin(models.Klant.get_by_id(klant_id), gebruiker).meting
        metingen_service.kies_meetmoment(
            meting,
            meetdatum=datetime.date(datum[2], datum[1], datum[0]),
            aanleiding=aanleiding,
            code=code,
            code_toelichting="Klant niet bereikbaar" if code is not None else "",
        )
        for antwoord in antwoorden:
            metingen_service.beantwoord_vraag(
                meting, ladder_gesprek.volgende_stap(meting.stand), antwoord
            )
        if code is None:
            assert ladder_gesprek.volgende_stap(meting.stand) == "uitkomst", meting.stand
            metingen_service.bevestig_uitkomst(meting)
        if ladder_gesprek.volgende_stap(meting.stand) == "groeipotentieel":
            metingen_service.beantwoord_groeivraag(meting, bool(groei))
        metingen_service.kies_subgroepen(meting, subgroepen)
        metingen_service.kies_kenmerken(meting, _kenmerken(aanleiding, datum, kenmerken))
        metingen_service.opslaan(meting, gebruiker, kenmerken.get("correctiereden", ""))
        return models.Meting.get_by_id(meting.id)

    def start(self, klant_id: int):
        page = self.client.get(f"/klanten/{klant_id}").get_data(as_text=True)
        token = re.search(r'name="token" type="hidden" value="([^"]+)"', page).group(1)
        response = self.client.submit(
            f"/klanten/{klant_id}/metingen", {"token": token}, token_from=f"/klanten/{klant_id}"
        )
        assert response.status_code == 303, response.status_code
        return response.headers["Location"]

    def post(self, url: str, data: dict):
        response = self.client.submit(url, data)
        assert response.status_code == 303, (url, response.get_data(as_text=True)[:3000])
        return response.headers["Location"]

    def meetmoment(
        self, url, datum=(2, 3, 2026), aanleiding="intake", methode="vragen", toelichting=""
    ):
        dag, maand, jaar = datum
        return self.post(
            url,
            {
                "meetdatum-dag": dag,
                "meetdatum-maand": maand,
                "meetdatum-jaar": jaar,
                "aanleiding": aanleiding,
                "methode": methode,
                "code_toelichting": toelichting,
            },
        )

    def answer(self, url, ja: bool):
        return self.post(url, {"antwoord": "ja" if ja else "nee"})

    def kenmerken(self, url, **overrides):
        data = dict(KENMERKEN_STANDAARD)
        data.update(overrides)
        return self.post(url, data)

    def complete_via_schermen(
        self,
        klant_id: int,
        antwoorden: list[bool] = (),
        groei: bool | None = None,
        datum=(2, 3, 2026),
        aanleiding="intake",
        code: int | None = None,
        subgroepen=("1",),
        **kenmerken,
    ):
        """A whole meting from the klant page to the saved meting, page by page over HTTP;
        returns the meting."""
        url = self.start(klant_id)
        url = self.meetmoment(
            url,
            datum=datum,
            aanleiding=aanleiding,
            methode=str(code) if code is not None else "vragen",
            toelichting="Klant niet bereikbaar" if code is not None else "",
        )
        for antwoord in antwoorden:
            url = self.answer(url, antwoord)
        if code is None:
            assert url.endswith("/stap/uitkomst"), url
            url = self.post(url, {})
        if url.endswith("/stap/groeipotentieel"):
            url = self.answer(url, bool(groei))
        assert url.endswith("/stap/subgroepen"), url
        url = self.post(url, {"subgroepen": list(subgroepen)} if subgroepen else {"geen": "y"})
        if aanleiding == "uitstroom":
            kenmerken = {
                "uitstroomreden": "werk_zes_maanden",
                "volgende_meetdatum-dag": "",
                "volgende_meetdatum-maand": "",
                "volgende_meetdatum-jaar": "",
                **kenmerken,
            }
        elif datum != (2, 3, 2026) and "volgende_meetdatum-jaar" not in kenmerken:
            kenmerken = {
                "volgende_meetdatum-dag": datum[0],
                "volgende_meetdatum-maand": datum[1],
                "volgende_meetdatum-jaar": datum[2] + 1,
                **kenmerken,
            }
        url = self.kenmerken(url, **kenmerken)
        assert url.endswith("/stap/controle"), url
        url = self.post(url, {})
        meting_id = int(url.rstrip("/").rsplit("/", 1)[-1])
        return models.Meting.get_by_id(meting_id)


def _kenmerken(aanleiding: str, datum: tuple, velden: dict) -> "metingen_service.Kenmerken":
    """The klantkenmerken page's answers as complete_via_schermen would post them."""
    data = {**KENMERKEN_STANDAARD, **velden}
    if aanleiding == "uitstroom":
        data = {"uitstroomreden": "werk_zes_maanden", **data}
        data = {**data, **{f"volgende_meetdatum-{d}": "" for d in ("dag", "maand", "jaar")}}
        data.update(velden)
    elif datum != (2, 3, 2026) and "volgende_meetdatum-jaar" not in velden:
        data["volgende_meetdatum-dag"], data["volgende_meetdatum-maand"] = datum[0], datum[1]
        data["volgende_meetdatum-jaar"] = datum[2] + 1
    volgende = None
    if data["volgende_meetdatum-jaar"] not in ("", None):
        volgende = datetime.date(
            *(int(data[f"volgende_meetdatum-{d}"]) for d in ("jaar", "maand", "dag"))
        )
    waarden = {code: data[code] for code in KENMERKEN}
    if data.get("vrijstelling_code"):
        waarden["vrijstelling_arbeidsplicht"] = data["vrijstelling_code"]
    return metingen_service.Kenmerken(
        waarden=waarden,
        volgende_meetdatum=volgende,
        toelichting=data.get("toelichting", ""),
        uitstroomreden=data.get("uitstroomreden", ""),
        klantmanager=int(data["klantmanager"]) if data.get("klantmanager") else None,
        team=int(data["team"]) if data.get("team") else None,
        afdeling=data.get("afdeling", ""),
        eigen={k.removeprefix("eigen_"): v for k, v in data.items() if k.startswith("eigen_")},
    )


@pytest.fixture
def meting(client):
    return MetingDriver(client)
