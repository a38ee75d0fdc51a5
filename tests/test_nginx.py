"""deploy/nginx.conf in front of the production server, as docs/beheer.md sets it up.

nginx (Debian's package) with a self-signed certificate on 127.0.0.1, the site file from
deploy/ with only its ports and paths replaced, in front of gunicorn started with the command
of docs/beheer.md (two processes) on PostgreSQL. A client on another loopback address
(127.0.0.2) logs in with two-factor over HTTPS, registers a klant, saves a meting and
downloads the dossierblad, sending a Referer like a browser and a forged X-Forwarded-For.
The audit rows and the login throttling carry the client's own address, never the forged
one nor the proxy's; every form is accepted; the request id of nginx is the app's."""

import http.client
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg2
import pyotp
import pytest
from cryptography.fernet import Fernet

from tests.conftest import WORKER, _pg_opnieuw
from tests.test_crash import _antwoorden

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SITE = ROOT / "deploy" / "nginx.conf"
BEHEER = ROOT / "docs" / "beheer.md"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
OPENSSL = shutil.which("openssl")
HOST = "ladder.gemeente.example"  # the server_name in deploy/nginx.conf
CLIENT = "127.0.0.2"  # the test's address; nginx reaches gunicorn from 127.0.0.1
VALS = "203.0.113.9"  # a forged X-Forwarded-For (TEST-NET-3)
SERVE = ".venv/bin/gunicorn -c gunicorn.conf.py"  # the command in docs/beheer.md
WACHTWOORD = "blauwe tram rijdt door utrecht"
BSN = "123456782"
START_TIMEOUT = 30

pytestmark = pytest.mark.skipif(
    NGINX is None or OPENSSL is None,
    reason="nginx of openssl ontbreekt (apt-get install nginx openssl; `make test` doet dat "
    "via scripts/ensure-test-tools.sh); deploy/nginx.conf is niet getest",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wacht(controle, proces: subprocess.Popen, log: Path, naam: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proces.poll() is not None:
            raise RuntimeError(f"{naam} stopte meteen:\n{log.read_text()[-3000:]}")
        try:
            if controle():
                return
        except OSError:
            pass
        time.sleep(0.1)  # polling a starting process
    raise RuntimeError(f"{naam} antwoordde niet binnen {START_TIMEOUT} s:\n{log.read_text()}")


def _stop(proces: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if proces.poll() is None:
        proces.send_signal(sig)
        try:
            proces.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proces.kill()
            proces.wait(timeout=10)


# --------------------------------------------------------------------------- the servers


class Opstelling:
    """PostgreSQL database, gunicorn and nginx, and where their logs are."""

    def __init__(self, werkmap: Path, database_url: str):
        self.werkmap = werkmap
        self.database_url = database_url
        self.app_poort, self.https_poort, self.http_poort = (_free_port() for _ in range(3))
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "nginx-test-sleutel-niet-voor-productie",
            "TOTP_SLEUTEL": Fernet.generate_key().decode(),
            "VERTROUWDE_PROXIES": "1",
            "LOG_FORMAT": "json",
            "WEB_CONCURRENCY": "2",
            "GUNICORN_THREADS": "2",
            "GUNICORN_BIND": f"127.0.0.1:{self.app_poort}",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
        for naam in ("FLASK_APP", "SESSION_COOKIE_SECURE", "TWEE_FACTOR"):
            self.env.pop(naam, None)  # production defaults: secure cookies, two-factor
        self.app_log = werkmap / "gunicorn.log"
        self.nginx_map = werkmap / "nginx"
        self.processen: list[tuple[subprocess.Popen, signal.Signals]] = []

    def flask(self, *args: str) -> str:
        result = subprocess.run(
            [str(BIN / "flask"), "--app", "app", *args],
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def start_gunicorn(self) -> None:
        with self.app_log.open("wb") as log:
            programma, *args = SERVE.split()
            proces = subprocess.Popen(
                [str(BIN / Path(programma).name), *args],  # the venv running the tests
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processen.append((proces, signal.SIGTERM))

        def gezond() -> bool:
            conn = http.client.HTTPConnection("127.0.0.1", self.app_poort, timeout=2)
            try:
                conn.request("GET", "/gezondheid")
                return conn.getresponse().status == 200
            finally:
                conn.close()

        _wacht(gezond, proces, self.app_log, "gunicorn")

    def certificaat(self) -> Path:
        self.nginx_map.mkdir()
        subprocess.run(
            [
                OPENSSL,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-days",
                "2",
                "-subj",
                f"/CN={HOST}",
                "-addext",
                f"subjectAltName=DNS:{HOST}",
                "-keyout",
                str(self.nginx_map / "privkey.pem"),
                "-out",
                str(self.nginx_map / "fullchain.pem"),
            ],  # fmt: skip
            check=True,
            capture_output=True,
        )
        return self.nginx_map / "fullchain.pem"

    def site(self) -> str:
        """deploy/nginx.conf with only its ports and paths replaced (each must be there)."""
        tekst = SITE.read_text()
        vervangingen = {
            "listen 80;": f"listen 127.0.0.1:{self.http_poort};",
            "listen 443 ssl default_server;": f"listen 127.0.0.1:{self.https_poort} ssl "
            "default_server;",
            "listen 443 ssl;": f"listen 127.0.0.1:{self.https_poort} ssl;",
            "server 127.0.0.1:8000;": f"server 127.0.0.1:{self.app_poort};",
            "/etc/ssl/participatieladder/": f"{self.nginx_map}/",
            "/var/log/nginx/": f"{self.nginx_map}/",
        }
        for oud, nieuw in vervangingen.items():
            assert oud in tekst, f"{oud!r} staat niet meer in deploy/nginx.conf"
            tekst = tekst.replace(oud, nieuw)
        # IPv6 listeners: the test stays on 127.0.0.1.
        return "\n".join(r for r in tekst.splitlines() if "listen [::]" not in r)

    def start_nginx(self) -> None:
        (self.nginx_map / "participatieladder.conf").write_text(self.site())
        temp = {n: self.nginx_map / n for n in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        hoofd = f"""
daemon off;
worker_processes 1;
pid {self.nginx_map}/nginx.pid;
error_log {self.nginx_map}/error.log warn;
{"user root;" if os.geteuid() == 0 else ""}
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    access_log {self.nginx_map}/access.log;
    include {self.nginx_map}/participatieladder.conf;
}}
"""
        conf = self.nginx_map / "nginx.conf"
        conf.write_text(hoofd)
        opdracht = [NGINX, "-p", str(self.nginx_map), "-e", str(self.nginx_map / "error.log")]
        test = subprocess.run([*opdracht, "-t", "-c", str(conf)], capture_output=True, text=True)
        assert test.returncode == 0, test.stderr
        log = self.nginx_map / "error.log"
        proces = subprocess.Popen(
            [*opdracht, "-c", str(conf)], stdin=subprocess.DEVNULL, stderr=subprocess.STDOUT
        )
        self.processen.append((proces, signal.SIGQUIT))

        def luistert() -> bool:
            socket.create_connection(("127.0.0.1", self.https_poort), timeout=1).close()
            return True

        _wacht(luistert, proces, log, "nginx")

    def stop(self) -> None:
        for proces, sig in reversed(self.processen):
            _stop(proces, sig)

    def app_regels(self) -> list[dict]:
        """gunicorn's output as the app wrote it: one JSON object per line (gunicorn's own
        lines about starting workers are not the app's and are left out)."""
        regels = self.app_log.read_text().splitlines()
        return [json.loads(r) for r in regels if r.startswith("{")]

    def nginx_toegang(self, met: str = "") -> str:
        """nginx's access log, once it holds `met`: nginx writes the line after the response
        went out, so just after it the line may not be there yet."""
        pad = self.nginx_map / "participatieladder.access.log"
        deadline = time.monotonic() + 5
        while met not in (tekst := pad.read_text()) and time.monotonic() < deadline:
            time.sleep(0.05)
        return tekst


@pytest.fixture(scope="module")
def opstelling(tmp_path_factory, pg_url, sjablonen):
    database_url = _pg_opnieuw("pl_nginx_" + WORKER, sjablonen("postgres"))
    opstelling = Opstelling(tmp_path_factory.mktemp("nginx"), database_url)
    try:
        opstelling.start_gunicorn()
        opstelling.certificaat()
        opstelling.start_nginx()
        yield opstelling
    finally:
        opstelling.stop()


# --------------------------------------------------------------------------- the client


class Browser:
    """HTTPS to nginx under its host name, from CLIENT, like a browser: one cookie jar, the
    Referer of the page a form came from, no redirects followed."""

    CSRF = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|'
                      r'type="hidden" name="csrf_token" value="([^"]+)"')  # fmt: skip

    def __init__(self, opstelling: Opstelling):
        self.poort = opstelling.https_poort
        self.oorsprong = f"https://{HOST}:{self.poort}"
        self.context = ssl.create_default_context(
            cafile=str(opstelling.nginx_map / "fullchain.pem")
        )
        self.cookies: dict[str, str] = {}
        self.pagina = "/"

    def verbinding(self, servernaam: str = HOST) -> http.client.HTTPSConnection:
        conn = http.client.HTTPSConnection(
            servernaam, self.poort, context=self.context, timeout=60, source_address=(CLIENT, 0)
        )
        # The name for SNI, the certificate and Host; the address is nginx's on loopback.
        conn._create_connection = lambda _adres, timeout, bron: socket.create_connection(
            ("127.0.0.1", self.poort), timeout, bron
        )
        return conn

    def request(self, method: str, path: str, data: dict | None = None, headers=None):
        body = urlencode(data, doseq=True) if data is not None else None
        kop = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            kop["Content-Type"] = "application/x-www-form-urlencoded"
            kop["Referer"] = self.oorsprong + self.pagina  # as a browser sends it (same-origin)
        kop.update(headers or {})
        conn = self.verbinding()
        try:
            conn.request(method, path, body, kop)
            response = conn.getresponse()
            inhoud = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            naam, _, rest = header.partition("=")
            waarde = rest.split(";", 1)[0]
            if not waarde or "Max-Age=0" in header or "01 Jan 1970" in header:
                self.cookies.pop(naam, None)
            else:
                self.cookies[naam] = waarde
        if method == "GET" and response.status == 200:
            self.pagina = path
        return response, inhoud

    def get(self, path: str, **kw):
        response, inhoud = self.request("GET", path, **kw)
        return response, inhoud.decode("utf-8", "replace")

    def post(self, path: str, data: dict, pagina: str, **kw):
        """Post the form of `pagina` with its CSRF token; (status, Location path, text)."""
        response, tekst = self.get(pagina)
        assert response.status == 200, (pagina, response.status)
        match = self.CSRF.search(tekst)
        data = {**data, "csrf_token": match.group(1) or match.group(2)}
        response, inhoud = self.request("POST", path, data, **kw)
        locatie = urlsplit(response.headers.get("Location", "")).path
        return response.status, locatie, inhoud.decode("utf-8", "replace")


def _inloggen_met_tweestaps(browser: Browser, email: str) -> None:
    vals = {"X-Forwarded-For": VALS}
    status, locatie, tekst = browser.post(
        "/inloggen", {"email": email, "wachtwoord": WACHTWOORD}, "/inloggen", headers=vals
    )
    assert (status, locatie) == (303, "/inloggen/instellen"), tekst[:2000]
    _, pagina = browser.get("/inloggen/instellen")
    geheim = re.search(r'class="geheim">([A-Z2-7 ]+)<', pagina).group(1).replace(" ", "")
    code = pyotp.TOTP(geheim).now()
    status, _, tekst = browser.post(
        "/inloggen/instellen", {"code": code}, "/inloggen/instellen", headers=vals
    )
    assert status == 200 and "Uw herstelcodes" in tekst, tekst[:2000]
    response, tekst = browser.get("/")
    assert response.status == 200 and "Welkom" in tekst


def _klant_registreren(browser: Browser) -> int:
    status, locatie, tekst = browser.post(
        "/klanten/nieuw",
        {
            "bsn": BSN,
            "achternaam": "Proxyvan",
            "voornaam": "Noor",
            "voorletters": "",
            "tussenvoegsel": "",
            "adres": "",
            "postcode": "",
            "woonplaats": "",
            "gemeente": "",
            "geboortedatum-dag": "1",
            "geboortedatum-maand": "2",
            "geboortedatum-jaar": "1985",
            "geslacht": "v",
        },
        "/klanten/nieuw",
    )
    assert status == 303, tekst[:2000]
    return int(locatie.rsplit("/", 1)[-1])


def _meting_opslaan(browser: Browser, klant_id: int) -> int:
    _, pagina = browser.get(f"/klanten/{klant_id}")
    token = re.search(r'name="token" type="hidden" value="([^"]+)"', pagina).group(1)
    status, url, tekst = browser.post(
        f"/klanten/{klant_id}/metingen", {"token": token}, f"/klanten/{klant_id}"
    )
    assert status == 303, tekst[:2000]
    antwoorden = _antwoorden()
    for _ in range(20):
        stap = url.rsplit("/", 1)[-1]
        status, url, tekst = browser.post(url, antwoorden[stap], url)
        assert status == 303, (stap, tekst[:2000])
        if opgeslagen := re.fullmatch(r"/metingen/(\d+)", url):
            return int(opgeslagen.group(1))
    raise AssertionError("de meting kwam niet rond")


def _audit(database_url: str, sql: str, *args) -> list[tuple]:
    conn = psycopg2.connect(database_url)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, args)
            return cur.fetchall()
    finally:
        conn.close()


# --------------------------------------------------------------------------- the tests


def test_the_documented_command_is_the_one_tested():
    assert SERVE in BEHEER.read_text()


def test_a_working_day_over_https_through_nginx(opstelling):
    email = "km@proxydorp.nl"
    opstelling.flask(
        "create-user", "--email", email, "--naam", "Kees Klantmanager", "--rol", "klantmanager",
        "--organisatie", "Gemeente Proxydorp", "--soort", "gemeente", "--nieuwe-organisatie",
        "--wachtwoord", WACHTWOORD,
    )  # fmt: skip
    browser = Browser(opstelling)
    _inloggen_met_tweestaps(browser, email)
    klant_id = _klant_registreren(browser)
    meting_id = _meting_opslaan(browser, klant_id)
    response, pdf = browser.request("GET", f"/metingen/{meting_id}/dossierblad.pdf")
    assert response.status == 200 and response.headers["Content-Type"] == "application/pdf"
    assert pdf.startswith(b"%PDF")

    # Every audit row of this user carries the client's own address: not the forged
    # X-Forwarded-For, not nginx's 127.0.0.1.
    rijen = _audit(
        opstelling.database_url,
        "SELECT a.actie, a.oorsprong FROM auditregel a JOIN gebruiker g "
        "ON g.id = a.gebruiker_id WHERE g.email = %s",
        email,
    )
    web = [(actie, oorsprong) for actie, oorsprong in rijen if oorsprong != "cli"]
    assert [r for r in rijen if r not in web] == [("aanmaken", "cli")]  # create-user
    assert {"inloggen", "aanmaken", "wijzigen", "inzien", "printen"} <= {a for a, _ in web}
    assert {oorsprong for _, oorsprong in web} == {CLIENT}, web

    # A search for a BSN in the address bar reaches neither nginx's log nor the app's.
    response, _ = browser.get(f"/klanten?q={BSN}")
    assert response.status in (200, 422)
    assert "/klanten" in (nginx_log := opstelling.nginx_toegang(met='"GET /klanten"'))
    assert BSN not in nginx_log
    assert BSN not in opstelling.app_log.read_text()


def test_failed_logins_count_against_the_client_not_the_forged_address(opstelling):
    browser = Browser(opstelling)
    status, _, _ = browser.post(
        "/inloggen",
        {"email": "niemand@proxydorp.nl", "wachtwoord": "fout-wachtwoord-123"},
        "/inloggen",
        headers={"X-Forwarded-For": VALS},
    )
    assert status == 422
    pogingen = _audit(opstelling.database_url, "SELECT adres FROM inlogpoging")
    assert pogingen and {adres for (adres,) in pogingen} == {CLIENT}
    mislukt = _audit(
        opstelling.database_url,
        "SELECT oorsprong FROM auditregel WHERE actie = 'mislukte_inlog'",
    )
    assert mislukt and {oorsprong for (oorsprong,) in mislukt} == {CLIENT}


def test_the_referer_check_is_on_and_only_stops_a_foreign_origin(opstelling):
    """The forms above passed with the browser's Referer; from another site the same form
    is refused: the app knows it is on HTTPS under nginx's host name and port."""
    browser = Browser(opstelling)
    status, _, tekst = browser.post(
        "/inloggen",
        {"email": "km@proxydorp.nl", "wachtwoord": WACHTWOORD},
        "/inloggen",
        headers={"Referer": "https://elders.example/inloggen"},
    )
    assert status == 400 and "Formulier verlopen" in tekst


def test_the_request_id_is_nginx_s_and_the_app_logs_one_line_per_request(opstelling):
    browser = Browser(opstelling)
    response, _ = browser.get("/inloggen", headers={"X-Request-ID": "door-de-klant-verzonnen"})
    verzoek_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", verzoek_id), verzoek_id  # nginx's $request_id
    lijnen = [r for r in opstelling.app_regels() if r.get("verzoek_id") == verzoek_id]
    assert len(lijnen) == 1, lijnen
    assert lijnen[0]["route"] == "/inloggen" and lijnen[0]["status"] == 200
    assert lijnen[0]["methode"] == "GET" and isinstance(lijnen[0]["duur_ms"], int)
    assert verzoek_id in opstelling.nginx_toegang(met=verzoek_id)


def test_headers_come_once_and_also_on_nginx_s_own_pages(opstelling):
    browser = Browser(opstelling)
    response, _ = browser.get("/inloggen")
    for naam in ("Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options"):
        assert len(response.headers.get_all(naam)) == 1, naam
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
    assert "nginx/" not in response.headers.get("Server", "")

    # A request larger than client_max_body_size is refused by nginx before the app.
    conn = browser.verbinding()
    conn.putrequest("POST", "/inloggen")
    conn.putheader("Content-Type", "application/octet-stream")
    conn.putheader("Content-Length", str(16 * 1024 * 1024 + 1))
    conn.endheaders()
    te_groot = conn.getresponse()
    conn.close()
    assert te_groot.status == 413
    assert te_groot.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_plain_http_goes_to_https_and_another_name_gets_no_handshake(opstelling):
    conn = http.client.HTTPConnection("127.0.0.1", opstelling.http_poort, timeout=10)
    conn.request("GET", "/inloggen", headers={"Host": HOST})
    response = conn.getresponse()
    conn.close()
    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/inloggen"

    browser = Browser(opstelling)
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    with (
        socket.create_connection(("127.0.0.1", browser.poort), timeout=10) as sock,
        pytest.raises(ssl.SSLError),
    ):
        context.wrap_socket(sock, server_hostname="elders.example").close()
