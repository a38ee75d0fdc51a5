"""Onboarding in the application (issue 13): a gemeente's beheerder creates and manages its
partner organisations and their first account; the installation's administrator creates
gemeenten and ISDs with their first beheerder. Every account an administrator (or the command
line) gives a password to must choose its own at the next login, before anything else."""

import html
import re

import pytest

from models import Auditregel, Gebruiker, Organisatie, Sessie
from tests.conftest import PASSWORD, Auth, FormClient

EENMALIG = "paarse olifant danst op het plein"
EIGEN = "groene tram rijdt langs de gracht"


def _samenvatting(response) -> str:
    pagina = response.get_data(as_text=True)
    gevonden = re.search(r'<div class="foutsamenvatting".*?</div>', pagina, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", gevonden.group(0))) if gevonden else ""


def _veldfout(response, veld: str) -> str:
    pagina = response.get_data(as_text=True)
    gevonden = re.search(rf'<p class="foutmelding" id="{veld}-fout">(.*?)</p>', pagina, re.S)
    tekst = html.unescape(re.sub(r"<[^>]+>", "", gevonden.group(1))) if gevonden else ""
    return tekst.strip().removeprefix("Fout:").strip()  # the prefix is for screen readers


def _partner(**anders) -> dict:
    return {
        "naam": "Werkbedrijf Noord",
        "soort": "reintegratiebedrijf",
        "gebruiker_naam": "Petra Partner",
        "email": "petra@werkbedrijf.nl",
        "rol": "beheerder",
        "wachtwoord": EENMALIG,
        **anders,
    }


def _browser(app, gebruiker, wachtwoord=PASSWORD) -> FormClient:
    browser = FormClient(app.test_client())
    assert Auth(browser).login(gebruiker.email, wachtwoord).status_code == 303
    return browser


def _geweigerd() -> int:
    return Auditregel.select().where(Auditregel.actie == "geweigerd").count()


@pytest.fixture
def gemeente_a(make_organisatie, make_gebruiker):
    a = make_organisatie("Gemeente A")
    return a, make_gebruiker("beheerder", organisatie=a)


def test_a_gemeente_beheerder_creates_a_partner_whose_first_user_chooses_a_password(
    app, client, auth, gemeente_a
):
    a, beheerder = gemeente_a
    auth.login(beheerder.email)
    assert "Partnerorganisaties beheren" in client.get("/").get_data(as_text=True)
    response = client.submit("/beheer/partners/nieuw", _partner())
    assert response.status_code == 303 and response.headers["Location"] == "/beheer/partners"

    partner = Organisatie.get(Organisatie.naam == "Werkbedrijf Noord")
    assert (partner.soort, partner.beheerd_door_id) == ("reintegratiebedrijf", a.id)
    eerste = Gebruiker.by_email("petra@werkbedrijf.nl")
    assert (eerste.organisatie_id, eerste.rol, eerste.wachtwoord_wijzigen) == (
        partner.id,
        "beheerder",
        True,
    )
    for trail in (a.id, partner.id):  # logged for the gemeente and for the partner
        regels = Auditregel.select().where(
            (Auditregel.organisatie_id == trail) & (Auditregel.actie == "aanmaken")
        )
        omschrijvingen = {r.object_type: r.omschrijving for r in regels}
        assert "Werkbedrijf Noord" in omschrijvingen["organisatie"]
        assert "eenmalig wachtwoord" in omschrijvingen["gebruiker"]
    lijst = client.get("/beheer/partners").get_data(as_text=True)
    assert "Werkbedrijf Noord" in lijst

    # The first user logs in and can do nothing before choosing a password of their own.
    petra = FormClient(app.test_client())
    assert Auth(petra).login("petra@werkbedrijf.nl", EENMALIG).status_code == 303
    for url in ("/", "/beheer/gebruikers", "/handleiding"):
        assert petra.get(url).headers["Location"] == "/account/wachtwoord"
    pagina = petra.get("/account/wachtwoord").get_data(as_text=True)
    assert "Kies uw eigen wachtwoord" in pagina and "Eenmalig wachtwoord" in pagina
    zelfde = petra.submit(
        "/account/wachtwoord", {"huidig": EENMALIG, "nieuw": EENMALIG, "herhaal": EENMALIG}
    )
    assert zelfde.status_code == 422
    melding = "Kies een ander wachtwoord dan het eenmalige wachtwoord."
    assert _veldfout(zelfde, "nieuw") == melding and melding in _samenvatting(zelfde)
    fout = petra.submit("/account/wachtwoord", {"huidig": "fout", "nieuw": EIGEN, "herhaal": EIGEN})
    assert _veldfout(fout, "huidig") == "Het eenmalige wachtwoord is onjuist."
    assert Gebruiker.by_email("petra@werkbedrijf.nl").wachtwoord_wijzigen

    klaar = petra.submit(
        "/account/wachtwoord", {"huidig": EENMALIG, "nieuw": EIGEN, "herhaal": EIGEN}
    )
    assert klaar.status_code == 303
    assert not Gebruiker.by_email("petra@werkbedrijf.nl").wachtwoord_wijzigen
    assert petra.get("/").status_code == 200
    assert (
        Auditregel.get(
            Auditregel.omschrijving == "eenmalig wachtwoord vervangen door eigen wachtwoord"
        ).gebruiker_id
        == eerste.id
    )
    assert Auth(FormClient(app.test_client())).login(eerste.email, EENMALIG).status_code == 422


def test_bad_input_is_refused_beside_the_field_and_nothing_is_stored(
    client, auth, gemeente_a, make_organisatie, make_gebruiker
):
    a, beheerder = gemeente_a
    bestaand = make_gebruiker("klantmanager", organisatie=a, email="bezet@gemeente-a.nl")
    make_organisatie("Taalhuis Zuid", soort="taalaanbieder")
    auth.login(beheerder.email)
    organisaties, gebruikers = Organisatie.select().count(), Gebruiker.select().count()

    gevallen = [
        ({"naam": "taalhuis zuid"}, "naam", "Er bestaat al een organisatie met deze naam."),
        ({"email": bestaand.email}, "email", "Dit e-mailadres kan niet voor dit account"),
        ({"wachtwoord": "kort"}, "wachtwoord", "Kies een wachtwoord van minstens 12 tekens."),
        ({"wachtwoord": "Werkbedrijf2026!"}, "wachtwoord", "te makkelijk te raden"),
        ({"naam": ""}, "naam", "Vul de naam van de organisatie in."),
        ({"soort": "gemeente"}, "soort", ""),  # a partner is never a gemeente
        ({"rol": "manager"}, "rol", ""),  # the first account: beheerder or partner
    ]
    for anders, veld, melding in gevallen:
        response = client.submit("/beheer/partners/nieuw", _partner(**anders))
        assert response.status_code == 422, anders
        assert melding in _veldfout(response, veld), (anders, _veldfout(response, veld))
        assert _veldfout(response, veld) in _samenvatting(response)
        assert Organisatie.select().count() == organisaties, anders
        assert Gebruiker.select().count() == gebruikers, anders

    assert (
        Auditregel.select()
        .where(
            (Auditregel.actie == "geweigerd")
            & (Auditregel.omschrijving == "e-mailadres van een ander account geweigerd")
        )
        .exists()
    )

    # The second time the same organisation: refused clearly, the first stays as it was.
    assert client.submit("/beheer/partners/nieuw", _partner()).status_code == 303
    opnieuw = client.submit("/beheer/partners/nieuw", _partner(email="ander@werkbedrijf.nl"))
    assert opnieuw.status_code == 422
    assert "Er bestaat al een organisatie met deze naam." in _samenvatting(opnieuw)
    assert Organisatie.select().count() == organisaties + 1
    assert Gebruiker.by_email("ander@werkbedrijf.nl") is None


@pytest.mark.parametrize("rol", ["partner", "klantmanager", "manager", "intaker"])
def test_only_a_gemeentes_beheerder_makes_partners(app, gemeente_a, make_gebruiker, rol):
    a, _ = gemeente_a
    browser = _browser(app, make_gebruiker(rol, organisatie=a))
    for methode in ("GET", "POST"):
        voor = _geweigerd()
        if methode == "GET":
            response = browser.get("/beheer/partners/nieuw")
        else:
            response = browser.submit("/beheer/partners/nieuw", _partner(), token_from="/")
        assert response.status_code == 403
        assert _geweigerd() == voor + 1
    assert Organisatie.get_or_none(Organisatie.naam == "Werkbedrijf Noord") is None


def test_the_beheerder_of_a_partner_makes_no_partners_nor_gemeenten(
    app, make_organisatie, make_gebruiker
):
    partner = make_organisatie("Werkbedrijf West", soort="reintegratiebedrijf")
    browser = _browser(app, make_gebruiker("beheerder", organisatie=partner))
    assert "Partners</a>" not in browser.get("/").get_data(as_text=True)
    voor = _geweigerd()
    response = browser.submit("/beheer/partners/nieuw", _partner(), token_from="/")
    assert response.status_code == 403 and _geweigerd() == voor + 1
    assert browser.get("/installatie/organisaties/nieuw").status_code == 403
    assert Organisatie.select().count() == 1


def test_one_gemeente_cannot_manage_anothers_partners(
    app, gemeente_a, make_organisatie, make_gebruiker
):
    a, beheerder_a = gemeente_a
    b = make_organisatie("Gemeente B")
    beheerder_b = make_gebruiker("beheerder", organisatie=b)
    browser_a = _browser(app, beheerder_a)
    assert browser_a.submit("/beheer/partners/nieuw", _partner()).status_code == 303
    partner = Organisatie.get(Organisatie.naam == "Werkbedrijf Noord")
    petra = Gebruiker.by_email("petra@werkbedrijf.nl")

    browser_b = _browser(app, beheerder_b)
    assert "Werkbedrijf Noord" not in browser_b.get("/beheer/partners").get_data(as_text=True)
    for url, data in (
        (f"/beheer/partners/{partner.id}", {"naam": "Overgenomen", "soort": "overig"}),
        (f"/beheer/partners/{partner.id}/gebruikers/{petra.id}/wachtwoord", {"wachtwoord": EIGEN}),
    ):
        voor = _geweigerd()
        assert browser_b.get(url).status_code == 404
        assert browser_b.submit(url, data, token_from="/").status_code == 404
        assert _geweigerd() == voor + 2
    assert Organisatie.get_by_id(partner.id).naam == "Werkbedrijf Noord"
    assert Gebruiker.get_by_id(petra.id).wachtwoord_hash == petra.wachtwoord_hash


def test_the_gemeente_renames_its_partner_and_gives_a_new_one_time_password(
    app, gemeente_a, make_organisatie
):
    a, beheerder = gemeente_a
    make_organisatie("Taalhuis Zuid", soort="taalaanbieder")
    browser = _browser(app, beheerder)
    assert browser.submit("/beheer/partners/nieuw", _partner(rol="partner")).status_code == 303
    partner = Organisatie.get(Organisatie.naam == "Werkbedrijf Noord")
    petra = Gebruiker.by_email("petra@werkbedrijf.nl")

    bezet = browser.submit(
        f"/beheer/partners/{partner.id}", {"naam": "Taalhuis Zuid", "soort": "overig"}
    )
    assert bezet.status_code == 422
    assert _veldfout(bezet, "naam") == "Er bestaat al een organisatie met deze naam. " + (
        "Kies een andere naam, of controleer of de organisatie al in de lijst staat."
    )
    goed = browser.submit(
        f"/beheer/partners/{partner.id}", {"naam": "Werkbedrijf Noord-Oost", "soort": "overig"}
    )
    assert goed.status_code == 303
    assert (Organisatie.get_by_id(partner.id).naam, Organisatie.get_by_id(partner.id).soort) == (
        "Werkbedrijf Noord-Oost",
        "overig",
    )
    assert Auditregel.get(
        (Auditregel.object_type == "organisatie") & (Auditregel.actie == "wijzigen")
    ).omschrijving.endswith("‘Werkbedrijf Noord-Oost’ (overig)")

    # Petra chose her own password; she lost it, and gets a new one-time one.
    petra_browser = FormClient(app.test_client())
    assert Auth(petra_browser).login(petra.email, EENMALIG).status_code == 303
    petra_browser.submit(
        "/account/wachtwoord", {"huidig": EENMALIG, "nieuw": EIGEN, "herhaal": EIGEN}
    )
    assert petra_browser.get("/").status_code == 200
    url = f"/beheer/partners/{partner.id}/gebruikers/{petra.id}/wachtwoord"
    zwak = browser.submit(url, {"wachtwoord": "PetraPartner2026!"})
    assert zwak.status_code == 422 and "te makkelijk te raden" in _samenvatting(zwak)
    nieuw = "blauwe boot vaart onder de brug"
    assert browser.submit(url, {"wachtwoord": nieuw}).status_code == 303
    assert Gebruiker.get_by_id(petra.id).wachtwoord_wijzigen
    assert petra_browser.get("/").headers["Location"].startswith("/inloggen")  # sessions ended
    assert (
        not Sessie.select()
        .where((Sessie.gebruiker == petra.id) & Sessie.beeindigd.is_null())
        .exists()
    )
    assert Auth(FormClient(app.test_client())).login(petra.email, nieuw).status_code == 303


def test_the_installation_administrator_creates_gemeenten_only(
    app, make_organisatie, make_gebruiker
):
    hosting = make_organisatie("Hosting Ladder", soort="overig")
    installatie = make_gebruiker("installatiebeheerder", organisatie=hosting)
    browser = _browser(app, installatie)
    assert "Gemeenten en ISD's van deze installatie" in browser.get("/").get_data(as_text=True)
    gegevens = _partner(
        naam="ISD Kromme Rijn", soort="isd", gebruiker_naam="Iris Isd", email="iris@isd.nl"
    )
    assert browser.submit("/installatie/organisaties/nieuw", gegevens).status_code == 303
    isd = Organisatie.get(Organisatie.naam == "ISD Kromme Rijn")
    assert (isd.soort, isd.beheerd_door_id) == ("isd", None)
    iris = Gebruiker.by_email("iris@isd.nl")
    assert (iris.rol, iris.wachtwoord_wijzigen, iris.organisatie_id) == ("beheerder", True, isd.id)
    assert "ISD Kromme Rijn" in browser.get("/installatie/organisaties").get_data(as_text=True)

    tweede = browser.submit("/installatie/organisaties/nieuw", {**gegevens, "email": "x@isd.nl"})
    assert tweede.status_code == 422 and "Er bestaat al een organisatie" in _samenvatting(tweede)
    for anders in ({"soort": "reintegratiebedrijf"}, {"rol": "klantmanager"}):
        fout = browser.submit(
            "/installatie/organisaties/nieuw", {**gegevens, "naam": "Nieuw", **anders}
        )
        assert fout.status_code == 422
    assert Organisatie.get_or_none(Organisatie.naam == "Nieuw") is None
    # No klant data, no organisation's own pages.
    for url in ("/klanten/nieuw", "/beheer/gebruikers", "/beheer/partners", "/rapporten/"):
        assert browser.get(url).status_code in (403, 404), url


@pytest.mark.parametrize("rol", ["beheerder", "manager", "partner"])
def test_only_the_installation_administrator_creates_gemeenten(
    app, gemeente_a, make_gebruiker, rol
):
    a, _ = gemeente_a
    browser = _browser(app, make_gebruiker(rol, organisatie=a))
    voor = _geweigerd()
    gegevens = _partner(naam="Gemeente Nieuw", soort="gemeente", email="n@nieuw.nl")
    response = browser.submit("/installatie/organisaties/nieuw", gegevens, token_from="/")
    assert response.status_code == 403 and _geweigerd() == voor + 1
    assert Organisatie.get_or_none(Organisatie.naam == "Gemeente Nieuw") is None


def test_an_account_a_beheerder_creates_or_resets_gets_a_one_time_password(
    app, client, auth, gemeente_a, make_gebruiker
):
    a, beheerder = gemeente_a
    auth.login(beheerder.email)
    gegevens = {"naam": "Kees Km", "email": "kees@a.nl", "rol": "klantmanager", "team": ""}
    installatie = client.submit(
        "/beheer/gebruikers/nieuw", {**gegevens, "rol": "installatiebeheerder", "wachtwoord": EIGEN}
    )
    assert installatie.status_code == 422 and Gebruiker.by_email("kees@a.nl") is None
    assert (
        client.submit("/beheer/gebruikers/nieuw", {**gegevens, "wachtwoord": EENMALIG}).status_code
        == 303
    )
    kees = Gebruiker.by_email("kees@a.nl")
    assert kees.wachtwoord_wijzigen

    kees.wachtwoord_wijzigen = False
    kees.save()
    client.submit(f"/beheer/gebruikers/{kees.id}", {**gegevens, "actief": "y", "wachtwoord": EIGEN})
    assert Gebruiker.get_by_id(kees.id).wachtwoord_wijzigen  # a reset is one-time too
    # The beheerder's own new password is their own: no forced change.
    client.submit(
        f"/beheer/gebruikers/{beheerder.id}",
        {
            "naam": beheerder.naam,
            "email": beheerder.email,
            "rol": "beheerder",
            "team": "",
            "actief": "y",
            "wachtwoord": "rode kater slaapt op de bank",
        },
    )
    assert not Gebruiker.get_by_id(beheerder.id).wachtwoord_wijzigen


def test_create_user_gives_a_one_time_password_and_the_demo_accounts_keep_theirs(
    runner, app, make_organisatie
):
    make_organisatie("Gemeente Testdorp")
    result = runner.invoke(
        args=[
            "create-user",
            "--email=nieuw@testdorp.nl",
            "--naam=Nina Nieuw",
            "--rol=klantmanager",
            "--organisatie=Gemeente Testdorp",
        ],
        input=f"{EENMALIG}\n{EENMALIG}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Het wachtwoord is eenmalig" in result.output
    assert Gebruiker.by_email("nieuw@testdorp.nl").wachtwoord_wijzigen
    again = runner.invoke(
        args=[
            "create-user",
            "--email=nieuw@testdorp.nl",
            "--naam=Nina Nieuw",
            "--rol=klantmanager",
            "--organisatie=Gemeente Testdorp",
        ],
        input=f"{EENMALIG}\n{EENMALIG}\n",
    )
    assert again.exit_code != 0
    assert "Er bestaat al een account met dit e-mailadres." in again.output

    demo = runner.invoke(args=["init-demo"])
    regel = next(r for r in demo.output.splitlines() if "beheerder@voorbeeldstad.nl" in r)
    wachtwoord = regel.rsplit(" ", 1)[-1]
    assert not Gebruiker.by_email("beheerder@voorbeeldstad.nl").wachtwoord_wijzigen
    browser = FormClient(app.test_client())
    assert Auth(browser).login("beheerder@voorbeeldstad.nl", wachtwoord).status_code == 303
    assert browser.get("/").status_code == 200  # `make run`'s printed login works as is
