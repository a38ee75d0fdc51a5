"""Every page type in a real browser: axe-core finds no serious or critical violation, Tab
reaches every control with a visible focus indicator, and at 320 CSS px nothing but a data
table scrolls sideways. What axe cannot decide (incomplete) goes to
test-artifacts/axe-incomplete.json for a human verdict (see docs/accessibility.md).

A new page type is one line in PAGES: (name, setup), where setup(site) brings the browser to
that page in the state to be checked (logged in, form submitted with errors, ...). Pages that
exist only in the middle of a task (a meting, a traject, a partner's meting waiting for its
judgement) are checked on the way, in the walks below PAGES.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

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
    manager: object
    partner: object
    demo_manager: object  # of the demo organisation, with years of demo metingen

    def goto(self, path: str, as_user=None) -> None:
        if as_user is not None:
            self.login_as(self.page, as_user)
        self.page.goto(path)

    def submit(self, button: str) -> None:
        self.page.get_by_role("button", name=button).click()
        expect(self.page.get_by_role("alert")).to_be_visible()

    def errors_at(self, path: str, as_user) -> None:
        """A GET form (a report filter) sent with errors in its query string."""
        self.goto(path, as_user=as_user)
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


def _team_fouten(site: Site) -> None:
    site.goto("/beheer/teams", as_user=site.beheerder)
    site.submit("Team toevoegen")


def _gemeenten(site: Site) -> None:
    """The demo organisation's beheerder: its gemeente, with klanten living there, is listed."""
    beheerder = site.live_server.create_user("beheerder", organisatie=site.demo_manager.organisatie)
    site.login(site.page, beheerder.email, beheerder.password)
    site.page.goto("/beheer/gemeenten")
    expect(site.page.get_by_role("main").get_by_role("table")).to_be_visible()


def _gemeente_fouten(site: Site) -> None:
    site.goto("/beheer/gemeenten", as_user=site.beheerder)
    site.page.get_by_label("CBS-gemeentecode").fill("03a4")
    site.submit("Gemeente toevoegen")


def _bewerken(site: Site) -> None:
    site.goto("/beheer/gebruikers", as_user=site.beheerder)
    site.page.get_by_role("link", name=site.klantmanager.naam).click()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Gebruiker bewerken")


def _bewerken_errors(site: Site) -> None:
    _bewerken(site)
    site.page.get_by_label("Naam").fill("")
    site.page.get_by_label("E-mailadres").fill("geen-adres")
    site.page.get_by_label("Nieuw eenmalig wachtwoord").fill("kort")
    site.submit("Gebruiker opslaan")


def _partner_fouten(site: Site) -> None:
    site.goto("/beheer/partners/nieuw", as_user=site.beheerder)
    site.submit("Partnerorganisatie toevoegen")


def _wachtwoord_errors(site: Site) -> None:
    site.goto("/account/wachtwoord", as_user=site.klantmanager)
    site.submit("Wachtwoord opslaan")


def _klant_nieuw_errors(site: Site) -> None:
    site.goto("/klanten/nieuw", as_user=site.klantmanager)
    site.submit("Klant registreren")


def _demo_klant_met_grafiek(site: Site) -> None:
    """A demo klant with at least two metingen: the chart "Trede door de tijd"."""
    site.goto("/klanten?q=e", as_user=site.demo_manager)
    links = site.page.get_by_role("main").get_by_role("table").get_by_role("link")
    urls = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 15))]
    for url in urls:
        site.page.goto(url)
        if site.page.get_by_role("heading", name="Trede door de tijd").count():
            return
    raise AssertionError("geen demo-klant met twee metingen gevonden")


def _benchmark(site: Site) -> None:
    """The benchmark once the demo organisation takes part (its beheerder opts in)."""
    beheerder = site.live_server.create_user("beheerder", organisatie=site.demo_manager.organisatie)
    site.login(site.page, beheerder.email, beheerder.password)
    site.page.goto("/beheer/instellingen")
    site.page.get_by_role("checkbox", name="Meedoen aan de benchmark").check()
    site.page.get_by_role("button", name="Deelname opslaan").click()
    expect(site.page.get_by_role("status")).to_contain_text("doet mee")
    site.page.context.clear_cookies()
    site.goto("/rapporten/benchmark", as_user=site.demo_manager)
    expect(site.page.get_by_role("heading", name=re.compile("^Benchmark op"))).to_be_visible()


def _export_fouten(site: Site) -> None:
    """The export is a POST: a link fills in the form (31 February), the button sends it."""
    site.goto(
        "/uitwisseling/export?formaat=csv&van-dag=31&van-maand=2&van-jaar=2025",
        as_user=site.klantmanager,
    )
    site.submit("Exporteren")


def _import_fouten(site: Site) -> None:
    site.goto("/uitwisseling", as_user=site.klantmanager)
    site.submit("Controleren")


def _import_rapport(site: Site) -> None:
    """The dry run of an import file with one good row and one with errors."""
    site.goto("/uitwisseling", as_user=site.klantmanager)
    sjabloon = site.page.request.get("/uitwisseling/sjabloon?soort=csv").body()
    kop = sjabloon.decode("utf-8-sig").splitlines()[0].split(";")
    goed = {
        "bsn": site.live_server.unique_bsn(),
        "achternaam": "Import",
        "voornaam": "Ilse",
        "geboortedatum": "14-05-1985",
        "geslacht": "v",
        "meetdatum": "2025-02-01",
        "aanleiding": "intake",
        "trede": "3",
        "groeipotentieel": "+",
        "subgroepen": "1",
    }
    fout = {**goed, "bsn": "123456789", "geboortedatum": "31-02-1980", "trede": "7"}
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(
        [kop] + [[r.get(k, "") for k in kop] for r in (goed, fout)]
    )
    site.page.get_by_label("Bestand").set_input_files(
        files=[
            {"name": "klanten.csv", "mimeType": "text/csv", "buffer": buffer.getvalue().encode()}
        ]
    )
    site.page.get_by_role("button", name="Controleren").click()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Import van klanten.csv")
    expect(site.page.get_by_role("heading", name="Fouten per rij")).to_be_visible()


def _import_verwerkt(site: Site) -> None:
    """The same report after reading in the good rows."""
    _import_rapport(site)
    site.page.get_by_role("button", name="Inlezen").click()
    expect(site.page.get_by_role("status").first).to_contain_text("Ingelezen op")


def _token_fouten(site: Site) -> None:
    site.goto("/beheer/uitwisseling", as_user=site.beheerder)
    site.submit("Token maken")


def _token_gemaakt(site: Site) -> None:
    site.goto("/beheer/uitwisseling", as_user=site.beheerder)
    site.page.get_by_label("Naam van de koppeling").fill(
        site.live_server.unique("Cliëntvolgsysteem ")
    )
    site.page.get_by_role("button", name="Token maken").click()
    expect(site.page.get_by_role("status")).to_contain_text("Kopieer het nu")


def _instrument_fouten(site: Site) -> None:
    site.goto("/instrumenten/nieuw", as_user=site.manager)
    site.submit("Instrument opslaan")


def _project_fouten(site: Site) -> None:
    site.goto("/projecten", as_user=site.manager)
    site.page.get_by_label("Doel betaald werk (%)").fill("80")
    site.submit("Project toevoegen")


def _instellingen_fouten(site: Site) -> None:
    site.goto("/beheer/instellingen", as_user=site.beheerder)
    site.page.get_by_label("Standaardtermijn tot de volgende meting").fill("13")
    site.submit("Instellingen opslaan")


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
    ("klanten-zoeken-bsn-in-adres", lambda s: s.errors_at("/klanten?q=111222333", s.klantmanager)),
    ("klant-nieuw", lambda s: s.goto("/klanten/nieuw", as_user=s.klantmanager)),
    ("klant-nieuw-fouten", _klant_nieuw_errors),
    ("handleiding", lambda s: s.goto("/handleiding", as_user=s.klantmanager)),
    ("beoordelen", lambda s: s.goto("/beoordelen", as_user=s.klantmanager)),
    ("beheer-teams", lambda s: s.goto("/beheer/teams", as_user=s.beheerder)),
    ("beheer-teams-fouten", _team_fouten),
    ("beheer-gemeenten", _gemeenten),
    ("beheer-gemeenten-fouten", _gemeente_fouten),
    ("beheer-partners", lambda s: s.goto("/beheer/partners", as_user=s.beheerder)),
    ("beheer-partner-nieuw-fouten", _partner_fouten),
    ("beheer-auditlog", lambda s: s.goto("/beheer/audit", as_user=s.beheerder)),
    (
        "beheer-auditlog-fouten",
        lambda s: s.errors_at("/beheer/audit?van-dag=32&van-maand=1&van-jaar=2025", s.beheerder),
    ),
    ("beheer-instellingen", lambda s: s.goto("/beheer/instellingen", as_user=s.beheerder)),
    ("beheer-instellingen-fouten", _instellingen_fouten),
    ("start-manager", lambda s: s.goto("/", as_user=s.manager)),
    ("start-partner", lambda s: s.goto("/", as_user=s.partner)),
    ("klant-met-grafiek", _demo_klant_met_grafiek),
    # Reports, as a manager of the demo organisation (years of metingen to count).
    ("rapporten", lambda s: s.goto("/rapporten", as_user=s.demo_manager)),
    ("rapport-stand", lambda s: s.goto("/rapporten/stand", as_user=s.demo_manager)),
    (
        "rapport-stand-fouten",
        lambda s: s.errors_at(
            "/rapporten/stand?peildatum-dag=31&peildatum-maand=2&peildatum-jaar=2025",
            s.demo_manager,
        ),
    ),
    ("rapport-stand-eigen-caseload", lambda s: s.goto("/rapporten/stand", as_user=s.klantmanager)),
    (
        "rapport-geweigerd",
        lambda s: s.errors_at("/rapporten/stand?team=999999", s.klantmanager),
    ),
    ("rapport-caseloads", lambda s: s.goto("/rapporten/caseloads", as_user=s.demo_manager)),
    (
        "rapport-caseloads-per-team",
        lambda s: s.goto("/rapporten/caseloads?vergelijk=team", as_user=s.demo_manager),
    ),
    ("rapport-stromen", lambda s: s.goto("/rapporten/stromen", as_user=s.demo_manager)),
    (
        "rapport-stromen-fouten",
        lambda s: s.errors_at(
            "/rapporten/stromen?van-dag=1&van-maand=13&van-jaar=2025&tot-dag=&tot-maand=&tot-jaar=",
            s.demo_manager,
        ),
    ),
    ("rapport-inschattingen", lambda s: s.goto("/rapporten/inschattingen", as_user=s.demo_manager)),
    ("rapport-te-meten", lambda s: s.goto("/rapporten/te-meten", as_user=s.demo_manager)),
    (
        "rapport-te-meten-fouten",
        lambda s: s.errors_at("/rapporten/te-meten?weken=veel", s.demo_manager),
    ),
    ("rapport-jaaroverzicht", lambda s: s.goto("/rapporten/jaaroverzicht", as_user=s.demo_manager)),
    (
        "rapport-jaaroverzicht-fouten",
        lambda s: s.errors_at("/rapporten/jaaroverzicht?jaar=1850", s.demo_manager),
    ),
    (
        "rapport-benchmark-zonder-deelname",
        lambda s: s.goto("/rapporten/benchmark", as_user=s.manager),
    ),
    ("rapport-benchmark", _benchmark),
    # Exchange.
    ("uitwisseling", lambda s: s.goto("/uitwisseling", as_user=s.klantmanager)),
    ("uitwisseling-manager", lambda s: s.goto("/uitwisseling", as_user=s.demo_manager)),
    ("uitwisseling-export-fouten", _export_fouten),
    ("uitwisseling-import-fouten", _import_fouten),
    ("uitwisseling-import-proef", _import_rapport),
    ("uitwisseling-import-verwerkt", _import_verwerkt),
    ("beheer-uitwisseling", lambda s: s.goto("/beheer/uitwisseling", as_user=s.beheerder)),
    ("beheer-uitwisseling-fouten", _token_fouten),
    ("beheer-uitwisseling-token", _token_gemaakt),
    # Instruments and projects (the pages with rows are in the traject walk).
    ("instrumenten", lambda s: s.goto("/instrumenten", as_user=s.manager)),
    ("instrument-nieuw", lambda s: s.goto("/instrumenten/nieuw", as_user=s.manager)),
    ("instrument-nieuw-fouten", _instrument_fouten),
    ("instrumenten-effect", lambda s: s.goto("/instrumenten/effect", as_user=s.manager)),
    (
        "instrumenten-effect-fouten",
        lambda s: s.errors_at("/instrumenten/effect?jaar=1850&maanden_na=99", s.manager),
    ),
    ("projecten", lambda s: s.goto("/projecten", as_user=s.manager)),
    ("projecten-fouten", _project_fouten),
    ("projecten-partner", lambda s: s.goto("/projecten", as_user=s.partner)),
    ("fout-403", lambda s: s.goto("/beheer/gebruikers", as_user=s.klantmanager)),
    ("fout-404", lambda s: s.goto("/bestaat-niet")),
    ("fout-404-ingelogd", lambda s: s.goto("/bestaat-niet", as_user=s.klantmanager)),
]


@pytest.fixture
def site(
    page, live_server, login, login_as, beheerder, klantmanager, manager, partner, demo_manager
):
    return Site(
        page, live_server, login, login_as, beheerder, klantmanager, manager, partner, demo_manager
    )


@pytest.mark.parametrize(("name", "setup"), PAGES, ids=[name for name, _ in PAGES])
def test_page_type_is_accessible(name, setup, page, site, check_page):
    setup(site)
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

    # A correction: the check page asks for the reason; the original stays, as "vervangen".
    page.goto(klant_url)
    historie = page.get_by_role("region", name="Historie van metingen")
    historie.get_by_role("table").get_by_role("link").first.click()
    expect(h1()).to_contain_text("Meting van")
    origineel = page.url
    submit("Corrigeer deze meting")
    expect(h1()).to_have_text("Controleer uw antwoorden")
    check_page("meting-correctie")
    submit("Meting opslaan", with_errors=True)
    check_page("meting-correctie-fouten")
    page.get_by_label("Reden van de correctie").fill(
        "De klant werkt met ondersteuning van een jobcoach."
    )
    submit("Meting opslaan")
    expect(h1()).to_contain_text("Meting van")
    check_page("meting-correctie-opgeslagen")
    page.goto(origineel)
    expect(page.get_by_role("main")).to_contain_text("Deze meting is vervangen door de correctie")
    check_page("meting-vervangen")
    page.goto(klant_url)
    expect(historie.get_by_role("row").filter(has_text="(gecorrigeerd)")).to_have_count(1)
    check_page("klant-historie-met-correctie")


def test_instrument_traject_and_plaatsing_pages_are_accessible(
    page, steps, manager, klantmanager, live_server, check_page
):
    """The catalogue and a project with rows (a manager), a traject started and ended and a
    plaatsing registered for a klant (a klantmanager), the forms with their errors, and the
    accountability and effect reports with that data."""
    h1 = page.get_by_role("heading", level=1)
    status = page.get_by_role("status")
    instrument = live_server.unique("Werkervaringsplek ")
    project = live_server.unique("Banenafspraak ")

    steps.switch_user(page, manager)
    page.goto("/instrumenten/nieuw")
    page.get_by_label("Naam").fill(instrument)
    page.get_by_role("radio", name="Re-integratie").check()
    page.get_by_label("Kosten per traject (€)").fill("2.500,00")
    page.get_by_label("Bedoeld voor treden").fill("3,4")
    page.get_by_role("button", name="Instrument opslaan").click()
    expect(status).to_contain_text(instrument)
    # Typed as people write amounts (a number input would have refused it, silently).
    expect(page.get_by_role("row").filter(has_text=instrument)).to_contain_text("2.500,00")
    check_page("instrumenten-met-rijen")
    page.get_by_role("link", name=instrument).click()
    expect(h1).to_have_text("Instrument bewerken")
    check_page("instrument-bewerken")

    page.goto("/projecten")
    page.get_by_label("Naam van het project").fill(project)
    page.get_by_label("Doel: aantal plaatsingen").fill("20")
    page.get_by_role("button", name="Project toevoegen").click()
    expect(status).to_contain_text(project)
    check_page("projecten-met-rijen")
    page.get_by_role("link", name=project).click()
    expect(h1).to_have_text(f"Verantwoording {project}")
    verantwoording = page.url

    steps.switch_user(page, klantmanager)
    steps.register_klant(page, "Tim")
    page.get_by_role("link", name="Traject starten").click()
    expect(h1).to_have_text("Traject starten")
    check_page("traject-nieuw")
    page.get_by_role("button", name="Traject starten").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("traject-nieuw-fouten")
    page.get_by_label("Instrument").select_option(label=instrument)
    page.get_by_role("button", name="Traject starten").click()
    expect(status).to_contain_text("is gestart")
    expect(page.get_by_role("button", name="Meting bij start van het traject")).to_be_visible()
    check_page("klant-traject-gestart")

    page.get_by_role("link", name="Plaatsing registreren").click()
    expect(h1).to_have_text("Plaatsing registreren")
    check_page("plaatsing-nieuw")
    page.get_by_role("button", name="Plaatsing registreren").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("plaatsing-nieuw-fouten")
    page.get_by_label("Project").select_option(label=project)
    page.get_by_role("radio", name="Betaald werk", exact=True).check()
    page.get_by_label("Sector").fill("Zorg")
    page.get_by_role("radio", name="Mbo 2–4").check()
    vandaag = datetime.datetime.now(ZoneInfo("Europe/Amsterdam")).date()
    begin = page.get_by_role("group", name="Begindatum")
    begin.get_by_label("Dag").fill(str(vandaag.day))
    begin.get_by_label("Maand").fill(str(vandaag.month))
    begin.get_by_label("Jaar").fill(str(vandaag.year))
    page.get_by_role("button", name="Plaatsing registreren").click()
    expect(status).to_have_text("De plaatsing is geregistreerd.")
    check_page("klant-met-traject-en-plaatsing")

    page.get_by_role("link", name=re.compile(r"^Traject beëindigen")).click()
    expect(h1).to_have_text("Traject beëindigen")
    check_page("traject-afronden")
    page.get_by_role("button", name="Traject beëindigen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("traject-afronden-fouten")
    page.get_by_role("radio", name="Afgerond").check()
    page.get_by_role("button", name="Traject beëindigen").click()
    expect(status).to_contain_text("Het traject is beëindigd.")
    check_page("klant-traject-afgerond")

    steps.switch_user(page, manager)
    page.goto(verantwoording)
    expect(page.get_by_role("row").filter(has_text="Zorg")).to_have_count(2)  # sector, duur
    check_page("project-verantwoording-met-plaatsing")
    page.goto("/instrumenten/effect")
    expect(page.get_by_role("row").filter(has_text=instrument)).to_have_count(1)
    check_page("instrumenten-effect-met-rijen")


def test_partner_pages_are_accessible(page, steps, klantmanager, partner, check_page):
    """A partner with toegang records a meting that waits; the klantmanager sees it on the
    klant page and under "Te beoordelen", and rejects it (a reason is required)."""
    h1 = page.get_by_role("heading", level=1)
    steps.switch_user(page, klantmanager)
    achternaam = steps.register_klant(page, "Pim")
    klant = page.url
    page.goto(f"{klant}/toegang")
    page.get_by_label("Partnerorganisatie").select_option(label=partner.organisatie)
    page.get_by_role("button", name="Toegang geven").click()
    expect(page.get_by_role("button", name=re.compile("^Toegang intrekken"))).to_be_visible()
    check_page("klant-toegang-met-partner")

    steps.switch_user(page, partner)
    page.goto(klant)
    expect(h1).to_have_text(f"Pim {achternaam}")
    check_page("klant-via-toegang")
    steps.complete_meting(page, (False, True), groei=True)
    expect(page.get_by_role("main")).to_contain_text("wacht op beoordeling")
    check_page("meting-ter-beoordeling")

    steps.switch_user(page, klantmanager)
    page.goto(klant)
    expect(page.get_by_role("main")).to_contain_text("wachten op beoordeling")
    check_page("klant-met-partnermeting")
    page.goto("/beoordelen")
    row = page.get_by_role("row").filter(has_text=achternaam)
    check_page("beoordelen-met-meting")
    row.get_by_role("link").click()
    expect(h1).to_contain_text("beoordelen")
    check_page("meting-beoordelen")
    page.get_by_role("radio", name="Meting afwijzen").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("meting-beoordelen-fouten")
    page.get_by_label("Reden").fill("Vraag 2 is niet met de klant besproken.")
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("main")).to_contain_text("Deze meting is afgewezen")
    check_page("meting-afgewezen")


def test_own_subgroepen_and_kenmerken_pages_are_accessible(page, steps, live_server, check_page):
    """A gemeente's own subgroep and klantkenmerk: added by its beheerder (the forms with their
    errors, the tables), then asked in a meting of its klantmanager."""
    organisatie = "Gemeente Eigenstad"  # its own settings do not change the other tests' metingen
    beheerder = live_server.create_user("beheerder", organisatie=organisatie)
    klantmanager = live_server.create_user("klantmanager", organisatie=organisatie)
    h1 = page.get_by_role("heading", level=1)

    steps.switch_user(page, beheerder)
    page.goto("/beheer/instellingen")
    subgroep = page.locator("form").filter(
        has=page.get_by_role("button", name="Subgroep toevoegen")
    )
    kenmerk = page.locator("form").filter(
        has=page.get_by_role("button", name="Klantkenmerk toevoegen")
    )
    subgroep.get_by_role("button").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("instellingen-subgroep-fouten")
    subgroep.get_by_label("Code").fill("statushouder")
    subgroep.get_by_label("Naam").fill("Statushouder")
    subgroep.get_by_label("Definitie").fill("Vergunninghouder die in de gemeente is gehuisvest.")
    subgroep.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("Statushouder")
    kenmerk.get_by_role("button").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("instellingen-kenmerk-fouten")
    kenmerk.get_by_label("Code").fill("rijbewijs")
    kenmerk.get_by_label("Vraag of kenmerk").fill("Heeft de klant een rijbewijs?")
    kenmerk.get_by_role("button").click()
    expect(page.get_by_role("status")).to_contain_text("rijbewijs")
    check_page("instellingen-met-eigen-subgroep-en-kenmerk")

    steps.switch_user(page, klantmanager)
    steps.register_klant(page, "Eva")
    steps.start_meting(page)
    steps.meetmoment(page)
    steps.answer(page, False)
    steps.answer(page, True)
    page.get_by_role("button", name="Trede 4 bevestigen").click()
    steps.answer(page, True)
    expect(h1).to_have_text("Tot welke subgroepen hoort de klant?")
    check_page("meting-subgroepen-met-eigen")
    page.get_by_role("checkbox", name="Statushouder").check()
    page.get_by_role("button", name="Subgroepen opslaan en verder").click()
    expect(page.get_by_role("group", name="Heeft de klant een rijbewijs?")).to_be_visible()
    check_page("meting-kenmerken-met-eigen")
    steps.kenmerken(page)
    expect(h1).to_have_text("Controleer uw antwoorden")
    expect(page.get_by_role("main")).to_contain_text("Statushouder")
    check_page("meting-controle-met-eigen")


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
