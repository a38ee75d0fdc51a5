"""Every page type in a real browser: axe-core finds no serious or critical violation, Tab
reaches every control with a visible focus indicator, and at 320 CSS px nothing but a data
table scrolls sideways. What axe cannot decide (incomplete) goes to
test-artifacts/axe-incomplete.json for a human verdict (see docs/accessibility.md).

A new page type is one line in PAGES: (name, setup), where setup(site) brings the browser to
that page in the state to be checked (logged in, form submitted with errors, ...).
"""

import re
from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@dataclass
class Site:
    """What a setup needs: the page, the ways to log in and the shared accounts."""

    page: object
    live_server: object
    login: object  # login(page, email, password): through the forms, a new session
    login_as: object  # login_as(page, account): the account's shared session
    beheerder: object
    klantmanager: object

    def goto(self, path: str, as_user=None) -> None:
        if as_user is not None:
            self.login_as(self.page, as_user)
        self.page.goto(path)

    def submit(self, button: str) -> None:
        self.page.get_by_role("button", name=button).click()
        expect(self.page.get_by_role("alert")).to_be_visible()


def _login_errors(site: Site) -> None:
    site.goto("/inloggen")
    site.submit("Inloggen")


def _login_wrong_password(site: Site) -> None:
    # An unknown address: no account collects failed logins towards a lockout.
    site.login(site.page, "onbekend@testdorp.nl", "groene bus rijdt naar amersfoort")
    expect(site.page.get_by_role("alert")).to_be_visible()


def _after_logout(site: Site) -> None:
    account = site.live_server.create_user()  # logging out ends the session
    site.login(site.page, account.email, account.password)
    site.page.get_by_role("button", name="Uitloggen").click()
    expect(site.page.get_by_role("status")).to_be_visible()


def _nieuw_errors(site: Site) -> None:
    site.goto("/beheer/gebruikers/nieuw", as_user=site.beheerder)
    site.submit("Gebruiker toevoegen")


def _bewerken(site: Site) -> None:
    site.goto("/beheer/gebruikers", as_user=site.beheerder)
    site.page.get_by_role("link", name=site.klantmanager.naam).click()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Gebruiker bewerken")


def _bewerken_errors(site: Site) -> None:
    _bewerken(site)
    site.page.get_by_label("Naam").fill("")
    site.page.get_by_label("E-mailadres").fill("geen-adres")
    site.page.get_by_label("Eerste wachtwoord").fill("kort")
    site.submit("Gebruiker opslaan")


def _wachtwoord_errors(site: Site) -> None:
    site.goto("/account/wachtwoord", as_user=site.klantmanager)
    site.submit("Wachtwoord opslaan")


def _klant_nieuw_errors(site: Site) -> None:
    site.goto("/klanten/nieuw", as_user=site.klantmanager)
    site.submit("Klant registreren")


PAGES = [
    ("inloggen", lambda s: s.goto("/inloggen")),
    ("inloggen-fouten", _login_errors),
    ("inloggen-onjuist-wachtwoord", _login_wrong_password),
    ("inloggen-na-uitloggen", _after_logout),
    ("start-klantmanager", lambda s: s.goto("/", as_user=s.klantmanager)),
    ("start-beheerder", lambda s: s.goto("/", as_user=s.beheerder)),
    ("beheer-gebruikers", lambda s: s.goto("/beheer/gebruikers", as_user=s.beheerder)),
    ("beheer-gebruiker-nieuw", lambda s: s.goto("/beheer/gebruikers/nieuw", as_user=s.beheerder)),
    ("beheer-gebruiker-nieuw-fouten", _nieuw_errors),
    ("beheer-gebruiker-bewerken", _bewerken),
    ("beheer-gebruiker-bewerken-fouten", _bewerken_errors),
    ("account-wachtwoord", lambda s: s.goto("/account/wachtwoord", as_user=s.klantmanager)),
    ("account-wachtwoord-fouten", _wachtwoord_errors),
    ("klanten-zoeken", lambda s: s.goto("/klanten", as_user=s.klantmanager)),
    ("klanten-zoeken-niets", lambda s: s.goto("/klanten?q=Onvindbaar", as_user=s.klantmanager)),
    ("klant-nieuw", lambda s: s.goto("/klanten/nieuw", as_user=s.klantmanager)),
    ("klant-nieuw-fouten", _klant_nieuw_errors),
    ("handleiding", lambda s: s.goto("/handleiding", as_user=s.klantmanager)),
    ("beoordelen", lambda s: s.goto("/beoordelen", as_user=s.klantmanager)),
    ("beheer-auditlog", lambda s: s.goto("/beheer/audit", as_user=s.beheerder)),
    ("beheer-instellingen", lambda s: s.goto("/beheer/instellingen", as_user=s.beheerder)),
    ("fout-403", lambda s: s.goto("/beheer/gebruikers", as_user=s.klantmanager)),
    ("fout-404", lambda s: s.goto("/bestaat-niet")),
    ("fout-404-ingelogd", lambda s: s.goto("/bestaat-niet", as_user=s.klantmanager)),
]


@pytest.mark.parametrize(("name", "setup"), PAGES, ids=[name for name, _ in PAGES])
def test_page_type_is_accessible(
    name, setup, page, live_server, login, login_as, beheerder, klantmanager, check_page
):
    setup(Site(page, live_server, login, login_as, beheerder, klantmanager))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(name)


@pytest.fixture
def check_page(page, axe_check, error_summary_check, keyboard_check, reflow_check):
    """check_page(name): axe-core, the error summary's links, the keyboard and reflow on the
    current page."""

    def check(name: str) -> None:
        axe_check(page, name)
        error_summary_check(page)
        keyboard_check(page)
        reflow_check(page)

    return check


def test_second_factor_pages_are_accessible(page, context, login, live_server, check_page):
    """Enrolment of the authenticator app, the recovery codes and the code page: they exist
    only between the password and the start page, so one walk checks them in order."""
    account = live_server.create_user()
    h1 = page.get_by_role("heading", level=1)
    assert login.password_step(page, account.email, account.password)
    expect(h1).to_have_text("Tweestapsverificatie instellen")
    check_page("tweestap-instellen")
    page.get_by_role("button", name="Tweestapsverificatie instellen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("tweestap-instellen-fouten")
    login.phone.enrol(account.email, page.locator(".geheim").inner_text())
    page.get_by_label("Code uit uw authenticator-app").fill(login.phone.code(account.email))
    page.get_by_role("button", name="Tweestapsverificatie instellen").click()
    expect(h1).to_have_text("Uw herstelcodes")
    check_page("tweestap-herstelcodes")

    context.clear_cookies()  # a new login of the enrolled account asks for a code
    assert login.password_step(page, account.email, account.password)
    expect(h1).to_have_text("Inloggen: tweede stap")
    check_page("tweestap-code")
    page.get_by_role("button", name="Code controleren").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("tweestap-code-fouten")
    login.second_step(page, account.email)


def test_klant_and_meting_pages_are_accessible(
    page, login_as, klantmanager, live_server, check_page
):
    """A klant registered and measured the way a klantmanager does it, each page (and each
    form with its validation errors) checked on the way; these pages only exist with a klant
    and a meting in progress, so one walk covers them in order."""
    login_as(page, klantmanager)

    def h1():
        return page.get_by_role("heading", level=1)

    def submit(button: str, *, with_errors: bool = False):
        page.get_by_role("button", name=button).click()
        if with_errors:
            expect(page.get_by_role("alert")).to_be_visible()

    # Register a klant (the empty form and its errors are in PAGES).
    achternaam = f"Toegankelijk{live_server.unique('')}"
    page.goto("/klanten/nieuw")
    page.get_by_label("BSN").fill(live_server.unique_bsn())
    page.get_by_label("Voornaam").fill("Anouk")
    page.get_by_label("Achternaam").fill(achternaam)
    birth = page.get_by_role("group", name="Geboortedatum")
    birth.get_by_label("Dag").fill("17")
    birth.get_by_label("Maand").fill("3")
    birth.get_by_label("Jaar").fill("1988")
    page.get_by_role("radio", name="Vrouw").check()
    submit("Klant registreren")
    expect(h1()).to_have_text(f"Anouk {achternaam}")
    check_page("klant-nog-niet-gemeten")

    # The meetmoment.
    page.get_by_role("button", name="Nieuwe meting").click()
    expect(h1()).to_have_text("Meetmoment")
    check_page("meting-meetmoment")
    page.get_by_role("group", name="Meetdatum").get_by_label("Dag").fill("")
    submit("Meetmoment opslaan en verder", with_errors=True)
    check_page("meting-meetmoment-fouten")
    page.get_by_role("group", name="Meetdatum").get_by_label("Dag").fill("1")
    page.get_by_role("radio", name="Intake / eerste contact").check()
    submit("Meetmoment opslaan en verder")

    # The questions: V1 ja, V2 ja leads to trede 5.
    expect(h1()).to_contain_text("arbeidscontract")
    check_page("meting-vraag")
    submit("Antwoord opslaan en verder", with_errors=True)
    check_page("meting-vraag-fouten")
    page.get_by_role("radio", name="Ja").check()
    submit("Antwoord opslaan en verder")
    expect(h1()).to_contain_text("ondersteuning")
    check_page("meting-vraag-met-eerdere-antwoorden")
    page.get_by_role("radio", name="Ja").check()
    submit("Antwoord opslaan en verder")

    expect(h1()).to_contain_text("Uitkomst: trede 5")
    check_page("meting-uitkomst")
    submit("Trede 5 bevestigen")

    expect(page).to_have_url(re.compile(r"/stap/groeipotentieel$"))
    expect(page.get_by_role("radio", name="Ja")).to_be_visible()
    check_page("meting-groeipotentieel")
    submit("Antwoord opslaan en verder", with_errors=True)
    check_page("meting-groeipotentieel-fouten")
    page.get_by_role("radio", name="Ja").check()
    submit("Antwoord opslaan en verder")

    expect(h1()).to_have_text("Tot welke subgroepen hoort de klant?")
    check_page("meting-subgroepen")
    submit("Subgroepen opslaan en verder", with_errors=True)
    check_page("meting-subgroepen-fouten")
    page.get_by_role("checkbox", name="De klant hoort bij geen van deze subgroepen").check()
    submit("Subgroepen opslaan en verder")

    expect(h1()).to_have_text("Klantkenmerken en werkproces")
    check_page("meting-kenmerken")
    submit("Kenmerken opslaan en verder", with_errors=True)
    check_page("meting-kenmerken-fouten")
    form = page.locator("main form")
    for name in form.evaluate(
        "f => [...new Set([...f.querySelectorAll('[type=radio]')].map(r => r.name))]"
    ):
        if not form.locator(f'input[name="{name}"]:checked').count():
            form.locator(f'input[name="{name}"]').last.check()
    next_date = page.get_by_role("group", name="Volgende meetdatum")
    next_date.get_by_label("Dag").fill("1")
    next_date.get_by_label("Maand").fill("1")
    next_date.get_by_label("Jaar").fill("2099")
    submit("Kenmerken opslaan en verder")

    expect(h1()).to_have_text("Controleer uw antwoorden")
    check_page("meting-controle")
    submit("Meting opslaan")
    expect(h1()).to_contain_text("Meting van")
    check_page("meting-opgeslagen")

    page.get_by_role("link", name=f"Terug naar Anouk {achternaam}").click()
    expect(page.get_by_role("table")).to_be_visible()
    check_page("klant-met-historie")

    klant_url = page.url

    page.get_by_role("link", name="Persoonsgegevens wijzigen").click()
    expect(h1()).to_have_text("Persoonsgegevens wijzigen")
    check_page("klant-bewerken")
    page.get_by_label("Achternaam").fill("")
    submit("Persoonsgegevens opslaan", with_errors=True)
    check_page("klant-bewerken-fouten")

    page.goto(klant_url + "/toegang")
    expect(h1()).to_have_text("Toegang voor partners")
    check_page("klant-toegang")
    submit("Toegang geven", with_errors=True)
    check_page("klant-toegang-fouten")

    page.goto(f"/klanten?q={achternaam}")
    expect(page.get_by_role("link", name=achternaam)).to_be_visible()
    check_page("klanten-zoeken-resultaten")


# The checks themselves must be able to fail: each is shown a page with a known problem.


def test_axe_check_fails_on_a_critical_violation(page, axe_check):
    page.set_content('<html lang="nl"><title>t</title><main><h1>t</h1><img src="x.png"></main>')
    with pytest.raises(pytest.fail.Exception, match=r"image-alt \(critical\)"):
        axe_check(page, record=False)


def test_keyboard_check_fails_without_a_focus_indicator(page, keyboard_check):
    page.set_content(
        '<html lang="nl"><title>t</title><style>a:focus{outline:none}</style>'
        '<main><h1>t</h1><a href="#x">x</a></main>'
    )
    with pytest.raises(AssertionError, match="geen zichtbare focus"):
        keyboard_check(page)


def test_error_summary_check_fails_on_a_link_to_nowhere(page, error_summary_check):
    page.set_content(
        '<html lang="nl"><title>t</title><main><h1>t</h1><div role="alert">'
        '<a href="#geslacht">Kies het geslacht.</a></div>'
        '<input type="radio" id="geslacht-0" name="geslacht"></main>'
    )
    with pytest.raises(AssertionError, match="zonder veld"):
        error_summary_check(page)


def test_reflow_check_fails_on_a_wide_element(page, reflow_check):
    page.set_content('<html lang="nl"><title>t</title><main><h1>t</h1><pre>' + "x" * 200)
    with pytest.raises(AssertionError, match="breder dan 320"):
        reflow_check(page)
