"""The application log: one access line per request with its id, user, route, status and
duration; errors once, with the id that the error page shows; JSON lines on request; never a
BSN, also not for a request that posts one."""

import json
import logging
import re

import pytest

import models
from app import create_app
from services.verzoeklog import log_formaat

BSN = "111222333"


def _toegangsregels(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if hasattr(r, "duur_ms")]


def test_one_access_line_per_request_with_its_fields(app, client, logged_in, make_klant, caplog):
    gebruiker = logged_in("klantmanager")
    klant = make_klant(gebruiker.organisatie)
    caplog.clear()
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        response = client.get(f"/klanten/{klant.id}?herkomst={BSN}")
    assert response.status_code == 200
    [regel] = _toegangsregels(caplog)
    assert regel.verzoek_id == response.headers["X-Request-ID"]
    assert regel.gebruiker_id == gebruiker.id
    assert (regel.methode, regel.route, regel.endpoint) == (
        "GET",
        "/klanten/<int:klant_id>",  # the route as declared: no id, no query string
        "klanten.klant",
    )
    assert regel.status == 200 and isinstance(regel.duur_ms, int) and regel.duur_ms >= 0
    assert BSN not in caplog.text


def test_a_request_that_posts_a_bsn_leaves_none_in_the_log(app, client, logged_in, caplog, capsys):
    logged_in("klantmanager")
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        nieuw = client.submit(
            "/klanten/nieuw",
            {
                "bsn": BSN,
                "achternaam": "Jansen",
                "geboortedatum-dag": "1",
                "geboortedatum-maand": "2",
                "geboortedatum-jaar": "1985",
                "geslacht": "v",
            },
        )
        zoek = client.submit("/klanten", {"q": BSN})
    assert nieuw.status_code == 303 and zoek.status_code == 200
    assert BSN in zoek.get_data(as_text=True)  # the search found the klant
    routes = [(r.methode, r.route, r.status) for r in _toegangsregels(caplog)]
    assert ("POST", "/klanten/nieuw", 303) in routes and ("POST", "/klanten", 200) in routes
    assert BSN not in caplog.text
    geschreven = capsys.readouterr().err  # what the log handler wrote
    assert "POST /klanten/nieuw 303" in geschreven and BSN not in geschreven


def test_an_error_is_logged_once_with_the_id_the_page_shows(app, client, caplog):
    def kapot():
        raise RuntimeError("kapot")

    app.add_url_rule("/test-kapot", "test_kapot", kapot)
    with caplog.at_level(logging.INFO, logger=app.logger.name):
        response = client.get("/test-kapot")
    assert response.status_code == 500
    getoond = re.search(r'class="verzoek-id">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert getoond == response.headers["X-Request-ID"]
    fouten = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert len(fouten) == 1 and fouten[0].verzoek_id == getoond
    assert "RuntimeError: kapot" in (fouten[0].exc_text or "")
    [regel] = _toegangsregels(caplog)
    assert (regel.verzoek_id, regel.status, regel.route) == (getoond, 500, "/test-kapot")


@pytest.fixture
def json_app(database_url):
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "log-test",
            "SESSION_COOKIE_SECURE": False,
            "TWEE_FACTOR": False,
            "LOG_FORMAT": "json",
            "VERTROUWDE_PROXIES": 1,
        }
    )
    yield app
    if not models.db.is_closed():
        models.db.close()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_log_format_json_writes_one_object_per_line(json_app, capsys):
    def kapot():
        raise RuntimeError(f"fout bij klant {BSN}")

    json_app.add_url_rule("/test-kapot", "test_kapot", kapot)
    client = json_app.test_client()
    capsys.readouterr()
    client.get("/inloggen", headers={"X-Request-ID": "abc-123"})  # from the trusted proxy
    fout = client.get("/test-kapot")
    regels = [json.loads(r) for r in capsys.readouterr().err.splitlines()]
    toegang = [r for r in regels if "duur_ms" in r]
    assert [(r["methode"], r["route"], r["status"]) for r in toegang] == [
        ("GET", "/inloggen", 200),
        ("GET", "/test-kapot", 500),
    ]
    assert toegang[0]["verzoek_id"] == "abc-123"
    assert toegang[0]["gebruiker_id"] is None and toegang[0]["niveau"] == "INFO"
    [foutregel] = [r for r in regels if r["niveau"] == "ERROR"]
    assert foutregel["verzoek_id"] == fout.headers["X-Request-ID"] == toegang[1]["verzoek_id"]
    assert "RuntimeError" in foutregel["fout"] and BSN not in json.dumps(regels)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_an_incoming_request_id_counts_only_from_a_trusted_proxy(json_app, app):
    """`app` trusts no proxy: a client's X-Request-ID is replaced. `json_app` trusts one and
    takes its id, unless it is not a plain short token (it would end up in the log)."""
    eigen = app.test_client().get("/inloggen", headers={"X-Request-ID": "abc-123"})
    assert re.fullmatch(r"[0-9a-f]{32}", eigen.headers["X-Request-ID"])
    proxy = json_app.test_client()
    response = proxy.get("/inloggen", headers={"X-Request-ID": "abc-123"})
    assert response.headers["X-Request-ID"] == "abc-123"
    for vreemd in ("a b", "x" * 65, "regel\\neen"):
        response = proxy.get("/inloggen", headers={"X-Request-ID": vreemd})
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"]), vreemd


def test_log_format_must_be_tekst_or_json():
    assert log_formaat({}) == "tekst" and log_formaat({"LOG_FORMAT": "JSON"}) == "json"
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        log_formaat({"LOG_FORMAT": "xml"})
