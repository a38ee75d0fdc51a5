"""deploy/nginx.conf in front of the production server, as docs/beheer.md sets it up.

nginx (Debian's package) with a self-signed certificate on 127.0.0.1, the site file from
deploy/ with only its ports and paths replaced, in front of gunicorn started with the command
of docs/beheer.md (two processes) on PostgreSQL. A client on another loopback address
(127.0.0.2) logs in with two-factor over HTTPS, registers a klant, saves a meting and
downloads the dossierblad, sending a Referer like a browser and a forged X-Forwarded-For.
The audit rows and the login throttling carry the client's own address, never the forged
one nor the proxy's; every form is accepted; the request id of nginx is the app's."""

import http.client
import re
import socket
import ssl
import subprocess

import psycopg2
import pyotp
import pytest

from tests.conftest import WORKER, _pg_opnieuw
from tests.fixtures.klant import KLANT_FORMULIER
from tests.fixtures.nginx import BIN, CLIENT, HOST, NGINX, OPENSSL, ROOT, SERVE, Browser, Opstelling
from tests.test_crash import _antwoorden

BEHEER = ROOT / "docs" / "beheer.md"
VALS = "203.0.113.9"  # a forged X-Forwarded-For (TEST-NET-3)
WACHTWOORD = "blauwe tram rijdt door utrecht"
EIGEN_WACHTWOORD = "groene veerpont vaart naar de overkant"
BSN = "123456782"

pytestmark = pytest.mark.skipif(
    NGINX is None or OPENSSL is None,
    reason="nginx of openssl ontbreekt (apt-get install nginx openssl; `make test` doet dat "
    "via scripts/ensure-test-tools.sh); deploy/nginx.conf is niet getest",
)


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
    # create-user's password is a one-time password: first the user's own.
    response, _ = browser.get("/")
    assert response.status == 303 and response.headers["Location"] == "/account/wachtwoord"
    status, locatie, tekst = browser.post(
        "/account/wachtwoord",
        {"huidig": WACHTWOORD, "nieuw": EIGEN_WACHTWOORD, "herhaal": EIGEN_WACHTWOORD},
        "/account/wachtwoord",
        headers=vals,
    )
    assert status == 303, tekst[:2000]
    response, tekst = browser.get("/")
    assert response.status == 200 and "Welkom" in tekst


def _klant_registreren(browser: Browser) -> int:
    status, locatie, tekst = browser.post(
        "/klanten/nieuw",
        {**KLANT_FORMULIER, "bsn": BSN, "achternaam": "Proxyvan"},
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


def test_restore_is_refused_while_the_service_runs_even_when_idle(opstelling, tmp_path):
    """The app connects per request on PostgreSQL: without requests nothing showed that it
    was serving, and a restore went ahead under a running service (found on a clean Debian
    machine following docs/beheer.md). Each server process now holds one connection."""
    pad = tmp_path / "dienst.backup"
    opstelling.flask("backup", "--naar", str(pad))
    result = subprocess.run(
        [str(BIN / "flask"), "--app", "app", "restore", "--van", str(pad), "--ja"],
        cwd=ROOT,
        env=opstelling.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    uitvoer = result.stdout + result.stderr
    assert "participatieladder-dienst" in uitvoer and "Er is niets gewijzigd." in uitvoer
