"""Crash safety and a full disk.

Crash: the production server (waitress) on a SQLite file, a klantmanager completing metingen
in a loop, and the server killed with SIGKILL at random moments, twenty times, each time
restarted. Afterwards the database is intact, every meting whose save was acknowledged is
there and definitief, with its audit line, and no definitive meting is half-written.

Full disk: SQLite's max_page_count makes the database full at the moment of a save. The user
gets a clear Dutch page (503), nothing of the save is stored, and once there is room again
the same save succeeds. The same on both engines with the error a full PostgreSQL disk gives
(DiskFull), raised half-way through the save.

Everything stays on 127.0.0.1; every loop is bounded in count and time."""

import datetime
import http.client
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import peewee
import psycopg2.errors
import pytest

import models
from app import create_app
from services import audit as audit_module
from tests.conftest import PASSWORD, Auth, FormClient, MetingDriver
from tests.fixtures.klant import KLANT_FORMULIER

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
WACHTWOORD = "blauwe tram rijdt door utrecht"  # 12+ characters, zxcvbn score >= 3
EENMALIG = "gele bus stopt bij het plein"  # create-user's, replaced at the first login
KILLS = 20
UPTIME_MS = (50, 500)
# A safety net, not a goal: the test counts kills, not seconds, so a busy machine (another
# test worker, CI) makes it slower, never red. Twenty kills take 20-40 s on a quiet one.
CHAOS_LIMIET = 600
START_TIMEOUT = 20  # seconds for one server start


# --------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """waitress-serve in a subprocess, as in production, on a SQLite file."""

    def __init__(self, workdir: Path):
        self.db_path = workdir / "crash.db"
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.db_path}",
            "SECRET_KEY": "crash-test-secret-key-niet-voor-productie",
            "SESSION_COOKIE_SECURE": "0",
            "TWEE_FACTOR": "uit",
        }
        self.env.pop("FLASK_APP", None)
        self.log_path = workdir / "waitress.log"
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def flask(self, *args: str) -> None:
        subprocess.run(
            [str(BIN / "flask"), "--app", "app", *args],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )

    def start(self) -> None:
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    str(BIN / "waitress-serve"),
                    "--host=127.0.0.1",
                    f"--port={self.port}",
                    "--threads=4",
                    "--call",
                    "app:create_app",
                ],
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"waitress stopte meteen:\n{self.log()}")
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                conn.request("GET", "/gezondheid")
                if conn.getresponse().status == 200:
                    return
            except (OSError, http.client.HTTPException):
                pass
            finally:
                conn.close()  # also when refused: an unclosed socket is a ResourceWarning
            time.sleep(0.02)  # polling a starting process
        raise RuntimeError(f"waitress antwoordde niet binnen {START_TIMEOUT} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no clean shutdown, no flushing, as a power cut or an OOM kill."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-3000:] if self.log_path.exists() else ""


# --------------------------------------------------------------------------- the client


class Onbereikbaar(Exception):
    """The server is down (killed) or the connection broke half-way."""


class Browser:
    """A minimal browser on http.client: one cookie jar, no redirects followed."""

    CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'type="hidden" name="csrf_token" value="([^"]+)"')  # fmt: skip

    def __init__(self, server: Server):
        self.server = server
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None):
        body = urlencode(data, doseq=True) if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request(method, path, body, headers)
            response = conn.getresponse()
            content = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException) as error:
            raise Onbereikbaar(str(error)) from error
        finally:
            conn.close()  # also when the server was killed half-way
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if not value or "01 Jan 1970" in header or "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        location = urlsplit(response.headers.get("Location", "")).path
        return response.status, location, content

    def get(self, path: str):
        return self.request("GET", path)

    def csrf(self, page: str) -> str:
        match = self.CSRF.search(page)
        assert match, f"geen CSRF-token in {page[:500]}"
        return match.group(1) or match.group(2)

    def login(self, email: str) -> None:
        _, _, page = self.get("/inloggen")
        status, _, _ = self.request(
            "POST",
            "/inloggen",
            {"email": email, "wachtwoord": WACHTWOORD, "csrf_token": self.csrf(page)},
        )
        assert status in (200, 303), status

    def eerste_login(self, email: str) -> None:
        """The first login, with create-user's one-time password: choose WACHTWOORD."""
        _, _, page = self.get("/inloggen")
        data = {"email": email, "wachtwoord": EENMALIG, "csrf_token": self.csrf(page)}
        assert self.request("POST", "/inloggen", data)[0] == 303
        _, _, page = self.get("/account/wachtwoord")
        data = {"huidig": EENMALIG, "nieuw": WACHTWOORD, "herhaal": WACHTWOORD}
        data["csrf_token"] = self.csrf(page)
        assert self.request("POST", "/account/wachtwoord", data)[0] == 303


def _antwoorden() -> dict[str, dict]:
    meetdatum = datetime.date.today() - datetime.timedelta(days=10)
    volgende = meetdatum + datetime.timedelta(days=180)
    kenmerken = {
        "inkomenssituatie": "gemeentelijke_uitkering",
        **{
            k: "nee"
            for k in (
                "startkwalificatie",
                "inburgeringsplichtig",
                "inburgeringsbehoeftig",
                "laaggeletterd",
                "vrijstelling_arbeidsplicht",
                "vrijstelling_inburgeringsplicht",
                "lopend_p_instrument",
                "nieuw_p_instrument",
            )
        },
        "toelichting": "",
        "klantmanager": "",
        "team": "",
        "afdeling": "",
        "volgende_meetdatum-dag": volgende.day,
        "volgende_meetdatum-maand": volgende.month,
        "volgende_meetdatum-jaar": volgende.year,
    }
    return {
        "meetmoment": {
            "meetdatum-dag": meetdatum.day,
            "meetdatum-maand": meetdatum.month,
            "meetdatum-jaar": meetdatum.year,
            "aanleiding": "intake",
            "methode": "vragen",
            "code_toelichting": "",
        },
        "V1": {"antwoord": "nee"},
        "V2": {"antwoord": "ja"},
        "V3": {"antwoord": "nee"},
        "V4": {"antwoord": "nee"},
        "V5": {"antwoord": "ja"},
        "uitkomst": {},
        "groeipotentieel": {"antwoord": "ja"},
        "subgroepen": {"subgroepen": "1"},
        "kenmerken": kenmerken,
        "controle": {},
    }


class Klantmanager(threading.Thread):
    """Completes metingen in a loop, resuming after every crash where the server left off."""

    def __init__(self, server: Server, email: str, klanten: list[int]):
        super().__init__(daemon=True)
        self.browser = Browser(server)
        self.email = email
        self.klanten = klanten
        self.antwoorden = _antwoorden()
        self.bevestigd: list[int] = []  # metingen whose "Meting opslaan" got its 303
        self.fouten: list[str] = []  # answers no crash explains (a 4xx or 5xx)
        self.onderbrekingen = 0
        self.stoppen = threading.Event()

    def run(self) -> None:
        ronde = 0
        while not self.stoppen.is_set():
            try:
                self.meting(self.klanten[ronde % len(self.klanten)])
                ronde += 1
            except Onbereikbaar:
                self.onderbrekingen += 1
                time.sleep(0.05)  # the server is being restarted
            except Exception as error:  # an answer no crash explains: reported by the test
                self.fouten.append(f"{type(error).__name__}: {str(error)[:2000]}")
                time.sleep(0.02)

    def meting(self, klant_id: int) -> None:
        b = self.browser
        status, location, page = b.get(f"/klanten/{klant_id}")
        if status in (302, 303) and location.startswith("/inloggen"):
            b.login(self.email)
            return
        assert status == 200, (status, location)
        token = re.search(r'name="token" type="hidden" value="([^"]+)"', page)
        if token:
            status, url, _ = b.request(
                "POST",
                f"/klanten/{klant_id}/metingen",
                {"token": token.group(1), "csrf_token": b.csrf(page)},
            )
            assert status == 303, status
        else:  # an open concept, perhaps left by a crash: go on with it
            url = re.search(r'<a class="knop" href="(/metingen/\d+)">Ga verder', page).group(1)
        for _ in range(30):
            status, location, page = b.get(url)
            if status == 303:
                url = location
                continue
            assert status == 200, (url, status)
            stap = url.rsplit("/", 1)[-1]
            if "/stap/" not in url:
                return  # saved already (its acknowledgement was lost in a crash)
            status, location, page = b.request(
                "POST", url, {**self.antwoorden[stap], "csrf_token": b.csrf(page)}
            )
            assert status == 303, (url, status, page[:1500])
            opgeslagen = re.fullmatch(r"/metingen/(\d+)", location)
            if stap == "controle" and opgeslagen:
                self.bevestigd.append(int(opgeslagen.group(1)))
                return
            url = location
        raise AssertionError(f"meting van klant {klant_id} kwam niet rond")


def _klant_registreren(browser: Browser, n: int) -> int:
    _, _, page = browser.get("/klanten/nieuw")
    bsn = ("111222333", "123456782", "999993653", "100000009")[n]
    status, location, body = browser.request(
        "POST",
        "/klanten/nieuw",
        {
            **KLANT_FORMULIER,
            "bsn": bsn,
            "achternaam": f"Crash{n}",
            "csrf_token": browser.csrf(page),
        },
    )
    assert status == 303, body[:2000]
    return int(location.rsplit("/", 1)[-1])


def test_sigkill_midden_in_het_werk_verliest_niets_wat_bevestigd_is(tmp_path):
    server = Server(tmp_path)
    server.flask("db", "upgrade")
    email = "crash@crashdorp.nl"
    server.flask(
        "create-user",
        "--email",
        email,
        "--naam",
        "Crash Klantmanager",
        "--rol",
        "klantmanager",
        "--organisatie",
        "Gemeente Crashdorp",
        "--nieuwe-organisatie",
        "--wachtwoord",
        EENMALIG,
    )
    rng = random.Random()
    kills = 0
    server.start()
    try:
        browser = Browser(server)
        browser.eerste_login(email)
        klanten = [_klant_registreren(browser, n) for n in range(4)]
        km = Klantmanager(server, email, klanten)
        km.browser.cookies = dict(browser.cookies)
        km.start()
        begin = time.monotonic()
        while kills < KILLS and time.monotonic() - begin < CHAOS_LIMIET:
            time.sleep(rng.uniform(*UPTIME_MS) / 1000)
            server.kill()
            kills += 1
            server.start()
        # After the last restart the klantmanager must get through one more meting.
        voor = len(km.bevestigd)
        einde = time.monotonic() + 10
        while len(km.bevestigd) == voor and time.monotonic() < einde and not km.fouten:
            time.sleep(0.05)
        km.stoppen.set()
        km.join(timeout=15)
    finally:
        server.stop()

    assert not km.fouten, km.fouten[:3]
    assert kills == KILLS, f"maar {kills} keer gedood in {CHAOS_LIMIET} s"
    assert len(km.bevestigd) > 0, "geen enkele meting bevestigd"

    db = sqlite3.connect(server.db_path)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        status = dict(db.execute("SELECT id, status FROM meting").fetchall())
        for meting_id in km.bevestigd:
            assert status.get(meting_id) == "definitief", (meting_id, status.get(meting_id))
        half = db.execute(
            "SELECT id FROM meting WHERE status = 'definitief' AND (meetdatum IS NULL "
            "OR aanleiding = '' OR trede IS NULL OR definitief_op IS NULL)"
        ).fetchall()
        assert half == [], f"half geschreven metingen: {half}"
        zonder_audit = db.execute(
            "SELECT m.id FROM meting m WHERE m.status = 'definitief' AND NOT EXISTS ("
            "SELECT 1 FROM auditregel a WHERE a.object_type = 'meting' "
            "AND a.object_id = CAST(m.id AS TEXT) AND a.omschrijving = 'meting opgeslagen')"
        ).fetchall()
        assert zonder_audit == [], f"definitieve metingen zonder auditregel: {zonder_audit}"
        subgroepen = db.execute(
            "SELECT m.id FROM meting m WHERE m.status = 'definitief' AND NOT EXISTS ("
            "SELECT 1 FROM meting_subgroep s WHERE s.meting_id = m.id)"
        ).fetchall()
        assert subgroepen == [], f"definitieve metingen zonder subgroep: {subgroepen}"
    finally:
        db.close()
    print(
        f"{kills} keer SIGKILL, {len(km.bevestigd)} metingen bevestigd, "
        f"{km.onderbrekingen} onderbroken verzoeken"
    )


# --------------------------------------------------------------------------- a full disk


def _naar_controle(client: FormClient, klant_id: int) -> str:
    """A meting up to its check page ("Meting opslaan"); returns that page's URL."""
    driver = MetingDriver(client)
    url = driver.start(klant_id)
    url = driver.meetmoment(url)
    url = driver.answer(url, True)
    url = driver.answer(url, True)  # trede 5
    url = driver.post(url, {})
    url = driver.answer(url, True)
    url = driver.post(url, {"subgroepen": ["1"]})
    url = driver.kenmerken(url)
    assert url.endswith("/stap/controle"), url
    return url


def _meting_en_audit(meting_id: int):
    meting = models.Meting.get_by_id(meting_id)
    regels = (
        models.Auditregel.select()
        .where(
            (models.Auditregel.object_type == "meting")
            & (models.Auditregel.object_id == str(meting_id))
            & (models.Auditregel.omschrijving == "meting opgeslagen")
        )
        .count()
    )
    return dict(meting.__data__), regels


def _vol_pagina(response) -> None:
    body = response.get_data(as_text=True)
    assert response.status_code == 503, (response.status_code, body[:1000])
    assert "niet opgeslagen" in body and "beheerder" in body, body[:2000]
    assert "Traceback" not in body


def _vul_tot_vol(gebruiker, klant) -> int:
    """Append audit lines like the one the save will write until the database is full.

    The save's own audit line then needs a page the limit no longer allows, whichever of
    the table or its indexes is the first to overflow."""
    n = 0
    for omschrijving in ("x" * 400, "", ""):
        try:
            while n < 100_000:
                models.Auditregel.create(
                    gebruiker_id=gebruiker.id,
                    gebruiker_naam=gebruiker.naam,
                    organisatie_id=gebruiker.organisatie_id,
                    actie="aanmaken",
                    object_type="meting",
                    object_id="0",
                    klant_id=klant.id,
                    resultaat="gelukt",
                    oorsprong="127.0.0.1",
                    omschrijving=omschrijving,
                )
                n += 1
        except peewee.OperationalError as error:
            assert "full" in str(error), error
    return n


def test_volle_sqlite_database_bij_opslaan(tmp_path, monkeypatch):
    """PRAGMA max_page_count on every connection of the app: the database is full."""
    monkeypatch.setitem(models.sqlite.SQLITE_PRAGMAS, "max_page_count", 1_000_000)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'vol.db'}",
            "SECRET_KEY": "test-secret-key",
            "SESSION_COOKIE_SECURE": False,
            "TWEE_FACTOR": False,
        }
    )
    models.db.connect(reuse_if_open=True)
    models.migrate()
    try:
        organisatie = models.Organisatie.create(naam="Gemeente Vol", soort="gemeente")
        gebruiker = models.Gebruiker(
            naam="Vol Klantmanager", email="km@vol.nl", rol="klantmanager", organisatie=organisatie
        )
        gebruiker.zet_wachtwoord(PASSWORD)
        gebruiker.save()
        klant = models.Klant.create(
            bsn="111222333",
            achternaam="Vol",
            geboortedatum=datetime.date(1980, 1, 1),
            organisatie=organisatie,
        )
        client = FormClient(app.test_client())
        assert Auth(client).login(gebruiker.email).status_code == 303
        url = _naar_controle(client, klant.id)
        meting_id = int(url.split("/")[2])
        token = client.csrf_token(url)

        paginas = models.db.execute_sql("PRAGMA page_count").fetchone()[0]
        models.db.pragma("max_page_count", paginas + 3, permanent=True)
        gevuld = _vul_tot_vol(gebruiker, klant)
        assert gevuld > 0
        voor = _meting_en_audit(meting_id)

        response = client.post(url, data={"csrf_token": token})
        _vol_pagina(response)
        assert _meting_en_audit(meting_id) == voor  # nothing of the save stored
        assert voor[0]["status"] == "concept" and voor[1] == 0

        # The beheerder makes room: the same save now succeeds.
        models.db.pragma("max_page_count", 1_000_000, permanent=True)
        response = client.post(url, data={"csrf_token": token})
        assert response.status_code == 303, response.get_data(as_text=True)[:1000]
        meting, regels = _meting_en_audit(meting_id)
        assert meting["status"] == "definitief" and meting["definitief_op"] is not None
        assert regels == 1
        assert models.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        if not models.db.is_closed():
            models.db.close()


def _schijf_vol():
    """The exception the engine gives on a full disk, as peewee raises it."""
    if models.is_sqlite():
        return sqlite3.OperationalError("database or disk is full")
    return psycopg2.errors.DiskFull(
        'could not extend file "base/16384/16397": No space left on device'
    )


def test_schijf_vol_halverwege_het_opslaan(app, client, logged_in, make_klant, monkeypatch):
    """The disk fills up after the meting row was updated, before its audit line: the whole
    transaction is rolled back, the user gets the 503 page, and a retry succeeds."""
    gebruiker = logged_in("klantmanager")
    klant = make_klant(gebruiker.organisatie)
    url = _naar_controle(client, klant.id)
    meting_id = int(url.split("/")[2])
    token = client.csrf_token(url)
    voor = _meting_en_audit(meting_id)
    echte_log = audit_module.log

    def vol(actie, **kwargs):
        if kwargs.get("omschrijving") == "meting opgeslagen":
            with peewee.__exception_wrapper__:
                raise _schijf_vol()
        return echte_log(actie, **kwargs)

    monkeypatch.setattr(audit_module, "log", vol)
    response = client.post(url, data={"csrf_token": token})
    _vol_pagina(response)
    assert _meting_en_audit(meting_id) == voor

    monkeypatch.setattr(audit_module, "log", echte_log)
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 303
    meting, regels = _meting_en_audit(meting_id)
    assert meting["status"] == "definitief" and regels == 1


def test_andere_databasefout_blijft_een_gewone_500(app, client, logged_in, make_klant, monkeypatch):
    """Only a full disk gets the 503 page; any other OperationalError stays a 500."""
    gebruiker = logged_in("klantmanager")
    klant = make_klant(gebruiker.organisatie)
    url = _naar_controle(client, klant.id)
    token = client.csrf_token(url)

    def kapot(actie, **kwargs):
        raise peewee.OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(audit_module, "log", kapot)
    response = client.post(url, data={"csrf_token": token})
    assert response.status_code == 500
    assert "niet opgeslagen" not in response.get_data(as_text=True)
