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
