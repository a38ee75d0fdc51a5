"""The beheerder reads and exports the audit log of their own organisation."""

from models import Auditregel


def test_beheerder_filters_the_log_by_klant_and_action(
    client, auth, make_gebruiker, make_klant, meting, make_organisatie
):
    km = make_gebruiker("klantmanager")
    auth.login(km.email)
    klant = make_klant(km.organisatie, achternaam="Bekeken")
    andere = make_klant(km.organisatie, achternaam="Ander")
    client.get(f"/klanten/{klant.id}")
    client.get(f"/klanten/{andere.id}")
    auth.logout()
    # Another organisation's activity never shows.
    vreemd = make_gebruiker("klantmanager", organisatie=make_organisatie("Elders"))
    auth.login(vreemd.email)
    auth.logout()
    beheerder = make_gebruiker("beheerder", organisatie=km.organisatie)
    auth.login(beheerder.email)
    response = client.submit(
        "/beheer/audit", {"bsn": klant.bsn, "actie": "inzien"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert page.count('<tr><th scope="row">') == 1
    assert f"klant {klant.id}" in page
    # The BSN travelled in the POST body only; the page's address names the klant by id.
    assert klant.bsn not in response.request.url and f"klant={klant.id}" in response.request.url
    page = client.get("/beheer/audit").get_data(as_text=True)
    assert vreemd.naam not in page and km.naam in page


def test_export_is_csv_with_bom_and_is_itself_logged(client, logged_in):
    logged_in("beheerder")
    response = client.get("/beheer/audit/export.csv")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith("\ufefftijdstip (UTC);gebruiker;")
    assert ";inloggen;" in body
    assert "attachment" in response.headers["Content-Disposition"]
    assert Auditregel.select().where(Auditregel.actie == "exporteren").count() == 1


def test_invalid_filter_gets_a_dutch_message(client, logged_in):
    logged_in("beheerder")
    response = client.submit(
        "/beheer/audit",
        {
            "bsn": "123",
            **{"van-dag": "5", "van-maand": "3", "van-jaar": "2026"},
            **{"tot-dag": "1", "tot-maand": "3", "tot-jaar": "2026"},
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul een geldig BSN in" in page
    assert "De einddatum mag niet voor de begindatum liggen." in page


def test_only_the_beheerder_reads_the_log(client, logged_in):
    logged_in("klantmanager")
    assert client.get("/beheer/audit").status_code == 403
    assert client.get("/beheer/audit/export.csv").status_code == 403


def test_a_bsn_in_the_address_is_not_used(client, logged_in, make_klant):
    beheerder = logged_in("beheerder")
    klant = make_klant(beheerder.organisatie)
    response = client.get(f"/beheer/audit?bsn={klant.bsn}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Een BSN in de adresbalk wordt niet gebruikt" in page
    assert f'value="{klant.bsn}"' not in page


def test_bulk_reads_of_own_klanten_by_others_show_in_the_log(
    client, auth, make_gebruiker, make_klant
):
    """A search that showed the klant is a line about that klant, found by its BSN."""
    km = make_gebruiker("klantmanager")
    klant = make_klant(km.organisatie, achternaam="Gezocht")
    make_klant(km.organisatie, achternaam="Gezochter")
    auth.login(km.email)
    client.submit("/klanten", {"q": "gezocht"})
    auth.logout()
    auth.login(make_gebruiker("beheerder", organisatie=km.organisatie).email)
    response = client.submit("/beheer/audit", {"bsn": klant.bsn}, follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "zoekresultaat" in page and "2 getoond" in page
