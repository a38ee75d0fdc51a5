"""VERTROUWDE_PROXIES: only with it does the app believe X-Forwarded-For, -Proto and -Host,
and then only what the proxy itself added. The audit log and the login throttling read the
address that results (tests/test_nginx.py proves the same through a real nginx)."""

import re
from pathlib import Path

import pytest

import models
from app import create_app
from models import Auditregel, Inlogpoging
from services.proxy import vertrouwde_proxies
from tests.conftest import FormClient

PROXY = "127.0.0.1"
CLIENT = "192.0.2.7"
VALS = "203.0.113.9"


@pytest.fixture
def maak_app(database_url):
    def maak(proxies: int):
        return create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url,
                "SECRET_KEY": "proxy-test",
                "SESSION_COOKIE_SECURE": False,
                "TWEE_FACTOR": False,
                "VERTROUWDE_PROXIES": proxies,
            }
        )

    yield maak
    if not models.db.is_closed():
        models.db.close()


def _mislukte_inlog(app, headers: dict) -> tuple[str, str]:
    """A failed login from the proxy's address with these headers; the address the audit
    line and the throttling recorded."""
    client = FormClient(app.test_client())
    client.environ_base["REMOTE_ADDR"] = PROXY
    client.submit(
        "/inloggen",
        {"email": "iemand@testdorp.nl", "wachtwoord": "onjuist-wachtwoord"},
        headers=headers,
    )
    regel = Auditregel.select().where(Auditregel.actie == "mislukte_inlog").get()
    return regel.oorsprong, Inlogpoging.get().adres


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_without_the_setting_no_forwarded_header_is_believed(maak_app):
    app = maak_app(0)
    headers = {"X-Forwarded-For": VALS, "X-Forwarded-Proto": "https"}
    assert _mislukte_inlog(app, headers) == (PROXY, PROXY)
    response = app.test_client().get("/inloggen", headers=headers)
    assert "Strict-Transport-Security" not in response.headers  # not HTTPS after all


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_with_one_proxy_its_address_for_the_client_counts_not_a_forged_one(maak_app):
    app = maak_app(1)
    # The client forged an address; the proxy appended the one it saw.
    headers = {
        "X-Forwarded-For": f"{VALS}, {CLIENT}",
        "X-Forwarded-Proto": "https",
        "Referer": "https://localhost/inloggen",  # over HTTPS a form needs its Referer
    }
    assert _mislukte_inlog(app, headers) == (CLIENT, CLIENT)
    response = app.test_client().get("/inloggen", headers=headers)
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_behind_the_proxy_the_referer_check_uses_the_forwarded_host(maak_app):
    """Over HTTPS Flask-WTF compares a form's Referer with the host: the proxy's name and
    port, from X-Forwarded-Host. A form from another site is still refused."""
    app = maak_app(1)
    client = FormClient(app.test_client())
    proxy = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "ladder.gemeente.example:8443"}
    token = client.csrf_token()
    data = {"email": "iemand@testdorp.nl", "wachtwoord": "onjuist-wachtwoord", "csrf_token": token}
    eigen = {**proxy, "Referer": "https://ladder.gemeente.example:8443/inloggen"}
    assert client.post("/inloggen", data=data, headers=eigen).status_code == 422  # checked
    vreemd = {**proxy, "Referer": "https://elders.example/inloggen"}
    response = client.post("/inloggen", data=data, headers=vreemd)
    assert response.status_code == 400 and "Formulier verlopen" in response.get_data(as_text=True)


def test_the_setting_must_be_a_whole_number():
    assert vertrouwde_proxies({}) == 0
    assert vertrouwde_proxies({"VERTROUWDE_PROXIES": " 2 "}) == 2
    for fout in ("ja", "-1", "1.5"):
        with pytest.raises(ValueError, match="VERTROUWDE_PROXIES"):
            vertrouwde_proxies({"VERTROUWDE_PROXIES": fout})


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_upload_limit_is_the_same_in_nginx_and_in_the_app(maak_app):
    site = (Path(__file__).resolve().parents[1] / "deploy" / "nginx.conf").read_text()
    [megabytes] = re.findall(r"^\s*client_max_body_size (\d+)m;", site, re.M)
    assert int(megabytes) * 1024 * 1024 == maak_app(1).config["MAX_CONTENT_LENGTH"]
