"""The second login factor: enrolment, codes, replay, recovery codes, reset by beheerder."""

import re

import pyotp
import pytest

from models import Auditregel, Gebruiker, Herstelcode, Sessie
from services import tweefactor
from tests.conftest import PASSWORD

# Recovery codes: six groups of four base32 characters, 120 bits (issue 14, item 10).
HERSTELCODE = r"<li>((?:[a-z2-7]{4}-){5}[a-z2-7]{4})</li>"


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
    assert len(re.findall(HERSTELCODE, page)) == 10
    # Stored encrypted, never in clear (issue 14, item 10).
    opgeslagen = Gebruiker.get_by_id(gebruiker.id).totp_secret
    assert opgeslagen and geheim not in opgeslagen
    with met_tweefactor.app_context():
        assert tweefactor.ontsleutel(opgeslagen) == geheim
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
    herstel = re.findall(HERSTELCODE, response.get_data(as_text=True))[0]
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
    # The beheerder gets the one-time enrolment code on the page (issue 14, item 17).
    assert response.status_code == 200
    assert re.search(r'class="geheim">(?:[a-z2-7]{4}-){3}[a-z2-7]{4}<', response.text)
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


def _sessiecookie(app, client) -> str:
    """The content of the session cookie, as anyone holding it can read it (signed only)."""
    cookie = client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value
    return str(app.session_interface.get_signing_serializer(app).loads(cookie))


def test_the_new_secret_stays_on_the_server(met_tweefactor, client, auth, make_gebruiker, clock):
    """Issue 14, item 10: during enrolment the secret is not in the cookie, and a new login
    gets a new secret (one someone else saw before is never the one enrolled)."""
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    pagina = client.get("/inloggen/instellen").get_data(as_text=True)
    geheim = re.search(r'class="geheim">([A-Z2-7 ]+)<', pagina).group(1).replace(" ", "")
    assert geheim not in _sessiecookie(met_tweefactor, client)
    opgeslagen = Gebruiker.get_by_id(gebruiker.id).totp_nieuw
    assert opgeslagen and geheim not in opgeslagen
    auth.login(gebruiker.email)
    pagina = client.get("/inloggen/instellen").get_data(as_text=True)
    nieuw = re.search(r'class="geheim">([A-Z2-7 ]+)<', pagina).group(1).replace(" ", "")
    assert nieuw != geheim


def _reset_door_beheerder(app, client, auth, make_gebruiker, clock):
    """A colleague with an enrolled second factor, reset by the beheerder: returns the
    colleague, their browser and the enrolment code the beheerder was shown."""
    from tests.conftest import Auth, FormClient

    beheerder = make_gebruiker("beheerder")
    collega = make_gebruiker(organisatie=beheerder.organisatie)
    browser = FormClient(app.test_client())
    Auth(browser).login(collega.email)
    _enrol(browser, clock)
    auth.login(beheerder.email)
    _enrol(client, clock)
    response = client.submit(
        f"/beheer/gebruikers/{collega.id}/tweefactor-reset",
        {},
        token_from=f"/beheer/gebruikers/{collega.id}",
    )
    code = re.search(r'class="geheim">([a-z2-7-]+)<', response.text).group(1)
    return collega, browser, code


def _enrol_met_code(client, clock, inschrijfcode):
    pagina = client.get("/inloggen/instellen").get_data(as_text=True)
    geheim = re.search(r'class="geheim">([A-Z2-7 ]+)<', pagina).group(1).replace(" ", "")
    data = {"code": pyotp.TOTP(geheim).at(_utc(clock))}
    if inschrijfcode is not None:
        data["inschrijfcode"] = inschrijfcode
    return client.submit("/inloggen/instellen", data)


def test_after_a_reset_the_password_alone_does_not_enrol(
    met_tweefactor, client, auth, make_gebruiker, clock
):
    """Issue 14, item 17: whoever has only the password cannot enrol their own app."""
    from tests.conftest import Auth

    collega, browser, code = _reset_door_beheerder(
        met_tweefactor, client, auth, make_gebruiker, clock
    )
    stored = Gebruiker.get_by_id(collega.id)
    assert code.replace("-", "") not in (stored.inschrijfcode_hash or "")
    clock.advance(seconds=60)
    Auth(browser).login(collega.email)
    zonder = _enrol_met_code(browser, clock, None)
    assert zonder.status_code == 422
    assert "Vul de inschrijfcode van uw beheerder in." in zonder.text
    assert 'href="#inschrijfcode"' in zonder.text  # in the error summary too
    fout = _enrol_met_code(browser, clock, "abcd-efgh-ijkl-mnop")
    assert fout.status_code == 422 and "De inschrijfcode is onjuist" in fout.text
    assert Gebruiker.get_by_id(collega.id).totp_secret is None
    assert (
        Auditregel.select()
        .where(Auditregel.omschrijving == "onjuiste of verlopen inschrijfcode")
        .count()
        == 1
    )
    goed = _enrol_met_code(browser, clock, code.upper())
    assert goed.status_code == 200 and "Uw herstelcodes" in goed.text
    opnieuw = Gebruiker.get_by_id(collega.id)
    assert opnieuw.totp_secret and opnieuw.inschrijfcode_hash is None  # used up


def test_the_enrolment_code_expires(met_tweefactor, client, auth, make_gebruiker, clock):
    from tests.conftest import Auth

    collega, browser, code = _reset_door_beheerder(
        met_tweefactor, client, auth, make_gebruiker, clock
    )
    clock.advance(hours=73)
    Auth(browser).login(collega.email)
    response = _enrol_met_code(browser, clock, code)
    assert response.status_code == 422 and "De inschrijfcode is verlopen" in response.text
    assert Gebruiker.get_by_id(collega.id).totp_secret is None
