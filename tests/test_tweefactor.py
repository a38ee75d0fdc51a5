"""The second login factor: enrolment, codes, replay, recovery codes, reset by beheerder."""

import re

import pyotp
import pytest

from models import Auditregel, Gebruiker, Herstelcode, Sessie
from tests.conftest import PASSWORD


@pytest.fixture
def met_tweefactor(app):
    app.config["TWEE_FACTOR"] = True
    return app


def _utc(clock):
    import datetime

    return clock.current.replace(tzinfo=datetime.UTC)


def _enrol(client, clock):
    page = client.get("/inloggen/instellen").get_data(as_text=True)
    geheim = re.search(r'class="geheim">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    totp = pyotp.TOTP(geheim)
    response = client.submit("/inloggen/instellen", {"code": totp.at(_utc(clock))})
    return geheim, response


def test_first_login_enrols_and_shows_recovery_codes_once(
    met_tweefactor, client, auth, make_gebruiker, clock
):
    gebruiker = make_gebruiker()
    response = auth.login(gebruiker.email)
    assert response.headers["Location"].endswith("/inloggen/instellen")
    assert client.get("/").status_code == 302  # not logged in yet
    page = client.get("/inloggen/instellen").get_data(as_text=True)
    assert 'src="data:image/svg+xml' in page  # QR drawn on the server
    geheim, response = _enrol(client, clock)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Uw herstelcodes" in page
    assert len(re.findall(r"<li>[0-9a-f]{6}-[0-9a-f]{6}</li>", page)) == 10
    assert Gebruiker.get_by_id(gebruiker.id).totp_secret == geheim
    assert Herstelcode.select().count() == 10
    assert client.get("/").status_code == 200


def test_login_needs_a_fresh_code_and_refuses_a_replay(
    met_tweefactor, client, auth, make_gebruiker, clock
):
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    geheim, _ = _enrol(client, clock)
    auth.logout()
    clock.advance(seconds=60)
    auth.login(gebruiker.email)
    totp = pyotp.TOTP(geheim)
    wrong = client.submit("/inloggen/code", {"code": "000000"})
    assert wrong.status_code == 422 and "De code is onjuist" in wrong.get_data(as_text=True)
    code = totp.at(_utc(clock))
    assert client.submit("/inloggen/code", {"code": code}).status_code == 303
    assert client.get("/").status_code == 200
    auth.logout()
    auth.login(gebruiker.email)
    # The same code within its 30 seconds is refused the second time.
    assert client.submit("/inloggen/code", {"code": code}).status_code == 422
    assert (
        Auditregel.select()
        .where(
            (Auditregel.actie == "mislukte_inlog") & (Auditregel.omschrijving == "onjuiste code")
        )
        .count()
        == 2
    )


def test_recovery_code_works_once(met_tweefactor, client, auth, make_gebruiker, clock):
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    _, response = _enrol(client, clock)
    herstel = re.findall(r"<li>([0-9a-f]{6}-[0-9a-f]{6})</li>", response.get_data(as_text=True))[0]
    auth.logout()
    auth.login(gebruiker.email)
    assert client.submit("/inloggen/code", {"code": herstel.upper()}).status_code == 303
    auth.logout()
    auth.login(gebruiker.email)
    assert client.submit("/inloggen/code", {"code": herstel}).status_code == 422


def test_the_second_step_expires(met_tweefactor, client, auth, make_gebruiker, clock):
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    _enrol(client, clock)
    auth.logout()
    auth.login(gebruiker.email)
    clock.advance(minutes=6)
    response = client.get("/inloggen/code")
    assert response.headers["Location"].endswith("/inloggen")


def test_code_step_without_password_step_is_refused(met_tweefactor, client):
    assert client.get("/inloggen/code").headers["Location"].endswith("/inloggen")
    assert client.get("/inloggen/instellen").headers["Location"].endswith("/inloggen")


def test_beheerder_resets_the_second_factor_and_ends_sessions(
    met_tweefactor, app, client, auth, make_gebruiker, clock
):
    from tests.conftest import Auth, FormClient

    beheerder = make_gebruiker("beheerder")
    collega = make_gebruiker(organisatie=beheerder.organisatie)
    collega_browser = FormClient(app.test_client())
    Auth(collega_browser).login(collega.email)
    _enrol(collega_browser, clock)
    assert collega_browser.get("/").status_code == 200
    auth.login(beheerder.email)
    _enrol(client, clock)
    response = client.submit(
        f"/beheer/gebruikers/{collega.id}/tweefactor-reset",
        {},
        token_from=f"/beheer/gebruikers/{collega.id}",
    )
    assert response.status_code == 303
    assert Gebruiker.get_by_id(collega.id).totp_secret is None
    assert Herstelcode.select().where(Herstelcode.gebruiker == collega).count() == 0
    assert collega_browser.get("/").status_code == 302
    assert (
        Sessie.select().where((Sessie.gebruiker == collega) & Sessie.beeindigd.is_null()).count()
        == 0
    )
    Auth(collega_browser).login(collega.email)
    assert collega_browser.get("/inloggen/code").headers["Location"].endswith("/inloggen/instellen")


def test_relaxed_installation_says_so_on_every_page(app, client, auth, make_gebruiker):
    assert app.config["TWEE_FACTOR"] is False
    assert "tweestapsverificatie staat uit" in client.get("/inloggen").get_data(as_text=True)
    app.config["TWEE_FACTOR"] = True
    assert "tweestapsverificatie staat uit" not in client.get("/inloggen").get_data(as_text=True)


def test_password_is_still_checked_first(met_tweefactor, client, auth, make_gebruiker):
    gebruiker = make_gebruiker()
    response = auth.login(gebruiker.email, PASSWORD + "x")
    assert response.status_code == 422
    assert client.get("/inloggen/instellen").headers["Location"].endswith("/inloggen")
