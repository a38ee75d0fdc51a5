"""The pages in a real browser against the production server: login, errors, logout,
keyboard use, the skip link, beheer of accounts and the 404 page."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_login_page_renders(page, page_errors):
    response = page.goto("/inloggen")
    assert response.status == 200
    expect(page).to_have_title("Inloggen – Participatieladder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_label("E-mailadres")).to_be_visible()
    expect(page.get_by_label("Wachtwoord")).to_have_attribute("type", "password")
    expect(page.get_by_role("button", name="Inloggen")).to_be_enabled()
    # The own stylesheet loaded (the skip link is off-screen until it gets focus).
    assert page.get_by_role("link", name="Naar de inhoud").bounding_box()["y"] < 0
    assert page_errors == []  # no CSP violation, no script error


def test_empty_login_error_summary_links_move_focus_to_the_field(page):
    page.goto("/inloggen")
    page.get_by_role("button", name="Inloggen").click()

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()  # autofocus: a screen reader starts at the errors
    expect(summary.get_by_role("heading")).to_have_text("Er is een probleem")
    expect(page).to_have_title(re.compile(r"^Fout: Inloggen"))
    email = page.get_by_label("E-mailadres")
    expect(email).to_have_attribute("aria-invalid", "true")
    expect(email).to_have_accessible_description("Fout: Vul uw e-mailadres in.")

    summary.get_by_role("link", name="Vul uw wachtwoord in.").click()
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    summary.get_by_role("link", name="Vul uw e-mailadres in.").click()
    expect(email).to_be_focused()


def test_wrong_password_shows_the_error_summary(page, login, live_server):
    account = live_server.create_user()  # its own account: failures count towards a lockout
    login(page, account.email, "groene bus rijdt naar amersfoort")

    summary = page.get_by_role("alert")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Het e-mailadres of het wachtwoord is onjuist.")
    expect(page).to_have_url(re.compile(r"/inloggen$"))
    expect(page.get_by_label("E-mailadres")).to_have_value(account.email)
    expect(page.get_by_label("Wachtwoord")).to_have_value("")  # never sent back


def test_successful_login_reaches_the_start_page(page, login, live_server):
    account = live_server.create_user(naam="Sanne Succes")
    login(page, account.email, account.password)  # password, then the second factor
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Sanne Succes")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("navigation", name="Hoofdmenu")).to_be_visible()


def test_logout_ends_the_session_on_the_server(page, context, login, live_server):
    account = live_server.create_user()
    login(page, account.email, account.password)
    expect(page.get_by_role("heading", name=re.compile("^Welkom"))).to_be_visible()
    cookies_while_logged_in = context.cookies()

    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_role("status")).to_have_text("U bent uitgelogd.")

    # Back: the start page is not shown again from a cache (Cache-Control: no-store).
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page.get_by_text("Welkom")).to_have_count(0)
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")

    # Even the old session cookie, put back, no longer opens the start page.
    context.clear_cookies()
    context.add_cookies(cookies_while_logged_in)
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    expect(page).to_have_url(re.compile(r"/inloggen"))


def test_keyboard_only_login(page, live_server, phone):
    """Password, enrolment of the authenticator app and the recovery codes: Tab, typing and
    Enter only."""
    account = live_server.create_user()
    page.goto("/inloggen")
    keyboard = page.keyboard
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    keyboard.press("Tab")
    expect(page.get_by_role("link", name="Participatieladder")).to_be_focused()
    keyboard.press("Tab")
    expect(page.get_by_label("E-mailadres")).to_be_focused()
    keyboard.type(account.email)
    keyboard.press("Tab")
    expect(page.get_by_label("Wachtwoord")).to_be_focused()
    keyboard.type(account.password)
    keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tweestapsverificatie instellen")
    phone.enrol(account.email, page.locator(".geheim").inner_text())  # read off the screen
    _tab_to(page, page.get_by_label("Code uit uw authenticator-app"))
    keyboard.type(phone.code(account.email))
    keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Uw herstelcodes")
    _tab_to(page, page.get_by_role("link", name="Ik heb de codes bewaard, ga verder"))
    keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {account.naam}")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, login_as, beheerder):
    login_as(page, beheerder)
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gebruikers").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gebruikers van")

    page.keyboard.press("Tab")
    skiplink = page.get_by_role("link", name="Naar de inhoud")
    expect(skiplink).to_be_focused()
    expect(skiplink).to_be_in_viewport()  # visible when focused
    page.keyboard.press("Enter")
    expect(page.locator("main#inhoud")).to_be_focused()
    # The next tab stop is the first one in the content: header and menu are skipped.
    page.keyboard.press("Tab")
    expect(page.get_by_role("main").get_by_role("link", name="Gebruiker toevoegen")).to_be_focused()


def test_beheerder_adds_a_user_who_can_then_log_in(
    page, context, login, login_as, live_server, beheerder
):
    login_as(page, beheerder)
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Gebruikers").click()
    page.get_by_role("link", name="Gebruiker toevoegen").click()
    expect(page).to_have_url(re.compile(r"/beheer/gebruikers/nieuw$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Gebruiker toevoegen")

    email = f"{live_server.unique('nieuw')}@testdorp.nl"
    naam = "Noor Nieuw"
    password = "oranje fiets staat bij het station"
    page.get_by_label("Naam").fill(naam)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Rol").select_option(label="Intaker")
    page.get_by_label("Eenmalig wachtwoord").fill(password)
    page.get_by_role("button", name="Gebruiker toevoegen").click()

    expect(page).to_have_url(re.compile(r"/beheer/gebruikers$"))
    expect(page.get_by_role("status")).to_have_text(f"Het account van {naam} is aangemaakt.")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=naam))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_have_text([email, "Intaker", "–", "Actief", "–"])

    # The new user logs in (in the same browser, without ending the beheerder's session)
    # and first replaces the one-time password by one only they know.
    context.clear_cookies()
    login(page, email, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies uw eigen wachtwoord")
    page.goto("/")  # nothing else opens before that
    expect(page.get_by_role("heading", level=1)).to_have_text("Kies uw eigen wachtwoord")
    eigen = "groene tram rijdt langs de gracht"
    page.get_by_label("Eenmalig wachtwoord").fill(password)
    page.get_by_label("Nieuw wachtwoord").fill(eigen)
    page.get_by_label("Herhaal het nieuwe wachtwoord").fill(eigen)
    page.get_by_role("button", name="Wachtwoord opslaan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Welkom, {naam}")


def test_404_page(page):
    response = page.goto("/bestaat-niet")
    assert response.status == 404
    expect(page).to_have_title("Pagina niet gevonden – Participatieladder")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pagina niet gevonden")
    expect(page.get_by_role("main")).to_contain_text("Foutcode 404.")
    expect(page.get_by_role("link", name="Naar de startpagina")).to_be_visible()


def _tab_to(page, locator, max_presses: int = 20) -> None:
    """Press Tab until locator has focus (it must come before focus wraps round)."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} kreeg geen focus na {max_presses} keer Tab")
