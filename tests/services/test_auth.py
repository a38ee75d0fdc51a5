"""Logging in and out: what a user at the desk relies on, and what an attacker meets."""

from models import Auditregel, Sessie


def test_login_page_is_dutch_and_has_the_form(client):
    page = client.get("/inloggen").get_data(as_text=True)
    assert '<html lang="nl">' in page
    assert "<title>Inloggen – Participatieladder</title>" in page
    assert 'for="email"' in page and 'for="wachtwoord"' in page


def test_pages_need_a_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/inloggen")


def test_login_success_opens_the_start_page_and_is_logged(client, auth, make_gebruiker):
    gebruiker = make_gebruiker(naam="Fatima Bakker")
    response = auth.login(gebruiker.email)
    assert response.status_code == 303
    page = client.get("/").get_data(as_text=True)
    assert "Welkom, Fatima Bakker" in page
    regel = Auditregel.get(Auditregel.actie == "inloggen")
    assert regel.gebruiker_id == gebruiker.id and regel.resultaat == "gelukt"


def test_login_is_case_insensitive_for_the_email_address(client, auth, make_gebruiker):
    make_gebruiker(email="j.devries@testdorp.nl")
    assert auth.login("  J.DeVries@Testdorp.nl ").status_code == 303


def test_wrong_password_gives_one_dutch_message_and_is_logged(client, auth, make_gebruiker):
    gebruiker = make_gebruiker()
    response = auth.login(gebruiker.email, "fout-wachtwoord-123")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Het e-mailadres of het wachtwoord is onjuist." in page
    assert "<title>Fout: Inloggen" in page
    assert Auditregel.select().where(Auditregel.actie == "mislukte_inlog").count() == 1
    assert Sessie.select().count() == 0


def test_unknown_email_gives_the_same_message(client, auth):
    response = auth.login("niemand@testdorp.nl", "fout-wachtwoord-123")
    assert "Het e-mailadres of het wachtwoord is onjuist." in response.get_data(as_text=True)


def test_empty_fields_get_messages_at_the_field_and_in_the_summary(client):
    response = client.submit("/inloggen", {"email": "", "wachtwoord": ""})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'class="foutsamenvatting"' in page
    assert '<a href="#email">Vul uw e-mailadres in.</a>' in page
    assert 'id="email-fout"' in page and 'aria-describedby="email-fout"' in page


def test_inactive_account_cannot_log_in(client, auth, make_gebruiker):
    gebruiker = make_gebruiker(actief=False)
    assert auth.login(gebruiker.email).status_code == 422


def test_login_is_throttled_per_account_after_five_failures(client, auth, make_gebruiker, clock):
    gebruiker = make_gebruiker()
    for _ in range(5):
        auth.login(gebruiker.email, "fout-wachtwoord-123")
    # Even the right password is refused while the account is throttled …
    response = auth.login(gebruiker.email)
    assert response.status_code == 422
    assert "te vaak een onjuist wachtwoord" in response.get_data(as_text=True)
    assert Auditregel.select().where(Auditregel.actie == "geweigerd").count() == 1
    # … another account is not affected …
    other = make_gebruiker()
    assert auth.login(other.email).status_code == 303
    auth.logout()
    # … and after the lockout window it works again.
    clock.advance(minutes=16)
    assert auth.login(gebruiker.email).status_code == 303


def test_idle_session_ends_after_thirty_minutes(client, auth, make_gebruiker, clock):
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200  # activity resets the idle clock
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200
    clock.advance(minutes=31)
    response = client.get("/")
    assert response.status_code == 302
    page = client.get("/inloggen").get_data(as_text=True)
    assert "een tijd niet actief" in page


def test_logout_ends_the_session_on_the_server(client, auth, make_gebruiker):
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    stolen_cookie = client.get_cookie("pl_sessie").value
    assert auth.logout().status_code == 303
    assert client.get("/").status_code == 302
    # Replaying the cookie captured before logout does not bring the session back.
    client.set_cookie("pl_sessie", stolen_cookie)
    assert client.get("/").status_code == 302
    assert Sessie.get().beeindigd is not None


def test_logout_requires_post_with_csrf(client, auth, make_gebruiker):
    gebruiker = make_gebruiker()
    auth.login(gebruiker.email)
    assert client.get("/uitloggen").status_code == 405
    response = client.post("/uitloggen")
    assert response.status_code == 400
    assert "Formulier verlopen" in response.get_data(as_text=True)
    assert client.get("/").status_code == 200


def test_post_without_csrf_token_is_refused(client, make_gebruiker):
    gebruiker = make_gebruiker()
    response = client.post("/inloggen", data={"email": gebruiker.email, "wachtwoord": "x"})
    assert response.status_code == 400
    assert Sessie.select().count() == 0


def test_session_cookie_flags(app, client, auth, make_gebruiker):
    gebruiker = make_gebruiker()
    response = auth.login(gebruiker.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "remember_token" not in str(response.headers)


def test_production_defaults_mark_the_cookie_secure(monkeypatch, tmp_path):
    from app import create_app

    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}", "SECRET_KEY": "x"})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["IDLE_TIMEOUT_MINUTES"] == 30
    assert app.config["TWEE_FACTOR"] is True


def test_password_change_ends_other_sessions(app, client, auth, make_gebruiker):
    gebruiker = make_gebruiker()
    other_device = type(client)(app.test_client())
    type(auth)(other_device).login(gebruiker.email)
    auth.login(gebruiker.email)
    response = client.submit(
        "/account/wachtwoord",
        {
            "huidig": "ladder-test-wachtwoord-42",
            "nieuw": "paarse olifant danst op dinsdag",
            "herhaal": "paarse olifant danst op dinsdag",
        },
    )
    assert response.status_code == 303
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302
    assert auth.logout().status_code == 303
    assert auth.login(gebruiker.email, "paarse olifant danst op dinsdag").status_code == 303


def test_password_change_rejects_weak_password(client, logged_in):
    logged_in()
    response = client.submit(
        "/account/wachtwoord",
        {"huidig": "ladder-test-wachtwoord-42", "nieuw": "welkom123456", "herhaal": "welkom123456"},
    )
    assert response.status_code == 422
    assert "te makkelijk te raden" in response.get_data(as_text=True) or (
        "veelgebruikte" in response.get_data(as_text=True)
    )


def test_passwords_are_stored_with_scrypt_at_full_strength(monkeypatch):
    """The suite hashes with a small work factor (conftest); the application does not."""
    import models.gebruiker as module
    from tests.conftest import ECHTE_WACHTWOORD_METHODE as werkelijk

    assert werkelijk == "scrypt"
    monkeypatch.setattr(module, "WACHTWOORD_METHODE", werkelijk)
    gebruiker = module.Gebruiker(naam="Sterk", email="sterk@testdorp.nl")
    gebruiker.zet_wachtwoord("een lang en sterk wachtwoord")
    assert gebruiker.wachtwoord_hash.startswith("scrypt:32768:8:1$")
    assert gebruiker.controleer_wachtwoord("een lang en sterk wachtwoord")
