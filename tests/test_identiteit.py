"""A klant's identity belongs to its organisation: no route tells a user whether a BSN is a
klant of an organisation outside their reach (issue 14, item 1).

Each test puts the same BSN in another organisation ("Elders") and compares what the user
sees with what a BSN nobody knows gives. Where a route does reach another organisation's klant
(a partner with a toegang), that organisation's own audit log shows it."""

import datetime

import pytest
from peewee import IntegrityError

import models
from models import Auditregel, Klant, Meting, Toegang
from tests.conftest import Auth, FormClient
from tests.fixtures.uitwisseling import maak_meting

BSN_ELDERS = "111222333"  # make_klant's first BSN
BSN_ONBEKEND = "999993653"
NIEUW = {
    "voornaam": "Jan",
    "achternaam": "Poel",
    "geboortedatum-dag": "17",
    "geboortedatum-maand": "5",
    "geboortedatum-jaar": "1980",
    "geslacht": "m",
}


@pytest.fixture
def elders(make_organisatie, make_gebruiker, make_klant, clock):
    """Another gemeente in the installation with a klant (BSN_ELDERS) and a meting."""
    organisatie = make_organisatie("Gemeente Elders")
    klant = make_klant(organisatie, bsn=BSN_ELDERS, achternaam="Geheim")
    maak_meting(klant, make_gebruiker(organisatie=organisatie), trede=2)
    return klant


def _niets_over(klant) -> None:
    """Nothing was read, written or logged about the other organisation's klant."""
    opnieuw = Klant.get_by_id(klant.id)
    assert (opnieuw.achternaam, opnieuw.versie) == ("Geheim", klant.versie)
    assert [m.trede for m in Meting.select().where(Meting.klant == klant)] == [2]
    assert not Auditregel.select().where(Auditregel.klant_id == klant.id).exists()
    assert (
        not models.AuditregelKlant.select()
        .where(models.AuditregelKlant.klant_id == klant.id)
        .exists()
    )


def _registreer(client, bsn: str) -> tuple[int, str]:
    response = client.submit("/klanten/nieuw", {**NIEUW, "bsn": bsn})
    volgende = client.get(response.headers["Location"]).get_data(as_text=True)
    return response.status_code, volgende


@pytest.mark.parametrize("rol", ["klantmanager", "intaker", "partner"])
def test_registering_answers_as_for_an_unknown_bsn(client, logged_in, elders, rol):
    gebruiker = logged_in(rol)
    status_elders, pagina_elders = _registreer(client, BSN_ELDERS)
    status_onbekend, pagina_onbekend = _registreer(client, BSN_ONBEKEND)
    assert status_elders == status_onbekend == 303
    for pagina in (pagina_elders, pagina_onbekend):
        assert "Jan Poel is geregistreerd." in pagina and "Geheim" not in pagina
    eigen = Klant.select().where(Klant.organisatie == gebruiker.organisatie_id)
    assert sorted(k.bsn for k in eigen) == sorted([BSN_ELDERS, BSN_ONBEKEND])
    _niets_over(elders)


def test_two_organisations_hold_the_same_bsn_independently(client, logged_in, elders):
    km = logged_in()
    _registreer(client, BSN_ELDERS)
    eigen = Klant.get((Klant.organisatie == km.organisatie_id) & (Klant.bsn == BSN_ELDERS))
    maak_meting(eigen, km, trede=5)
    page = client.get(f"/klanten/{eigen.id}").get_data(as_text=True)
    assert "Geheim" not in page
    assert [m.trede for m in Meting.select().where(Meting.klant == eigen)] == [5]
    assert [m.trede for m in Meting.select().where(Meting.klant == elders)] == [2]


def test_the_same_bsn_twice_in_one_organisation_is_refused_by_the_database(app, elders):
    dubbel = Klant(
        organisatie=elders.organisatie_id,
        bsn=BSN_ELDERS,
        achternaam="Tweede",
        geboortedatum=datetime.date(1990, 1, 1),
    )
    assert dubbel.voeg_toe() is False and dubbel.id is None
    with pytest.raises(IntegrityError), models.db.atomic():
        Klant.create(**dubbel.__data__)
    assert Klant.select().where(Klant.bsn == BSN_ELDERS).count() == 1


def test_a_colleague_registering_the_same_bsn_at_the_same_moment_leads_to_that_klant(
    client, logged_in, monkeypatch
):
    """Both checked that the BSN was new; the second insert finds the first one's row."""
    import views.klanten

    km = logged_in()
    collega = Klant.create(
        organisatie=km.organisatie_id,
        bsn=BSN_ONBEKEND,
        achternaam="Collega",
        geboortedatum=datetime.date(1980, 5, 17),
    )
    monkeypatch.setattr(views.klanten, "_bekende_klant", lambda bsn: None)
    response = client.submit("/klanten/nieuw", {**NIEUW, "bsn": BSN_ONBEKEND})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/klanten/{collega.id}")
    assert Klant.select().count() == 1
    assert not Auditregel.select().where(Auditregel.actie == "aanmaken").exists()


def test_correcting_a_bsn_to_one_held_elsewhere_is_saved(client, logged_in, make_klant, elders):
    km = logged_in()
    eigen = make_klant(km.organisatie, achternaam="Eigen")
    client.get(f"/klanten/{eigen.id}/bewerken")
    response = client.submit(
        f"/klanten/{eigen.id}/bewerken",
        {
            **NIEUW,
            "bsn": BSN_ELDERS,
            "achternaam": "Eigen",
            "versie": str(eigen.versie),
        },
    )
    assert response.status_code == 303
    assert Klant.get_by_id(eigen.id).bsn == BSN_ELDERS
    _niets_over(elders)


def test_searching_the_bsn_finds_nothing_as_for_an_unknown_bsn(client, logged_in, elders):
    logged_in()
    for bsn in (BSN_ELDERS, BSN_ONBEKEND):
        page = client.submit("/klanten", {"q": bsn}).get_data(as_text=True)
        assert "Geen klanten gevonden" in page and "Geheim" not in page
    _niets_over(elders)


def test_the_audit_log_filter_on_the_bsn_shows_nothing(client, logged_in, elders):
    logged_in("beheerder")
    for bsn in (BSN_ELDERS, BSN_ONBEKEND):
        response = client.submit("/beheer/audit", {"bsn": bsn}, follow_redirects=True)
        assert response.status_code == 200
        assert "Geen regels gevonden." in response.get_data(as_text=True)
        assert bsn not in response.request.url


def test_the_api_never_carries_another_organisations_klant(client, logged_in, elders, clock):
    km = logged_in()
    _registreer(client, BSN_ELDERS)
    eigen = Klant.get((Klant.organisatie == km.organisatie_id) & (Klant.bsn == BSN_ELDERS))
    maak_meting(eigen, km, trede=5)
    _rij, token = models.ApiToken.maak(km.organisatie_id, "Koppeling", km, clock.now())
    body = client.get(
        "/api/v1/metingen?sinds=2000-01-01T00:00:00",
        headers={"Authorization": f"Bearer {token}"},
    ).get_data(as_text=True)
    assert "Poel" in body and "Geheim" not in body and body.count("<meting ") == 1
    _niets_over(elders)


@pytest.fixture
def partner_met_toegang(app, make_organisatie, make_gebruiker, make_klant, clock):
    """A partner user (logged in) with a toegang to a gemeente's klant."""
    gemeente = make_organisatie("Gemeente Utrecht")
    partner_org = make_organisatie("Werkbedrijf", soort="reintegratiebedrijf")
    klant = make_klant(gemeente, bsn=BSN_ELDERS, achternaam="Gicheru")
    km = make_gebruiker("klantmanager", organisatie=gemeente)
    Toegang.create(
        klant=klant,
        organisatie=partner_org,
        begindatum=datetime.date(2026, 1, 1),
        verleend_door=km,
    )
    partner = FormClient(app.test_client())
    Auth(partner).login(
        make_gebruiker("partner", organisatie=partner_org, naam="Pia Partner").email
    )
    beheerder = FormClient(app.test_client())
    Auth(beheerder).login(make_gebruiker("beheerder", organisatie=gemeente).email)
    return partner, beheerder, klant


def test_a_partner_reaching_its_gemeentes_klant_shows_in_the_gemeentes_log(partner_met_toegang):
    partner, beheerder, klant = partner_met_toegang
    response = partner.submit("/klanten/nieuw", {**NIEUW, "bsn": BSN_ELDERS})
    assert response.headers["Location"].endswith(f"/klanten/{klant.id}")
    partner.get(response.headers["Location"])
    partner.submit("/klanten", {"q": "Gicheru"})
    assert Klant.select().count() == 1  # led to the klant it may see: no second identity
    response = beheerder.submit("/beheer/audit", {"bsn": BSN_ELDERS}, follow_redirects=True)
    log = response.get_data(as_text=True)
    assert "zoekresultaat" in log and "Pia Partner" in log
    regels = Auditregel.select().where(Auditregel.gebruiker_naam == "Pia Partner")
    assert {r.object_type for r in regels} >= {"klant", "zoekresultaat"}
