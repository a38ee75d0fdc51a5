"""The export's selection by the reports' filters, and the reports' reach: a klantmanager or
intaker exports only the metingen they handle or that belong to their team."""

import datetime

import pytest

import models
from models import Auditregel
from tests.fixtures.uitwisseling import csv_rijen, exporteer, maak_meting


@pytest.fixture
def opzet(make_organisatie, make_gebruiker, make_klant):
    """One organisation with two gemeenten, two teams with a klantmanager each, and three
    metingen that differ in gemeente, team, klantmanager, subgroep and aanleiding."""
    org = make_organisatie()
    g1 = models.Gemeente.create(cbs_code="0344", naam="Utrecht")
    g2 = models.Gemeente.create(cbs_code="0307", naam="Amersfoort")
    for gemeente in (g1, g2):
        models.OrganisatieGemeente.create(organisatie=org, gemeente=gemeente)
    team_a = models.Team.create(organisatie=org, naam="Team A")
    team_b = models.Team.create(organisatie=org, naam="Team B")
    km_a = make_gebruiker("klantmanager", organisatie=org, team=team_a, naam="Anna")
    km_b = make_gebruiker("klantmanager", organisatie=org, team=team_b, naam="Bert")

    def meting(gemeente, km, team, subgroep, aanleiding, **velden):
        klant = make_klant(org, gemeente=gemeente)
        return maak_meting(
            klant,
            km,
            klantmanager=km,
            team=team,
            subgroepen=(subgroep,),
            aanleiding=aanleiding,
            **velden,
        )

    m1 = meting(g1, km_a, team_a, "1", "jaarlijks")
    m2 = meting(g2, km_b, team_b, "3", "intake")
    m3 = meting(
        g1,
        km_b,
        team_b,
        "3",
        "uitstroom",
        uitstroomreden="werk_zes_maanden",
        volgende_meetdatum=None,
    )
    ids = {"g1": g1.id, "team_a": team_a.id, "team_b": team_b.id, "km_a": km_a.id}
    return {"m1": m1.id, "m2": m2.id, "m3": m3.id, **ids, "km_a_obj": km_a, "km_b_obj": km_b}


def _ids(client, **args) -> set[int]:
    response = exporteer(client, **args)
    assert response.status_code == 200, response.get_data(as_text=True)[:1000]
    return {int(rij["meting_id"]) for rij in csv_rijen(response.get_data())}


@pytest.mark.parametrize(
    ("filters", "verwacht"),
    [
        ({}, {"m1", "m2", "m3"}),
        ({"gemeente": "g1"}, {"m1", "m3"}),
        ({"team": "team_b"}, {"m2", "m3"}),
        ({"klantmanager": "km_a"}, {"m1"}),
        ({"subgroep": "3"}, {"m2", "m3"}),
        ({"aanleiding": "uitstroom"}, {"m3"}),
        ({"aanleiding": "intake"}, {"m2"}),
        ({"gemeente": "g1", "team": "team_b"}, {"m3"}),
    ],
)
def test_each_filter_narrows_the_exported_metingen(
    client, auth, make_gebruiker, opzet, filters, verwacht
):
    manager = make_gebruiker("manager", organisatie=opzet["km_a_obj"].organisatie)
    auth.login(manager.email)
    args = {veld: opzet.get(waarde, waarde) for veld, waarde in filters.items()}
    assert _ids(client, **args) == {opzet[m] for m in verwacht}


def test_the_chosen_selection_is_in_the_audit_log(client, auth, make_gebruiker, opzet):
    manager = make_gebruiker("manager", organisatie=opzet["km_a_obj"].organisatie)
    auth.login(manager.email)
    _ids(client, team=opzet["team_b"], aanleiding="intake")
    regel = Auditregel.get(
        (Auditregel.object_type == "export") & (Auditregel.actie == "exporteren")
    )
    assert regel.omschrijving == (
        "participatiedatabase csv: 1 metingen; Team: Team B; "
        "Aanleiding van de meting: Intake / eerste contact"
    )


def test_a_klantmanager_exports_only_own_and_team_metingen(client, auth, make_klant, opzet):
    km_a = opzet["km_a_obj"]
    # No klantmanager on the meting, but Team A's: within Anna's reach through her team.
    klant = make_klant(km_a.organisatie)
    team_meting = maak_meting(klant, opzet["km_b_obj"], team=opzet["team_a"])
    auth.login(km_a.email)
    assert _ids(client) == {opzet["m1"], team_meting.id}
    assert _ids(client, gemeente=opzet["g1"]) == {opzet["m1"]}  # a filter stays within reach


def test_an_intaker_without_a_team_exports_only_own_metingen(
    client, auth, make_gebruiker, make_klant, opzet
):
    intaker = make_gebruiker("intaker", organisatie=opzet["km_a_obj"].organisatie)
    eigen = maak_meting(
        make_klant(intaker.organisatie),
        intaker,
        klantmanager=intaker,
        meetdatum=datetime.date(2026, 1, 5),
    )
    auth.login(intaker.email)
    assert _ids(client) == {eigen.id}


@pytest.mark.parametrize("veld", ["team", "klantmanager"])
def test_a_choice_outside_the_reach_is_refused_and_logged(client, auth, opzet, veld):
    auth.login(opzet["km_a_obj"].email)
    buiten = opzet["team_b"] if veld == "team" else opzet["km_b_obj"].id
    response = exporteer(client, **{veld: buiten})
    assert response.status_code == 403
    assert "Geen toegang tot deze selectie" in response.get_data(as_text=True)
    assert response.mimetype == "text/html"
    regel = Auditregel.get(Auditregel.object_type == "export")
    assert (regel.actie, regel.resultaat) == ("geweigerd", "geweigerd")
    assert f"{veld}={buiten}" in regel.omschrijving


def test_a_manager_cannot_choose_another_organisations_team(
    client, logged_in, make_organisatie, opzet
):
    logged_in("manager", organisatie=make_organisatie("Gemeente Elders"))
    assert exporteer(client, team=opzet["team_a"]).status_code == 403


def test_the_page_offers_only_the_options_within_reach(client, auth, opzet):
    auth.login(opzet["km_a_obj"].email)
    page = client.get("/uitwisseling").get_data(as_text=True)
    assert ">Team A</option>" in page and ">Team B</option>" not in page
    assert ">Anna</option>" in page and ">Bert</option>" not in page
    assert ">Utrecht</option>" in page and ">Amersfoort</option>" in page
    assert "die bij uw team horen" in page


def test_a_gemeente_outside_the_organisation_is_a_form_error(client, auth, opzet):
    elders = models.Gemeente.create(cbs_code="0363", naam="Amsterdam")
    auth.login(opzet["km_a_obj"].email)
    response = exporteer(client, gemeente=elders.id)
    assert response.status_code == 422
    assert "Er is een probleem" in response.get_data(as_text=True)
