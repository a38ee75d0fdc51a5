"""Throttling of failed logins (issue 14, item 6): per e-mail and client address with a
growing lockout, per client address, and for the installation; the same answer whether or
not an account exists. And the maximum lifetime of a session (item 8)."""

import pytest

from app import create_app
from models import Auditregel, Inlogpoging
from tests.conftest import PASSWORD

AANVALLER = "203.0.113.66"
KANTOOR = "198.51.100.7"
GEBLOKKEERD = "Er is te vaak een onjuist wachtwoord of een onjuiste code ingevuld."


def _login(client, email, wachtwoord=PASSWORD, adres=KANTOOR):
    return client.submit(
        "/inloggen",
        {"email": email, "wachtwoord": wachtwoord},
        environ_overrides={"REMOTE_ADDR": adres},
    )


def _geblokkeerd(response) -> bool:
    return response.status_code == 422 and GEBLOKKEERD in response.get_data(as_text=True)


def test_password_spraying_from_one_address_is_stopped(client, make_gebruiker, clock):
    doelwit = make_gebruiker()
    # Twenty accounts, one wrong password each: no account reaches its own limit.
    for n in range(20):
        assert (
            _login(client, f"medewerker{n}@testdorp.nl", "Welkom2026!!!", AANVALLER).status_code
            == 422
        )
    # Now the address itself is stopped, even with a right password …
    assert _geblokkeerd(_login(client, doelwit.email, PASSWORD, AANVALLER))
    # … while the same account from another address logs in.
    assert _login(client, doelwit.email, PASSWORD, KANTOOR).status_code == 303
    regel = Auditregel.get(Auditregel.actie == "geweigerd")
    assert (regel.oorsprong, regel.omschrijving) == (AANVALLER, "inlog geblokkeerd")


def test_knowing_an_email_address_does_not_lock_its_owner_out(client, make_gebruiker, clock):
    collega = make_gebruiker()
    for _ in range(5):
        _login(client, collega.email, "fout-wachtwoord-123", AANVALLER)
    assert _geblokkeerd(_login(client, collega.email, PASSWORD, AANVALLER))
    assert _login(client, collega.email, PASSWORD, KANTOOR).status_code == 303


def test_the_lockout_grows_with_each_round_of_failures(client, make_gebruiker, clock):
    gebruiker = make_gebruiker()
    for _ in range(5):
        _login(client, gebruiker.email, "fout-wachtwoord-123")
    # After the first lockout each failure locks again; the tenth doubles the wait to 30 min.
    for _ in range(5):
        clock.advance(minutes=16)
        assert _login(client, gebruiker.email, "fout-wachtwoord-123").status_code == 422
    clock.advance(minutes=16)
    assert _geblokkeerd(_login(client, gebruiker.email))
    clock.advance(minutes=15)
    assert _login(client, gebruiker.email).status_code == 303
    assert Inlogpoging.select().count() == 10


def test_the_lockout_message_does_not_tell_whether_an_account_exists(client, make_gebruiker, clock):
    gebruiker = make_gebruiker()
    antwoorden = []
    for email in (gebruiker.email, "niemand@testdorp.nl"):
        for _ in range(5):
            _login(client, email, "fout-wachtwoord-123", AANVALLER)
        response = _login(client, email, "fout-wachtwoord-123", AANVALLER)
        assert _geblokkeerd(response)
        pagina = response.get_data(as_text=True)
        antwoorden.append((response.status_code, pagina.count(GEBLOKKEERD), "onjuist." in pagina))
    assert antwoorden[0] == antwoorden[1]
    assert Auditregel.select().where(Auditregel.actie == "geweigerd").count() == 2


def test_above_the_ceiling_only_addresses_without_failures_get_in(
    app, client, make_gebruiker, clock
):
    app.config["LOGIN_MAX_FAILURES_TOTAAL"] = 6
    gebruiker = make_gebruiker()
    for n in range(6):
        _login(client, f"iemand{n}@testdorp.nl", "fout-wachtwoord-123", f"192.0.2.{n}")
    assert _geblokkeerd(_login(client, gebruiker.email, PASSWORD, "192.0.2.0"))
    assert _login(client, gebruiker.email, PASSWORD, KANTOOR).status_code == 303
    client.submit("/uitloggen", token_from="/")
    clock.advance(minutes=16)  # the window has passed
    assert _login(client, gebruiker.email, PASSWORD, "192.0.2.0").status_code == 303


def test_a_busy_session_still_ends_after_twelve_hours(client, auth, make_gebruiker, clock):
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    for _ in range(24):  # active every 29 minutes: 11 h 36 min
        clock.advance(minutes=29)
        assert client.get("/").status_code == 200
    clock.advance(minutes=25)  # 12 h 1 min after the login
    assert client.get("/").status_code == 302
    assert "de maximale tijd was ingelogd" in client.get("/inloggen").get_data(as_text=True)
    assert client.submit("/sessie/verlengen", token_from="/inloggen").status_code == 401


def test_the_maximum_session_lifetime_is_a_setting(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("SESSION_MAX_HOURS", "8")
    assert create_app({"DATABASE_URL": url, "SECRET_KEY": "x"}).config["SESSION_MAX_HOURS"] == 8
    for fout in ("twaalf", "0", "-3", "1.5"):
        monkeypatch.setenv("SESSION_MAX_HOURS", fout)
        with pytest.raises(ValueError, match="SESSION_MAX_HOURS moet een positief geheel getal"):
            create_app({"DATABASE_URL": url, "SECRET_KEY": "x"})
