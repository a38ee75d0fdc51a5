"""POST /sessie/verlengen: the button in the warning before the idle timeout (WCAG 2.2.1,
static/js/sessie.js) keeps the server-side session open; it needs a live session and the
page's CSRF token. The dialog itself is tested in the browser (tests/e2e/test_flows.py)."""

from models import Sessie

URL = "/sessie/verlengen"


def _sessie() -> Sessie:
    return Sessie.select().where(Sessie.beeindigd.is_null()).get()


def test_extending_touches_the_session_and_postpones_the_timeout(client, logged_in, clock):
    logged_in()
    token = client.csrf_token("/")  # the token of the page that shows the warning
    clock.advance(minutes=28)  # two minutes left: the warning is showing

    response = client.post(URL, data={"csrf_token": token})

    assert response.status_code == 200
    assert response.get_json() == {"verlopen": False, "seconden": 30 * 60}
    assert _sessie().laatst_actief == clock.now()
    # Without it the session would end at minute 30; now it lasts until 28 + 30.
    clock.advance(minutes=29)
    assert client.get("/").status_code == 200


def test_extending_writes_even_within_the_activity_interval(client, logged_in, clock):
    """A page view writes laatst_actief at most every 30 s; the button always does."""
    logged_in()
    token = client.csrf_token("/")
    clock.advance(seconds=10)
    assert client.post(URL, data={"csrf_token": token}).status_code == 200
    assert _sessie().laatst_actief == clock.now()


def test_without_extending_the_session_ends(client, logged_in, clock):
    logged_in()
    client.csrf_token("/")
    clock.advance(minutes=31)
    assert client.get("/").status_code == 302


def test_an_expired_session_cannot_be_extended(client, logged_in, clock):
    logged_in()
    token = client.csrf_token("/")
    clock.advance(minutes=31)

    response = client.post(URL, data={"csrf_token": token})

    assert response.status_code == 401  # JSON for the script, not a redirect to the login page
    assert response.get_json() == {"verlopen": True}
    assert Sessie.select().where(Sessie.beeindigd.is_null()).count() == 0
    assert client.get("/").status_code == 302


def test_not_logged_in_gets_401(client):
    token = client.csrf_token("/inloggen")
    response = client.post(URL, data={"csrf_token": token})
    assert response.status_code == 401
    assert response.get_json() == {"verlopen": True}


def test_extending_needs_the_csrf_token_and_a_post(client, logged_in, clock):
    logged_in()
    client.csrf_token("/")
    before = _sessie().laatst_actief
    clock.advance(seconds=10)  # within the activity interval: only the route would write
    assert client.post(URL).status_code == 400
    assert client.get(URL).status_code == 405
    assert _sessie().laatst_actief == before


def test_other_sessions_of_the_user_are_not_touched(app, client, auth, logged_in, clock):
    gebruiker = logged_in()
    other_device = type(client)(app.test_client())
    type(auth)(other_device).login(gebruiker.email)
    token = client.csrf_token("/")
    clock.advance(minutes=20)
    assert client.post(URL, data={"csrf_token": token}).status_code == 200
    touched = Sessie.select().where(Sessie.laatst_actief == clock.now()).count()
    assert touched == 1


def test_pages_carry_the_timeout_and_the_warning_only_when_logged_in(client, logged_in):
    login_page = client.get("/inloggen").get_data(as_text=True)
    assert "data-sessie-minuten" not in login_page
    assert "sessie.js" not in login_page

    logged_in()
    page = client.get("/").get_data(as_text=True)
    assert 'data-sessie-minuten="30"' in page
    assert '<template id="sessie-waarschuwing">' in page
    assert 'action="/sessie/verlengen"' in page
    assert '<script src="/static/js/sessie.js" defer></script>' in page


def test_the_script_is_served_from_our_own_origin(client):
    with client.get("/static/js/sessie.js") as response:
        assert response.status_code == 200
        assert "javascript" in response.mimetype
        assert "http" not in response.get_data(as_text=True)  # nothing from another origin
