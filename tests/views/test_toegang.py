"""Partners see a municipality's klant only through a toegang; their metingen wait for the
klant's own organisation to accept them."""

import datetime

import pytest

from models import Auditregel, Meting, Organisatie, Toegang
from tests.conftest import Auth, FormClient, MetingDriver


@pytest.fixture
def opzet(app, client, auth, make_gebruiker, make_organisatie, make_klant):
    """A gemeente with a klantmanager (logged in on `client`) and a partner with a user
    (logged in on `partner`)."""
    gemeente = make_organisatie("Gemeente Utrecht")
    partner_org = make_organisatie("Werkbedrijf Re-integratie", soort="reintegratiebedrijf")
    km = make_gebruiker("klantmanager", organisatie=gemeente)
    partner_user = make_gebruiker("partner", organisatie=partner_org)
    klant = make_klant(gemeente, achternaam="Gicheru")
    auth.login(km.email)
    partner = FormClient(app.test_client())
    Auth(partner).login(partner_user.email)
    return {
        "gemeente": gemeente,
        "partner_org": partner_org,
        "km": km,
        "partner_user": partner_user,
        "klant": klant,
        "partner": partner,
    }


def _geef_toegang(client, klant, partner_org, begin=(1, 1, 2026), eind=("", "", "")):
    return client.submit(
        f"/klanten/{klant.id}/toegang",
        {
            "organisatie": str(partner_org.id),
            "begindatum-dag": begin[0],
            "begindatum-maand": begin[1],
            "begindatum-jaar": begin[2],
            "einddatum-dag": eind[0],
            "einddatum-maand": eind[1],
            "einddatum-jaar": eind[2],
        },
    )


def test_partner_without_toegang_sees_nothing(opzet):
    partner, klant = opzet["partner"], opzet["klant"]
    assert partner.get(f"/klanten/{klant.id}").status_code == 404
    assert "Gicheru, P." not in partner.get("/klanten?q=Gicheru").get_data(as_text=True)
    assert Auditregel.select().where(Auditregel.actie == "geweigerd").count() == 1


def test_toegang_opens_the_klant_and_the_partner_meting_waits_for_approval(opzet, client, clock):
    partner, klant = opzet["partner"], opzet["klant"]
    response = _geef_toegang(client, klant, opzet["partner_org"])
    assert response.status_code == 303
    assert "Gicheru, P." in partner.get("/klanten?q=Gicheru").get_data(as_text=True)
    meting = MetingDriver(partner).complete(klant.id, [False, False, True], groei=True)
    assert meting.status == "ter_beoordeling" and meting.organisatie_id == opzet["partner_org"].id
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "wachten op beoordeling" in page and "Huidige stand" in page
    assert "Deze klant is nog niet gemeten." in page  # a pending meting does not count
    lijst = client.get("/beoordelen").get_data(as_text=True)
    assert f"/metingen/{meting.id}/beoordeel" in lijst
    response = client.submit(f"/metingen/{meting.id}/beoordeel", {"besluit": "accepteren"})
    assert response.status_code == 303
    meting = Meting.get_by_id(meting.id)
    assert meting.status == "definitief" and meting.beoordeeld_door_id == opzet["km"].id
    assert "Trede <strong>3+</strong>" in client.get(f"/klanten/{klant.id}").get_data(as_text=True)


def test_rejection_needs_a_reason_and_the_meting_never_counts(opzet, client, clock):
    partner, klant = opzet["partner"], opzet["klant"]
    _geef_toegang(client, klant, opzet["partner_org"])
    meting = MetingDriver(partner).complete(klant.id, [True, True], groei=True)
    response = client.submit(f"/metingen/{meting.id}/beoordeel", {"besluit": "afwijzen"})
    assert response.status_code == 422
    assert "Geef de reden van de afwijzing." in response.get_data(as_text=True)
    assert Meting.get_by_id(meting.id).status == "ter_beoordeling"
    client.submit(
        f"/metingen/{meting.id}/beoordeel",
        {"besluit": "afwijzen", "reden": "Klant werkt niet meer"},
    )
    meting = Meting.get_by_id(meting.id)
    assert (meting.status, meting.beoordelingsreden) == ("afgewezen", "Klant werkt niet meer")
    page = partner.get(f"/metingen/{meting.id}").get_data(as_text=True)
    assert "Deze meting is afgewezen" in page and "Klant werkt niet meer" in page
    # Deciding twice is not possible.
    again = client.submit(
        f"/metingen/{meting.id}/beoordeel", {"besluit": "accepteren"}, token_from="/beoordelen"
    )
    assert again.status_code == 404


def test_partner_cannot_judge_or_grant(opzet, client, clock):
    partner, klant = opzet["partner"], opzet["klant"]
    _geef_toegang(client, klant, opzet["partner_org"])
    meting = MetingDriver(partner).complete(klant.id, [True, True], groei=True)
    assert partner.get(f"/metingen/{meting.id}/beoordeel").status_code == 404
    assert partner.get(f"/klanten/{klant.id}/toegang").status_code == 404
    assert partner.get("/beoordelen").status_code == 404
    assert Meting.get_by_id(meting.id).status == "ter_beoordeling"


def test_without_the_approval_setting_partner_metingen_count_at_once(opzet, client):
    Organisatie.update(partner_metingen_beoordelen=False).where(
        Organisatie.id == opzet["gemeente"].id
    ).execute()
    _geef_toegang(client, opzet["klant"], opzet["partner_org"])
    meting = MetingDriver(opzet["partner"]).complete(opzet["klant"].id, [True, False])
    assert meting.status == "definitief"


@pytest.mark.parametrize(
    ("begin", "eind", "zichtbaar"),
    [
        ((1, 1, 2026), ("", "", ""), True),
        ((1, 4, 2026), ("", "", ""), False),  # starts after "today" (2 March 2026)
        ((1, 1, 2026), (1, 2, 2026), False),  # ended before today
        ((1, 1, 2026), (2, 3, 2026), True),  # the end date itself still counts
    ],
)
def test_toegang_counts_only_within_its_period(opzet, client, clock, begin, eind, zichtbaar):
    _geef_toegang(client, opzet["klant"], opzet["partner_org"], begin, eind)
    status = opzet["partner"].get(f"/klanten/{opzet['klant'].id}").status_code
    assert status == (200 if zichtbaar else 404)


def test_withdrawn_toegang_closes_the_klant_at_once(opzet, client, clock):
    _geef_toegang(client, opzet["klant"], opzet["partner_org"])
    rij = Toegang.get()
    assert opzet["partner"].get(f"/klanten/{opzet['klant'].id}").status_code == 200
    response = client.submit(
        f"/klanten/{opzet['klant'].id}/toegang/{rij.id}/intrekken",
        {},
        token_from=f"/klanten/{opzet['klant'].id}/toegang",
    )
    assert response.status_code == 303
    assert opzet["partner"].get(f"/klanten/{opzet['klant'].id}").status_code == 404


def test_toegang_form_validates_in_dutch(opzet, client, clock):
    response = _geef_toegang(
        client, opzet["klant"], opzet["partner_org"], (1, 3, 2026), (1, 2, 2026)
    )
    assert response.status_code == 422
    assert "De einddatum mag niet voor de begindatum liggen." in response.get_data(as_text=True)
    response = client.submit(f"/klanten/{opzet['klant'].id}/toegang", {"organisatie": "999"})
    page = response.get_data(as_text=True)
    assert "Vul de begindatum in." in page and "Ongeldige keuze." in page
    assert Toegang.select().count() == 0


def test_a_partners_own_klant_is_not_visible_to_the_gemeente(opzet, client, make_klant):
    eigen = make_klant(
        opzet["partner_org"], achternaam="Partnerklant", geboortedatum=datetime.date(1990, 1, 1)
    )
    assert opzet["partner"].get(f"/klanten/{eigen.id}").status_code == 200
    assert client.get(f"/klanten/{eigen.id}").status_code == 404
    meting = MetingDriver(opzet["partner"]).complete(eigen.id, [True, False])
    assert meting.status == "definitief"  # its own klant: nobody else to judge it


def _regels(**velden) -> list[tuple]:
    """The audit rows with these column values, as the beheerder's log shows them."""
    query = Auditregel.select().order_by(Auditregel.id)
    for veld, waarde in velden.items():
        query = query.where(getattr(Auditregel, veld) == waarde)
    return [
        (r.actie, r.object_type, r.object_id, r.klant_id, r.gebruiker_id, r.omschrijving)
        for r in query
    ]


def test_granting_and_withdrawing_toegang_are_logged(opzet, client, clock):
    klant, km = opzet["klant"], opzet["km"]
    _geef_toegang(client, klant, opzet["partner_org"])
    rij = Toegang.get()
    client.submit(
        f"/klanten/{klant.id}/toegang/{rij.id}/intrekken",
        {},
        token_from=f"/klanten/{klant.id}/toegang",
    )
    assert _regels(object_type="toegang") == [
        (
            "aanmaken",
            "toegang",
            str(rij.id),
            klant.id,
            km.id,
            "toegang voor Werkbedrijf Re-integratie",
        ),
        ("wijzigen", "toegang", str(rij.id), klant.id, km.id, "toegang ingetrokken"),
    ]
    assert {
        r.organisatie_id for r in Auditregel.select().where(Auditregel.object_type == "toegang")
    } == {opzet["gemeente"].id}


def test_opening_the_review_page_is_logged_as_a_read(opzet, client, clock):
    _geef_toegang(client, opzet["klant"], opzet["partner_org"])
    meting = MetingDriver(opzet["partner"]).complete(opzet["klant"].id, [True, True], groei=True)
    assert client.get(f"/metingen/{meting.id}/beoordeel").status_code == 200
    assert _regels(actie="inzien", object_type="meting") == [
        (
            "inzien",
            "meting",
            str(meting.id),
            opzet["klant"].id,
            opzet["km"].id,
            "partnermeting ter beoordeling geopend",
        )
    ]


@pytest.mark.parametrize(
    ("besluit", "reden", "status"),
    [("accepteren", "", "definitief"), ("afwijzen", "Klant werkt niet meer", "afgewezen")],
)
def test_judging_a_partner_meting_is_logged_for_the_klant(
    opzet, client, clock, besluit, reden, status
):
    klant, km = opzet["klant"], opzet["km"]
    _geef_toegang(client, klant, opzet["partner_org"])
    meting = MetingDriver(opzet["partner"]).complete(klant.id, [True, True], groei=True)
    if besluit == "afwijzen":  # a refused form (no reason) changes nothing, so logs no change
        client.submit(f"/metingen/{meting.id}/beoordeel", {"besluit": besluit})
        assert _regels(actie="wijzigen", object_type="meting") == []
    response = client.submit(
        f"/metingen/{meting.id}/beoordeel", {"besluit": besluit, "reden": reden}
    )
    assert response.status_code == 303 and Meting.get_by_id(meting.id).status == status
    assert _regels(actie="wijzigen", object_type="meting") == [
        ("wijzigen", "meting", str(meting.id), klant.id, km.id, f"partnermeting: {besluit}")
    ]
    # The partner's own start and save of the meting are on record, under the partner's name.
    partner_id = opzet["partner_user"].id
    assert _regels(actie="aanmaken", object_type="meting", object_id=str(meting.id)) == [
        ("aanmaken", "meting", str(meting.id), klant.id, partner_id, "meting begonnen"),
        (
            "aanmaken",
            "meting",
            str(meting.id),
            klant.id,
            partner_id,
            "meting opgeslagen, ter beoordeling",
        ),
    ]
