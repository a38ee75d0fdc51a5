"""Who sees which numbers: a klantmanager only their own metingen and team's (a changed query
string widens nothing, and is logged), other organisations nothing, a beheerder no reports.
Every view and download is logged; the downloads hold the cells of the page."""

import pytest

from models import Auditregel, Team, Toegang
from tests.test_rapporten_gegevens import (
    PEIL,
    Gegevens,
    csv_cellen,
    rij,
    tabellen,
    xlsx_cellen,
)

PEIL_QUERY = "peildatum-dag=31&peildatum-maand=12&peildatum-jaar=2025"
RAPPORTEN = ("stand", "caseloads", "stromen", "inschattingen", "te-meten", "jaaroverzicht")


@pytest.fixture
def gemeente(make_organisatie, make_gebruiker):
    """Two teams: A with three klanten on trede 4, B with five on trede 2."""
    org = make_organisatie("Gemeente Teamstad")
    team_a = Team.create(organisatie=org, naam="Team A")
    team_b = Team.create(organisatie=org, naam='=HYPERLINK("http://x")')
    km_b = make_gebruiker("klantmanager", organisatie=org, team=team_b, naam="Klantmanager B")
    g = Gegevens(org, km_b)
    for klant in g.klanten(3):
        g.meting(klant, 4, "+", team=team_a.id)
    for klant in g.klanten(5):
        g.meting(klant, 2, "0", team=team_b.id, klantmanager=km_b.id)
    g.opslaan()
    return {"org": org, "a": team_a, "b": team_b, "km_b": km_b, "gegevens": g}


def _stand(client, query: str = "") -> dict[str, list[str]]:
    page = client.get(f"/rapporten/stand?{PEIL_QUERY}{query}").get_data(as_text=True)
    tabel = tabellen(page)["Stand per trede"]
    return {t: rij(tabel, f"Trede {t}:")[1] for t in ("4", "2")}


def _geweigerd() -> list[Auditregel]:
    return list(
        Auditregel.select().where(
            (Auditregel.actie == "geweigerd") & (Auditregel.object_type == "rapport")
        )
    )


def test_a_klantmanager_sees_only_their_team(client, logged_in, gemeente):
    logged_in("klantmanager", organisatie=gemeente["org"], team=gemeente["a"])
    assert _stand(client) == {"4": "3", "2": "0"}
    for query in (
        f"&team={gemeente['b'].id}",
        f"&klantmanager={gemeente['km_b'].id}",
        "&team=999",
    ):
        response = client.get(f"/rapporten/stand?{PEIL_QUERY}{query}")
        page = response.get_data(as_text=True)
        assert response.status_code == 403
        assert "Geen toegang tot deze selectie" in page
        assert "Stand per trede" not in page and "<svg" not in page
        download = client.get(f"/rapporten/stand.csv?{PEIL_QUERY}{query}")
        assert download.status_code == 403 and download.mimetype == "text/html"
    vergelijk = f"&vergelijk=team&teams={gemeente['a'].id}&teams={gemeente['b'].id}"
    assert client.get(f"/rapporten/caseloads?{PEIL_QUERY}{vergelijk}").status_code == 403
    regels = _geweigerd()
    assert len(regels) == 7 and all(r.resultaat == "geweigerd" for r in regels)
    assert f"team={gemeente['b'].id}" in regels[0].omschrijving
    # Comparing "all" teams shows only the one in reach.
    page = client.get(f"/rapporten/caseloads?{PEIL_QUERY}&vergelijk=team").get_data(as_text=True)
    assert "Team A: aantal" in page and "HYPERLINK" not in page


def test_the_klantmanager_of_team_b_sees_team_b(client, auth, gemeente):
    auth.login(gemeente["km_b"].email)
    assert _stand(client) == {"4": "0", "2": "5"}


def test_another_organisation_never_sees_these_numbers(
    client, logged_in, gemeente, make_organisatie
):
    vreemd = make_organisatie("Gemeente Elders")
    logged_in("manager", organisatie=vreemd)
    assert _stand(client) == {"4": "0", "2": "0"}
    for query in (f"&organisatie={gemeente['org'].id}", f"&team={gemeente['a'].id}"):
        assert client.get(f"/rapporten/stand?{PEIL_QUERY}{query}").status_code == 403
        assert client.get(f"/rapporten/stand.xlsx?{PEIL_QUERY}{query}").status_code == 403
    assert len(_geweigerd()) == 4


def test_a_partner_counts_only_its_own_klanten(client, logged_in, gemeente, make_organisatie):
    partner = make_organisatie("Re-integratie BV", soort="reintegratiebedrijf")
    g = Gegevens(partner, gemeente["km_b"])
    for klant in g.klanten(2, organisatie=partner):
        g.meting(klant, 4, "0")
    g.opslaan()
    gebruiker = logged_in("partner", organisatie=partner)
    eigen = gemeente["gegevens"]
    klant = eigen.klanten(1)[0]
    eigen.meting(klant, 2, "+")
    eigen.opslaan()
    Toegang.create(klant=klant, organisatie=partner, begindatum=PEIL, verleend_door=gebruiker)
    assert _stand(client) == {"4": "2", "2": "0"}


@pytest.mark.parametrize("pad", ["/rapporten", "/rapporten/stand", "/rapporten/stand.csv"])
def test_a_beheerder_has_no_reports(client, logged_in, pad):
    logged_in("beheerder")
    assert client.get(pad).status_code == 403
    assert "Rapportages" not in client.get("/").get_data(as_text=True)


def test_every_report_opens_with_its_defaults(client, logged_in, gemeente):
    logged_in("manager", organisatie=gemeente["org"])
    assert 'href="/rapporten"' in client.get("/").get_data(as_text=True)
    for naam in RAPPORTEN:
        response = client.get(f"/rapporten/{naam}")
        assert response.status_code == 200, naam
    regels = Auditregel.select().where(
        (Auditregel.actie == "inzien") & (Auditregel.object_type == "rapport")
    )
    assert [r.omschrijving for r in regels.order_by(Auditregel.id)] == [
        "Stand per peildatum",
        "Caseloads naast elkaar",
        "Stromen tussen twee peildata",
        "Inschattingen uitgekomen?",
        "Te meten",
        "Jaaroverzicht",
    ]


def test_downloads_hold_the_cells_of_the_page_and_are_logged(client, logged_in, gemeente):
    logged_in("manager", organisatie=gemeente["org"])
    page = client.get(f"/rapporten/stand?{PEIL_QUERY}").get_data(as_text=True)
    csv = client.get(f"/rapporten/stand.csv?{PEIL_QUERY}")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "attachment" in csv.headers["Content-Disposition"]
    inhoud = csv.get_data()
    assert inhoud.startswith(b"\xef\xbb\xbf")
    regels = inhoud.decode("utf-8-sig").splitlines()
    assert regels[0] == "Stand per trede"
    assert regels[1] == "Trede;Aantal klanten;% van de ladder;Waarvan +;% met +"
    assert regels[4] == "Trede 4: Onbetaald werk;3;37,5;3;100,0"
    pagina = tabellen(page)["Stand per trede"]
    assert [r.split(";")[:2] for r in regels[2:9]] == [r[:2] for r in pagina[1:8]]
    xlsx = client.get(f"/rapporten/stand.xlsx?{PEIL_QUERY}")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert xlsx_cellen(xlsx.get_data()) == csv_cellen(inhoud)
    export = Auditregel.select().where(Auditregel.actie == "exporteren")
    assert [(r.object_type, r.object_id, r.omschrijving) for r in export] == [
        ("rapport", "stand.csv", "Stand per peildatum"),
        ("rapport", "stand.xlsx", "Stand per peildatum"),
    ]


def test_downloads_neutralise_formulas(client, logged_in, gemeente):
    logged_in("manager", organisatie=gemeente["org"])
    query = f"{PEIL_QUERY}&vergelijk=team"
    tekst = client.get(f"/rapporten/caseloads.csv?{query}").get_data().decode("utf-8-sig")
    assert '\'=HYPERLINK(""http://x""): aantal' in tekst
    assert ";=HYPERLINK" not in tekst
    inschattingen = client.get(
        "/rapporten/inschattingen.csv?van-dag=1&van-maand=1&van-jaar=2025"
        "&tot-dag=31&tot-maand=12&tot-jaar=2025"
    ).get_data(as_text=True)
    assert "Totaal;'+;" in inschattingen and "Totaal;0;" in inschattingen
    blad = xlsx_cellen(client.get(f"/rapporten/caseloads.xlsx?{query}").get_data())[0]
    assert '=HYPERLINK("http://x"): aantal' in blad[1]  # a text cell: see test_downloads
