"""axe-core on every page type: no serious or critical violation is allowed. What axe cannot
decide (incomplete) goes to test-artifacts/axe-incomplete.json for a human verdict (see
docs/accessibility.md).

A new page type is one line in PAGES: (name, setup), where setup(site) brings the browser to
that page in the state to be checked.
"""

from dataclasses import dataclass

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@dataclass
class Site:
    """What a setup needs: the page, the login helper and the shared accounts."""

    page: object
    login: object
    beheerder: object
    klantmanager: object

    def goto(self, path: str, as_user=None) -> None:
        if as_user is not None:
            self.login(self.page, as_user.email, as_user.password)
            expect(self.page.get_by_role("heading", name="Welkom")).to_be_visible()
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
    site.goto("/", as_user=site.klantmanager)
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
    ("fout-403", lambda s: s.goto("/beheer/gebruikers", as_user=s.klantmanager)),
    ("fout-404", lambda s: s.goto("/bestaat-niet")),
    ("fout-404-ingelogd", lambda s: s.goto("/bestaat-niet", as_user=s.klantmanager)),
]


@pytest.mark.parametrize(("name", "setup"), PAGES, ids=[name for name, _ in PAGES])
def test_no_serious_or_critical_axe_violations(
    name, setup, page, login, beheerder, klantmanager, axe_check
):
    setup(Site(page, login, beheerder, klantmanager))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe_check(page, name)
