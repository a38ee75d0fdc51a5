"""Functioneel beheer of teams: a beheerder adds, renames and removes the teams of their own
organisation; a team that is in use stays, so accounts, klanten and metingen keep it."""

import html
import re

import pytest

from models import Auditregel, Gebruiker, Meting, Team


def _pagina(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _tekst(stuk: str) -> str:
    """What a screen reader reads of a piece of HTML: the text without tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", stuk))


def _samenvatting(response) -> str:
    pagina = response.get_data(as_text=True)
    gevonden = re.search(r'<div class="foutsamenvatting".*?</div>', pagina, re.S)
    return gevonden.group(0) if gevonden else ""


def _veldfout(response, veld: str) -> str:
    pagina = response.get_data(as_text=True)
    gevonden = re.search(rf'<p class="foutmelding" id="{veld}-fout">(.*?)</p>', pagina, re.S)
    return _tekst(gevonden.group(1)) if gevonden else ""


def _audit(actie: str, **waarden):
    return Auditregel.select().where(
        (Auditregel.actie == actie) & (Auditregel.object_type == "team"),
        *[getattr(Auditregel, k) == v for k, v in waarden.items()],
    )


def test_beheerder_adds_a_team_and_assigns_it_to_a_user(client, logged_in):
    beheerder = logged_in("beheerder")
    assert "Teams beheren" in _pagina(client.get("/beheer/gebruikers"))
    response = client.submit("/beheer/teams", {"naam": "  Jongeren  ", "afdeling": "Werk"})
    assert response.status_code == 303
    team = Team.get(Team.naam == "Jongeren")
    assert (team.organisatie_id, team.afdeling) == (beheerder.organisatie_id, "Werk")
    regel = _audit("aanmaken").get()
    assert regel.object_id == str(team.id) and regel.gebruiker_id == beheerder.id
    pagina = _pagina(client.get(response.headers["Location"]))
    assert "Team ‘Jongeren’ is toegevoegd." in pagina
    assert "Jongeren" in pagina and "Niet in gebruik" in pagina
    # The new team is one of the choices for an account straight away.
    assert f'<option value="{team.id}">Jongeren</option>' in _pagina(
        client.get("/beheer/gebruikers/nieuw")
    )


def test_afdeling_is_optional(client, logged_in):
    logged_in("beheerder")
    assert client.submit("/beheer/teams", {"naam": "Intake"}).status_code == 303
    assert Team.get(Team.naam == "Intake").afdeling == ""


@pytest.mark.parametrize(
    ("naam", "melding"),
    [
        ("", "Vul de naam van het team in."),
        ("   ", "Vul de naam van het team in."),
        ("x" * 101, "Gebruik maximaal 100 tekens."),
        ("Team <b>", "Gebruik geen < of > en geen onzichtbare tekens."),
        ("werk", "Uw organisatie heeft al een team met deze naam."),
    ],
)
def test_a_wrong_team_name_is_refused_at_the_field_and_in_the_summary(
    client, logged_in, naam, melding
):
    beheerder = logged_in("beheerder")
    Team.create(organisatie=beheerder.organisatie, naam="Werk")
    response = client.submit("/beheer/teams", {"naam": naam, "afdeling": ""})
    assert response.status_code == 422
    assert melding in _veldfout(response, "naam")
    samenvatting = _samenvatting(response)
    assert melding in _tekst(samenvatting) and 'href="#naam"' in samenvatting
    assert "<title>Fout: Teams" in _pagina(response)
    assert Team.select().count() == 1
    assert not _audit("aanmaken").exists()


def test_the_same_name_may_exist_in_another_organisation(client, logged_in, make_organisatie):
    logged_in("beheerder")
    Team.create(organisatie=make_organisatie("Gemeente Elders"), naam="Werk")
    assert client.submit("/beheer/teams", {"naam": "Werk"}).status_code == 303
    assert Team.select().where(Team.naam == "Werk").count() == 2


def test_renaming_a_team_keeps_its_users_and_metingen(client, logged_in, make_gebruiker):
    beheerder = logged_in("beheerder")
    team = Team.create(organisatie=beheerder.organisatie, naam="Wrk", afdeling="")
    lid = make_gebruiker(organisatie=beheerder.organisatie, team=team)
    assert "Wrk" in _pagina(client.get(f"/beheer/teams/{team.id}"))
    response = client.submit(f"/beheer/teams/{team.id}", {"naam": "Werk", "afdeling": "W&I"})
    assert response.status_code == 303
    team = Team.get_by_id(team.id)
    assert (team.naam, team.afdeling) == ("Werk", "W&I")
    assert Gebruiker.get_by_id(lid.id).team_id == team.id
    assert _audit("wijzigen", object_id=str(team.id)).get().omschrijving == (
        "team ‘Wrk’ hernoemd tot ‘Werk’"
    )
    assert "Team ‘Werk’ is opgeslagen." in _pagina(client.get(response.headers["Location"]))


def test_a_team_keeps_its_own_name_with_other_capitals(client, logged_in):
    beheerder = logged_in("beheerder")
    team = Team.create(organisatie=beheerder.organisatie, naam="werk")
    Team.create(organisatie=beheerder.organisatie, naam="Intake")
    assert client.submit(f"/beheer/teams/{team.id}", {"naam": "Werk"}).status_code == 303
    response = client.submit(f"/beheer/teams/{team.id}", {"naam": "INTAKE"})
    assert response.status_code == 422
    assert "Uw organisatie heeft al een team met deze naam." in _veldfout(response, "naam")
    assert Team.get_by_id(team.id).naam == "Werk"


def test_an_unused_team_is_removed(client, logged_in):
    beheerder = logged_in("beheerder")
    team = Team.create(organisatie=beheerder.organisatie, naam="Opgeheven")
    pagina = _pagina(client.get(f"/beheer/teams/{team.id}"))
    assert "Team Opgeheven verwijderen" in pagina
    response = client.submit(
        f"/beheer/teams/{team.id}/verwijderen", token_from=f"/beheer/teams/{team.id}"
    )
    assert response.status_code == 303
    assert Team.get_or_none(Team.id == team.id) is None
    assert _audit("wijzigen", object_id=str(team.id)).get().omschrijving == (
        "team ‘Opgeheven’ verwijderd"
    )
    assert "Team ‘Opgeheven’ is verwijderd." in _pagina(client.get(response.headers["Location"]))


def test_a_team_in_use_is_not_removed(client, logged_in, make_gebruiker, make_klant, meting):
    km = logged_in("klantmanager")
    team = Team.create(organisatie=km.organisatie, naam="Werk")
    klant = make_klant(km.organisatie, team=team)
    gemeten = meting.complete(klant.id, antwoorden=[True, True], team=str(team.id))
    assert gemeten.team_id == team.id
    Gebruiker.update(team=team).where(Gebruiker.id == km.id).execute()

    from tests.conftest import Auth

    Auth(client).logout()
    beheerder = make_gebruiker("beheerder", organisatie=km.organisatie)
    Auth(client).login(beheerder.email)
    pagina = _pagina(client.get("/beheer/teams"))
    assert "1 gebruiker, 1 klant en 1 meting" in pagina
    assert "kan daarom niet worden verwijderd" in _pagina(client.get(f"/beheer/teams/{team.id}"))

    response = client.submit(
        f"/beheer/teams/{team.id}/verwijderen", token_from=f"/beheer/teams/{team.id}"
    )
    pagina = _pagina(response)
    assert response.status_code == 409
    assert (
        "Team ‘Werk’ is niet verwijderd, want het is nog in gebruik bij "
        "1 gebruiker, 1 klant en 1 meting." in pagina
    )
    assert Team.get_by_id(team.id).naam == "Werk"
    assert Meting.get_by_id(gemeten.id).team_id == team.id
    assert Gebruiker.get_by_id(km.id).team_id == team.id
    assert not _audit("wijzigen").exists()


def test_a_team_used_only_by_an_old_meting_is_not_removed(client, logged_in, make_klant, meting):
    km = logged_in("klantmanager")
    team = Team.create(organisatie=km.organisatie, naam="Oud team")
    gemeten = meting.complete(
        make_klant(km.organisatie).id, antwoorden=[True, False], team=str(team.id)
    )
    assert gemeten.team_id == team.id
    Gebruiker.update(rol="beheerder").where(Gebruiker.id == km.id).execute()
    response = client.submit(
        f"/beheer/teams/{team.id}/verwijderen", token_from=f"/beheer/teams/{team.id}"
    )
    assert response.status_code == 409
    assert "nog in gebruik bij 1 meting." in _pagina(response)
    assert Meting.get_by_id(gemeten.id).team_id == team.id


@pytest.mark.parametrize(
    ("methode", "pad", "data"),
    [
        ("get", "/beheer/teams/{id}", None),
        ("post", "/beheer/teams/{id}", {"naam": "Overgenomen"}),
        ("post", "/beheer/teams/{id}/verwijderen", {}),
    ],
)
def test_another_organisations_team_is_not_found_and_the_attempt_is_logged(
    client, logged_in, make_organisatie, methode, pad, data
):
    logged_in("beheerder")
    vreemd = Team.create(organisatie=make_organisatie("Gemeente Elders"), naam="Hun team")
    url = pad.format(id=vreemd.id)
    if methode == "get":
        response = client.get(url)
    else:
        response = client.submit(url, data, token_from="/beheer/teams")
    assert response.status_code == 404
    assert Team.get_by_id(vreemd.id).naam == "Hun team"
    assert "Hun team" not in _pagina(client.get("/beheer/teams"))
    regel = _audit("geweigerd").get()
    assert (regel.object_id, regel.resultaat) == (str(vreemd.id), "geweigerd")


@pytest.mark.parametrize("rol", ["manager", "klantmanager", "intaker", "partner"])
def test_only_the_beheerder_manages_teams(client, logged_in, rol):
    gebruiker = logged_in(rol)
    team = Team.create(organisatie=gebruiker.organisatie, naam="Werk")
    assert client.get("/beheer/teams").status_code == 403
    response = client.submit("/beheer/teams", {"naam": "Nieuw"}, token_from="/")
    assert response.status_code == 403
    response = client.submit(f"/beheer/teams/{team.id}/verwijderen", token_from="/")
    assert response.status_code == 403
    assert [t.naam for t in Team.select()] == ["Werk"]


def test_removing_needs_the_csrf_token(client, logged_in):
    beheerder = logged_in("beheerder")
    team = Team.create(organisatie=beheerder.organisatie, naam="Werk")
    assert client.post(f"/beheer/teams/{team.id}/verwijderen").status_code == 400
    assert Team.get_or_none(Team.id == team.id) is not None
