"""Functioneel beheer: a beheerder manages the accounts of their own organisation only."""

import re

from models import Auditregel, Gebruiker, Sessie, Team

STRONG = "groene fiets rijdt naar zee"


def test_beheerder_adds_a_user_who_can_log_in(app, client, auth, logged_in):
    beheerder = logged_in("beheerder")
    team = Team.create(organisatie=beheerder.organisatie, naam="Intake")
    response = client.submit(
        "/beheer/gebruikers/nieuw",
        {
            "naam": "Sanne de Wit",
            "email": "S.deWit@testdorp.nl",
            "rol": "intaker",
            "team": str(team.id),
            "wachtwoord": STRONG,
        },
    )
    assert response.status_code == 303
    nieuw = Gebruiker.by_email("s.dewit@testdorp.nl")
    assert nieuw.rol == "intaker" and nieuw.team_id == team.id
    assert nieuw.organisatie_id == beheerder.organisatie_id
    assert Auditregel.get(Auditregel.actie == "aanmaken").object_id == str(nieuw.id)
    assert "Sanne de Wit" in client.get("/beheer/gebruikers").get_data(as_text=True)
    auth.logout()
    assert auth.login("s.dewit@testdorp.nl", STRONG).status_code == 303


def test_new_user_form_errors_store_nothing(client, logged_in):
    logged_in("beheerder")
    before = Gebruiker.select().count()
    response = client.submit(
        "/beheer/gebruikers/nieuw",
        {"naam": "", "email": "geen-adres", "rol": "koning", "wachtwoord": "kort"},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul de naam in." in page
    assert "Vul een geldig e-mailadres in" in page
    assert "Kies een wachtwoord van minstens 12 tekens." in page
    assert Gebruiker.select().count() == before


def test_common_password_and_duplicate_email_are_refused(client, logged_in, make_gebruiker):
    logged_in("beheerder")
    bestaand = make_gebruiker()
    response = client.submit(
        "/beheer/gebruikers/nieuw",
        {"naam": "X", "email": bestaand.email, "rol": "intaker", "wachtwoord": "1qaz2wsx3edc"},
    )
    page = response.get_data(as_text=True)
    # Deliberately neutral since issue 14, item 16 (was "Er bestaat al een account …").
    assert "Dit e-mailadres kan niet voor dit account worden gebruikt." in page
    assert "veelgebruikte wachtwoorden" in page


def test_deactivation_ends_the_users_sessions(app, client, logged_in, make_gebruiker):
    from tests.conftest import Auth, FormClient

    beheerder = logged_in("beheerder")
    collega = make_gebruiker(organisatie=beheerder.organisatie)
    collega_browser = FormClient(app.test_client())
    Auth(collega_browser).login(collega.email)
    assert collega_browser.get("/").status_code == 200
    response = client.submit(
        f"/beheer/gebruikers/{collega.id}",
        {"naam": collega.naam, "email": collega.email, "rol": collega.rol, "team": ""},
    )  # the checkbox "actief" left unticked
    assert response.status_code == 303
    assert Gebruiker.get_by_id(collega.id).actief is False
    assert collega_browser.get("/").status_code == 302
    assert (
        Sessie.select().where((Sessie.gebruiker == collega) & Sessie.beeindigd.is_null()).count()
        == 0
    )


def test_beheerder_cannot_touch_another_organisations_user(
    client, logged_in, make_gebruiker, make_organisatie
):
    logged_in("beheerder")
    vreemde = make_gebruiker(organisatie=make_organisatie("Gemeente Elders"))
    assert client.get(f"/beheer/gebruikers/{vreemde.id}").status_code == 404
    response = client.submit(
        f"/beheer/gebruikers/{vreemde.id}",
        {"naam": "Overgenomen", "email": vreemde.email, "rol": "beheerder"},
        token_from="/beheer/gebruikers/nieuw",
    )
    assert response.status_code == 404
    assert Gebruiker.get_by_id(vreemde.id).naam != "Overgenomen"
    assert "Overgenomen" not in client.get("/beheer/gebruikers").get_data(as_text=True)
    assert vreemde.naam not in client.get("/beheer/gebruikers").get_data(as_text=True)
    assert Auditregel.select().where(Auditregel.actie == "geweigerd").count() == 2


def test_beheerder_cannot_remove_own_role(client, logged_in):
    beheerder = logged_in("beheerder")
    response = client.submit(
        f"/beheer/gebruikers/{beheerder.id}",
        {"naam": beheerder.naam, "email": beheerder.email, "rol": "intaker", "actief": "y"},
    )
    assert response.status_code == 422
    assert Gebruiker.get_by_id(beheerder.id).rol == "beheerder"


def test_beheerder_ends_a_users_open_sessions(app, client, logged_in, make_gebruiker):
    """A lost laptop: the colleague's open session stops working at once; logged."""
    from tests.conftest import Auth, FormClient

    beheerder = logged_in("beheerder")
    collega = make_gebruiker(organisatie=beheerder.organisatie)
    collega_browser = FormClient(app.test_client())
    Auth(collega_browser).login(collega.email)
    assert collega_browser.get("/").status_code == 200
    response = client.submit(
        f"/beheer/gebruikers/{collega.id}/sessies-beeindigen",
        {},
        token_from=f"/beheer/gebruikers/{collega.id}",
    )
    assert response.status_code == 303
    assert "1 open sessie(s)" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert collega_browser.get("/").status_code == 302  # back to the login page
    assert client.get("/").status_code == 200  # the beheerder's own session stays
    assert Gebruiker.get_by_id(collega.id).actief  # the account itself is untouched
    row = Auditregel.get(Auditregel.omschrijving.contains("sessie(s) beëindigd"))
    assert (row.actie, row.object_type, row.object_id) == ("wijzigen", "gebruiker", str(collega.id))
    assert row.gebruiker_id == beheerder.id
    assert row.omschrijving == "1 sessie(s) beëindigd door beheerder"


def test_an_address_of_another_organisation_is_refused_without_telling(
    client, logged_in, make_gebruiker, make_organisatie
):
    """Issue 14, item 16: the answer for an e-mail address of another organisation's account
    is word for word the one for an address of the own organisation, names nothing, and is
    logged in both organisations' audit trails."""
    beheerder = logged_in("beheerder")
    eigen = make_gebruiker(organisatie=beheerder.organisatie)
    elders = make_gebruiker(organisatie=make_organisatie("Gemeente Geheimstad"))
    paginas = []
    for email in (eigen.email, elders.email):
        response = client.submit(
            "/beheer/gebruikers/nieuw",
            {
                "naam": "Nieuw Lid",
                "email": email,
                "rol": "intaker",
                "wachtwoord": "paarse olifant danst op dinsdag",
            },
        )
        assert response.status_code == 422
        pagina = response.get_data(as_text=True)
        # The CSRF tokens carry the second they were made in: left out of the comparison.
        zonder_tokens = re.sub(r"<input[^>]*csrf_token[^>]*>", "<input csrf>", pagina)
        paginas.append(zonder_tokens.replace(email, "ADRES"))
        assert "Geheimstad" not in pagina
    assert paginas[0] == paginas[1]
    assert Gebruiker.select().count() == 3
    weigeringen = Auditregel.select().where(Auditregel.actie == "geweigerd")
    eigen_trail = [r for r in weigeringen if r.organisatie_id == beheerder.organisatie_id]
    assert len(eigen_trail) == 2
    assert all("organisatie" not in r.omschrijving for r in eigen_trail)
    (bij_elders,) = [r for r in weigeringen if r.organisatie_id == elders.organisatie_id]
    assert bij_elders.object_id == str(elders.id)


def test_beheerder_gives_the_right_to_coordinate_kalibratie(client, auth, make_gebruiker):
    """The right "kwaliteit" (issue 15): before it the klantmanager gets 403 on the casusbank,
    after it the page; giving and withdrawing it are in the audit trail."""
    beheerder = make_gebruiker(rol="beheerder")
    collega = make_gebruiker(rol="klantmanager", organisatie=beheerder.organisatie)
    auth.login(collega.email)
    assert client.get("/kalibratie/casussen").status_code == 403
    auth.logout()

    auth.login(beheerder.email)
    pagina = client.get(f"/beheer/gebruikers/{collega.id}").get_data(as_text=True)
    assert "Mag kalibratierondes coördineren" in pagina and "Een manager mag dit altijd." in pagina
    velden = {"naam": collega.naam, "email": collega.email, "rol": "klantmanager", "team": ""}
    response = client.submit(
        f"/beheer/gebruikers/{collega.id}", {**velden, "actief": "y", "kwaliteit": "y"}
    )
    assert response.status_code == 303
    assert Gebruiker.get_by_id(collega.id).kwaliteit is True
    regel = Auditregel.get(
        (Auditregel.actie == "wijzigen") & (Auditregel.object_id == str(collega.id))
    )
    assert regel.omschrijving == "recht kalibratierondes coördineren gegeven"
    assert regel.gebruiker_id == beheerder.id
    assert "coördineert kalibratie" in client.get("/beheer/gebruikers").get_data(as_text=True)
    auth.logout()

    auth.login(collega.email)
    assert client.get("/kalibratie/casussen").status_code == 200
    auth.logout()

    auth.login(beheerder.email)
    client.submit(f"/beheer/gebruikers/{collega.id}", {**velden, "actief": "y"})  # unticked
    assert Gebruiker.get_by_id(collega.id).kwaliteit is False
    assert Auditregel.get(
        Auditregel.omschrijving == "recht kalibratierondes coördineren ingetrokken"
    ).object_id == str(collega.id)
    auth.logout()
    auth.login(collega.email)
    assert client.get("/kalibratie/casussen").status_code == 403


def test_the_right_to_coordinate_is_for_klantmanagers_and_intakers(client, logged_in):
    """A manager coordinates by role; a beheerder cannot give the right to themselves."""
    beheerder = logged_in("beheerder")
    response = client.submit(
        f"/beheer/gebruikers/{beheerder.id}",
        {
            "naam": beheerder.naam,
            "email": beheerder.email,
            "rol": "beheerder",
            "actief": "y",
            "kwaliteit": "y",
        },
    )
    assert response.status_code == 422
    assert "Alleen een klantmanager of intaker kan dit recht krijgen" in response.get_data(
        as_text=True
    )
    assert Gebruiker.get_by_id(beheerder.id).kwaliteit is False
    response = client.submit(
        "/beheer/gebruikers/nieuw",
        {
            "naam": "Iris Intake",
            "email": "iris@testdorp.nl",
            "rol": "intaker",
            "kwaliteit": "y",
            "wachtwoord": STRONG,
        },
    )
    assert response.status_code == 303
    assert Gebruiker.by_email("iris@testdorp.nl").kwaliteit is True
    assert Auditregel.get(Auditregel.actie == "aanmaken").omschrijving == (
        "met eenmalig wachtwoord; recht kalibratierondes coördineren gegeven"
    )


def test_a_beheerder_of_another_organisation_cannot_give_the_right(
    client, auth, make_gebruiker, make_organisatie
):
    collega = make_gebruiker(rol="klantmanager")
    vreemde = make_gebruiker(rol="beheerder", organisatie=make_organisatie("Gemeente Elders"))
    auth.login(vreemde.email)
    response = client.submit(
        f"/beheer/gebruikers/{collega.id}",
        {
            "naam": collega.naam,
            "email": collega.email,
            "rol": "klantmanager",
            "actief": "y",
            "kwaliteit": "y",
        },
        token_from="/beheer/gebruikers/nieuw",
    )
    assert response.status_code == 404
    assert Gebruiker.get_by_id(collega.id).kwaliteit is False
    regel = Auditregel.get(
        (Auditregel.actie == "geweigerd") & (Auditregel.object_type == "gebruiker")
    )
    assert regel.object_id == str(collega.id) and regel.gebruiker_id == vreemde.id
    auth.logout()
    auth.login(collega.email)
    assert client.get("/kalibratie/casussen").status_code == 403
