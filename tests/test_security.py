"""Security headers, cookies and error pages on every route."""

import pytest

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}


def _routes(app):
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments - {"filename", "gebruiker_id"}:
            values = {arg: ("css/app.css" if arg == "filename" else 1) for arg in rule.arguments}
            with app.test_request_context():
                from flask import url_for

                yield url_for(rule.endpoint, **values)


def _check_headers(response, path):
    response.close()  # static files are streamed from an open file
    for header, value in EXPECTED.items():
        assert response.headers.get(header) == value, (path, header)
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    if not path.startswith("/static/"):
        assert response.headers["Cache-Control"] == "no-store", path


def test_every_route_sends_security_headers_anonymous(app, client):
    paths = list(_routes(app))
    assert "/inloggen" in paths and "/" in paths
    for path in paths:
        _check_headers(client.get(path), path)


def test_every_route_sends_security_headers_logged_in(app, client, logged_in):
    logged_in("beheerder")
    for path in _routes(app):
        _check_headers(client.get(path), path)


def _routes_with_ids(app, ids: dict[str, int]):
    """Every GET route with URL parameters, the ids filled in from `ids` (an id of nothing
    for the others, so their 404 page is checked too)."""
    from flask import url_for

    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or not rule.arguments or "filename" in rule.arguments:
            continue
        values = {arg: ids.get(arg, 999_999) for arg in rule.arguments}
        if "stap" in values:
            values["stap"] = "meetmoment"
        with app.test_request_context():
            yield url_for(rule.endpoint, **values)


@pytest.fixture
def gemeten_klant(logged_in, make_klant, meting):
    """A klantmanager's klant with a saved meting."""
    km = logged_in("klantmanager")
    klant = make_klant(km.organisatie)
    return klant, meting.complete(klant.id, antwoorden=[False, True], groei=True)


def test_pages_with_ids_send_security_headers(app, client, gemeten_klant):
    klant, m = gemeten_klant
    paths = list(_routes_with_ids(app, {"klant_id": klant.id, "meting_id": m.id}))
    statuses = {}
    for path in paths:
        response = client.get(path)
        statuses[path] = response.status_code
        _check_headers(response, path)
    # The pages that hold the klant's personal data were really shown, not an error page.
    for path in (
        f"/klanten/{klant.id}",
        f"/klanten/{klant.id}/bewerken",
        f"/metingen/{m.id}",
        f"/metingen/{m.id}/dossierblad.pdf",
        f"/klanten/{klant.id}/historie.pdf",
    ):
        assert statuses.get(path) == 200, (path, statuses.get(path))


def test_a_pdf_is_never_cached(client, gemeten_klant):
    _klant, m = gemeten_klant
    response = client.get(f"/metingen/{m.id}/dossierblad.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf" and response.data.startswith(b"%PDF")
    _check_headers(response, "dossierblad.pdf")
    assert response.headers["Pragma"] == "no-cache"


def test_post_responses_and_redirects_send_security_headers(client, gemeten_klant):
    klant, m = gemeten_klant
    # A form with errors (422) ...
    fout = client.submit("/klanten/nieuw", {"bsn": "123", "achternaam": ""})
    assert fout.status_code == 422
    _check_headers(fout, "POST /klanten/nieuw")
    # ... a POST that saves and redirects (303) ...
    correctie = client.submit(f"/metingen/{m.id}/corrigeer", token_from=f"/metingen/{m.id}")
    assert correctie.status_code == 303
    _check_headers(correctie, f"POST /metingen/{m.id}/corrigeer")
    # ... a GET that redirects (a concept opens at its page) ...
    concept = correctie.headers["Location"]
    doorverwezen = client.get(concept.split("/stap/")[0])
    assert doorverwezen.status_code == 303
    _check_headers(doorverwezen, concept)
    # ... and a POST refused for a missing CSRF token (400).
    zonder_token = client.post(f"/metingen/{m.id}/corrigeer")
    assert zonder_token.status_code == 400
    _check_headers(zonder_token, "POST zonder CSRF-token")


def test_login_redirect_and_refusal_send_security_headers(client, make_gebruiker):
    from tests.conftest import Auth

    gebruiker = make_gebruiker()
    naar_inloggen = client.get("/klanten")
    assert naar_inloggen.status_code in (302, 303)
    _check_headers(naar_inloggen, "/klanten anoniem")
    mislukt = Auth(client).login(gebruiker.email, "fout-wachtwoord-123")
    _check_headers(mislukt, "POST /inloggen fout")
    gelukt = Auth(client).login(gebruiker.email)
    assert gelukt.status_code == 303
    _check_headers(gelukt, "POST /inloggen")


def test_error_pages_send_security_headers(app, client, logged_in):
    logged_in("klantmanager")
    geweigerd = client.get("/beheer/gebruikers")
    assert geweigerd.status_code == 403
    _check_headers(geweigerd, "/beheer/gebruikers")
    niet_gevonden = client.get("/klanten/999999")
    assert niet_gevonden.status_code == 404
    _check_headers(niet_gevonden, "/klanten/999999")
    niet_toegestaan = client.post("/metingen/1.xml")
    assert niet_toegestaan.status_code == 405
    _check_headers(niet_toegestaan, "POST /metingen/1.xml")


def test_404_is_a_dutch_page_without_details(client):
    response = client.get("/bestaat-niet")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "Pagina niet gevonden" in page and '<html lang="nl">' in page
    _check_headers(response, "/bestaat-niet")


def test_500_is_a_dutch_page_without_a_stack_trace(app, client):
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/kapot")
    def kapot():
        raise RuntimeError("geheime interne details")

    response = client.get("/kapot")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Er ging iets mis" in page
    assert "geheime interne details" not in page and "Traceback" not in page
    _check_headers(response, "/kapot")


@pytest.mark.parametrize("path", ["/beheer/gebruikers", "/beheer/gebruikers/nieuw"])
def test_beheer_pages_are_403_for_other_roles(client, logged_in, path):
    logged_in("klantmanager")
    response = client.get(path)
    assert response.status_code == 403
    assert "Geen toegang" in response.get_data(as_text=True)


def test_static_css_is_served_locally(client):
    with client.get("/static/css/app.css") as response:
        assert response.status_code == 200
        assert b"http" not in response.data  # no external resource of any kind


def test_huge_or_long_ids_are_not_found_not_a_crash(client, logged_in):
    logged_in("klantmanager")
    for path in (
        "/klanten/99999999999999999999999",
        "/metingen/18446744073709551616",
        "/klanten/" + "9" * 300,
    ):
        assert client.get(path).status_code == 404, path


def test_a_long_refused_path_is_logged_without_error(client, logged_in):
    from models import Auditregel

    logged_in("beheerder")
    response = client.get("/klanten?q=" + "x" * 20 + "&" + "y" * 200)
    assert response.status_code == 404
    assert len(Auditregel.get(Auditregel.actie == "geweigerd").object_id) <= 40


def _veilige_app(database_url):
    from app import create_app

    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret-key",
            "SESSION_COOKIE_SECURE": True,
            "TWEE_FACTOR": False,
        }
    )


def test_secure_cookies_come_with_hsts_and_the_host_prefix(database_url, make_gebruiker, app):
    """Issue 14, item 11: behind HTTPS the browser must never fall back to plain HTTP, and
    the session cookie can only be set by this host, for the whole site, over HTTPS."""
    from tests.conftest import PASSWORD, FormClient

    gebruiker = make_gebruiker()
    veilig = _veilige_app(database_url)
    client = veilig.test_client()
    pagina = client.get("/inloggen", base_url="https://localhost").get_data(as_text=True)
    token = next(g for g in FormClient.CSRF.search(pagina).groups() if g)
    response = client.post(
        "/inloggen",
        data={"email": gebruiker.email, "wachtwoord": PASSWORD, "csrf_token": token},
        base_url="https://localhost",
        headers={"Referer": "https://localhost/inloggen"},
    )
    assert response.status_code == 303
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-pl_sessie=")
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie
    assert client.get("/", base_url="https://localhost").status_code == 200
    assert client.get_cookie("__Host-pl_sessie", domain="localhost") is not None


def test_no_hsts_without_secure_cookies(client):
    # make run serves plain HTTP on 127.0.0.1: HSTS there would lock the browser out.
    assert "Strict-Transport-Security" not in client.get("/inloggen").headers
