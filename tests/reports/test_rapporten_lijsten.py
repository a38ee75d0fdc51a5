"""Te meten (next meetdatum due, the latest meting older than twelve months, or never
measured) and the jaaroverzicht for the council (31 December or 30 June against a year
earlier, per subgroep)."""

import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from models import (
    Auditregel,
    Gemeente,
    Klant,
    Meting,
    MetingSubgroep,
    OrganisatieGemeente,
    OrganisatieSubgroep,
    Team,
)
from reports.filters import Bereik, Filter
from reports.jaaroverzicht import jaaroverzicht
from reports.te_meten import maanden_terug, te_meten
from tests.reports.test_rapporten_gegevens import Gegevens, rij, tabellen
from tests.views.test_pdf import assert_pdfa_2a

D = datetime.date
PEIL = D(2026, 3, 2)


@pytest.fixture
def org(make_organisatie):
    return make_organisatie("Gemeente Lijstdorp")


@pytest.fixture
def gegevens(org, make_gebruiker):
    return Gegevens(org, make_gebruiker("klantmanager", organisatie=org))


def bouw_te_meten(g: Gegevens, km) -> dict[str, int]:
    """p overdue, q due within four weeks, r later, s older than a year, t left, u anonymised."""
    ids = dict(zip("pqrstu", g.klanten(6), strict=True))
    rijen = {
        "p": (D(2025, 8, 1), D(2026, 2, 1), "jaarlijks"),
        "q": (D(2025, 9, 1), D(2026, 3, 20), "jaarlijks"),
        "r": (D(2025, 6, 1), D(2026, 6, 1), "jaarlijks"),
        "s": (D(2024, 12, 1), D(2025, 12, 1), "jaarlijks"),
        "t": (D(2024, 1, 1), None, "uitstroom"),
        "u": (D(2024, 1, 1), D(2025, 1, 1), "jaarlijks"),
    }
    for letter, (meetdatum, volgende, aanleiding) in rijen.items():
        g.meting(
            ids[letter],
            3,
            "+",
            meetdatum=meetdatum,
            volgende_meetdatum=volgende,
            aanleiding=aanleiding,
            klantmanager=km.id,
        )
    g.opslaan()
    Klant.update(geanonimiseerd=datetime.datetime(2026, 1, 1)).where(Klant.id == ids["u"]).execute()
    return ids


def test_who_is_due_for_a_meting(gegevens, org, make_gebruiker):
    km = make_gebruiker("klantmanager", organisatie=org, naam="Klantmanager K")
    ids = bouw_te_meten(gegevens, km)
    lijst = te_meten(PEIL, Filter(Bereik(org.id)))
    assert (lijst.tot, lijst.ouder_dan) == (D(2026, 3, 30), D(2025, 3, 2))
    assert [r.klant_id for r in lijst.binnenkort] == [ids["s"], ids["p"], ids["q"]]
    assert [lijst.verlopen(r) for r in lijst.binnenkort] == [True, True, False]
    assert [r.klant_id for r in lijst.verouderd] == [ids["s"]]
    assert lijst.per_klantmanager() == [("Klantmanager K", 3, 2, 1)]
    assert [r.klant_id for r in te_meten(PEIL, Filter(Bereik(org.id)), weken=0).binnenkort] == [
        ids["s"],
        ids["p"],
    ]


def test_te_meten_page_links_to_each_klant(client, logged_in, gegevens, org, make_gebruiker):
    km = make_gebruiker("klantmanager", organisatie=org, naam="Klantmanager K")
    ids = bouw_te_meten(gegevens, km)
    logged_in("manager", organisatie=org)
    page = client.get(
        "/rapporten/te-meten?peildatum-dag=2&peildatum-maand=3&peildatum-jaar=2026&weken=4"
    ).get_data(as_text=True)
    assert f'href="/klanten/{ids["p"]}"' in page and f'href="/klanten/{ids["r"]}"' not in page
    alle = tabellen(page)
    assert rij(alle["Per klantmanager"], "Klantmanager K") == ["Klantmanager K", "3", "2", "1"]
    lijst = alle["Volgende meetdatum verlopen of binnen 4 weken"]
    assert lijst[3][1:] == [
        "Klant 00002",
        str(ids["q"]),
        "",
        "3+",
        "01-09-2025",
        "20-03-2026",
        "binnenkort",
    ]
    assert client.get("/rapporten/te-meten?weken=60").status_code == 422


VOOR_PEIL = datetime.datetime(2026, 1, 5, 9, 0)


def bouw_nooit_gemeten(g: Gegevens, org, km, ander, team, gemeente, make_organisatie):
    """Klanten without a counted meting: some never measured at the peildatum, some not."""
    klanten = {}
    for letter, velden in {
        "v": {"klantmanager": km.id, "aangemaakt": datetime.datetime(2025, 6, 1, 8, 0)},
        "w": {"klantmanager": km.id, "aangemaakt": VOOR_PEIL},  # only a concept
        "x": {"klantmanager": km.id, "aangemaakt": VOOR_PEIL},  # measured after PEIL
        "y": {"klantmanager": ander.id, "team": team.id, "aangemaakt": VOOR_PEIL},
        "z": {"aangemaakt": VOOR_PEIL, "gemeente": gemeente.id},  # no klantmanager
        # 2 March, 23:30 in the Netherlands: still on the peildatum.
        "laat": {"klantmanager": km.id, "aangemaakt": datetime.datetime(2026, 3, 2, 22, 30)},
        # 3 March, 00:30 in the Netherlands: registered after the peildatum.
        "na": {"klantmanager": km.id, "aangemaakt": datetime.datetime(2026, 3, 2, 23, 30)},
        "anoniem": {"klantmanager": km.id, "aangemaakt": VOOR_PEIL},
        "elders": {"aangemaakt": VOOR_PEIL, "organisatie": make_organisatie("Gemeente Elders")},
    }.items():
        klanten[letter] = g.klanten(1, **velden)[0]
    g.meting(klanten["w"], 3, "+", status="concept", meetdatum=D(2026, 2, 1), definitief_op=None)
    g.meting(klanten["x"], 3, "+", meetdatum=D(2026, 3, 10))
    g.opslaan()
    Klant.update(geanonimiseerd=datetime.datetime(2026, 2, 1)).where(
        Klant.id == klanten["anoniem"]
    ).execute()
    return klanten


@pytest.fixture
def nooit(gegevens, org, make_gebruiker, make_organisatie):
    """The lists of bouw_te_meten plus those of bouw_nooit_gemeten; (ids, km, ander, team)."""
    km = make_gebruiker("klantmanager", organisatie=org, naam="Klantmanager K")
    team = Team.create(organisatie=org, naam="Activering")
    ander = make_gebruiker("klantmanager", organisatie=org, naam="Anne Ander", team=team)
    gemeente = Gemeente.create(cbs_code="9997", naam="Lijstdorp")
    OrganisatieGemeente.create(organisatie=org, gemeente=gemeente)
    ids = bouw_te_meten(gegevens, km)
    ids |= bouw_nooit_gemeten(gegevens, org, km, ander, team, gemeente, make_organisatie)
    return ids, km, ander, team, gemeente


def test_klanten_never_measured_are_listed(nooit, org):
    ids, km, ander, team, gemeente = nooit
    lijst = te_meten(PEIL, Filter(Bereik(org.id)))
    # Not the measured p-s, the uitgestroomde t, the anonymised, another organisation's klant
    # or one registered after the peildatum; x is measured only after it, so it is listed.
    assert [(r.klantmanager, r.klant_id) for r in lijst.nooit_gemeten] == [
        ("Anne Ander", ids["y"]),
        ("Klantmanager K", ids["v"]),
        ("Klantmanager K", ids["w"]),
        ("Klantmanager K", ids["x"]),
        ("Klantmanager K", ids["laat"]),
        ("(geen klantmanager)", ids["z"]),
    ]
    v = lijst.nooit_gemeten[1]
    assert (v.naam, v.team, v.ingeschreven) == ("Klant 00007", "", D(2025, 6, 1))
    assert lijst.nooit_gemeten[0].team == "Activering"
    # The laat klant was registered at 23:30 Dutch time on the peildatum itself.
    assert lijst.nooit_gemeten[4].ingeschreven == PEIL
    # Once measured, a klant leaves the list: x has its meting on 10 March.
    later = te_meten(D(2026, 3, 10), Filter(Bereik(org.id)))
    assert ids["x"] not in [r.klant_id for r in later.nooit_gemeten]
    assert ids["na"] in [r.klant_id for r in later.nooit_gemeten]


def test_never_measured_within_reach_and_filter(nooit, org):
    ids, km, ander, team, gemeente = nooit

    def klanten(filter_):
        return [r.klant_id for r in te_meten(PEIL, filter_).nooit_gemeten]

    eigen = Bereik(org.id, beperkt=True, klantmanager_id=km.id)
    assert klanten(Filter(eigen)) == [ids["v"], ids["w"], ids["x"], ids["laat"]]
    van_team = Bereik(org.id, beperkt=True, klantmanager_id=km.id, team_id=team.id)
    assert klanten(Filter(van_team)) == [ids["y"], ids["v"], ids["w"], ids["x"], ids["laat"]]
    alles = Filter(Bereik(org.id))
    assert klanten(alles.met(team_id=team.id)) == [ids["y"]]
    assert klanten(alles.met(klantmanager_id=ander.id)) == [ids["y"]]
    assert klanten(alles.met(gemeente_id=gemeente.id)) == [ids["z"]]
    # These choose on a meting, which a klant never measured does not have.
    assert klanten(alles.met(aanleiding="jaarlijks")) == []
    assert klanten(alles.met(subgroep="1")) == []
    assert klanten(alles.met(kenmerken=(("laaggeletterd", "nee"),))) == []


def test_te_meten_page_shows_own_never_measured_klanten(client, auth, logged_in, nooit, org):
    ids, km, ander, team, gemeente = nooit
    url = "/rapporten/te-meten?peildatum-dag=2&peildatum-maand=3&peildatum-jaar=2026&weken=4"
    logged_in("klantmanager", organisatie=org, team=team)
    page = client.get(url).get_data(as_text=True)
    lijst = tabellen(page)["Nog nooit gemeten"]
    assert lijst[0] == ["Klantmanager", "Klant", "Klantnummer", "Team", "Ingeschreven op"]
    assert lijst[1:] == [["Anne Ander", "Klant 00010", str(ids["y"]), "Activering", "05-01-2026"]]
    assert f'href="/klanten/{ids["y"]}"' in page and f'href="/klanten/{ids["v"]}"' not in page
    # The manager sees every never-measured klant of the organisation.
    auth.logout()
    logged_in("manager", organisatie=org)
    page = client.get(url).get_data(as_text=True)
    namen = [rij[1] for rij in tabellen(page)["Nog nooit gemeten"][1:]]
    assert len(namen) == 6 and f'href="/klanten/{ids["z"]}"' in page
    leeg = client.get(url + "&aanleiding=jaarlijks").get_data(as_text=True)
    assert "Nog nooit gemeten" in leeg and "Nog nooit gemeten" not in tabellen(leeg)
    # The download holds the same list, as a sheet of its own.
    xlsx = client.get(url.replace("/te-meten?", "/te-meten.xlsx?"))
    assert xlsx.status_code == 200
    blad = load_workbook(io.BytesIO(xlsx.get_data()), read_only=True)["Nooit gemeten"]
    rijen = [[c for c in r if c is not None] for r in blad.iter_rows(values_only=True)]
    assert ["Klantmanager", "Klant", "Klantnummer", "Team", "Ingeschreven op"] in rijen
    assert sum(1 for r in rijen if len(r) > 1 and r[1] in namen) == 6


def test_months_back_keeps_the_end_of_the_month():
    assert maanden_terug(D(2026, 3, 31), 1) == D(2026, 2, 28)
    assert maanden_terug(D(2024, 2, 29), 12) == D(2023, 2, 28)
    assert maanden_terug(D(2026, 1, 15), 12) == D(2025, 1, 15)


def bouw_jaren(g: Gegevens, org) -> None:
    """Subgroep 1: k1 rises 2 -> 3, k2 stays 4+; subgroep 4: k3 new on 1+; own: k4 on 5."""
    OrganisatieSubgroep.create(organisatie=org, code="statushouder", naam="Statushouders")
    k1, k2, k3, k4 = g.klanten(4)
    for klant, trede, groei, datum in (
        (k1, 2, "0", D(2024, 5, 1)),
        (k2, 4, "+", D(2024, 5, 1)),
        (k1, 3, "+", D(2025, 5, 1)),
        (k2, 4, "+", D(2025, 5, 1)),
    ):
        g.meting(klant, trede, groei, meetdatum=datum)
    g.opslaan(subgroep="1")
    g.meting(k3, 1, "+", meetdatum=D(2025, 9, 1))
    g.opslaan()
    laatste = Meting.select().where(Meting.klant == k3).get()
    MetingSubgroep.create(meting=laatste, subgroep="4")
    g.meting(k4, 5, "0", meetdatum=D(2024, 1, 1))
    g.meting(k4, 5, "0", meetdatum=D(2025, 7, 1))
    g.opslaan()
    for meting in Meting.select().where(Meting.klant == k4):
        MetingSubgroep.create(meting=meting, subgroep="statushouder")


def test_jaaroverzicht_per_subgroep(gegevens, org):
    bouw_jaren(gegevens, org)
    overzicht = jaaroverzicht(2025, "12-31", Filter(Bereik(org.id)))
    assert (overzicht.peildatum, overzicht.vorige_peildatum) == (D(2025, 12, 31), D(2024, 12, 31))
    assert [(v.code, v.naam) for v in overzicht.subgroepen] == [
        ("1", "Burger met gemeentelijke uitkering"),
        ("4", "Inburgeraar"),
        ("statushouder", "Statushouders"),
    ]
    een = overzicht.subgroepen[0]
    assert [een.vorig.rij(t).aantal for t in (4, 3, 2)] == [1, 0, 1]
    assert [een.nu.rij(t).aantal for t in (4, 3, 2)] == [1, 1, 0]
    assert overzicht.totaal.nu.op_ladder == 4 and overzicht.totaal.vorig.op_ladder == 3
    juni = jaaroverzicht(2025, "06-30", Filter(Bereik(org.id)))
    assert juni.totaal.nu.op_ladder == 3  # k3 was measured in September


def test_jaaroverzicht_page(client, logged_in, gegevens, org):
    bouw_jaren(gegevens, org)
    logged_in("manager", organisatie=org)
    page = client.get("/rapporten/jaaroverzicht?jaar=2025&moment=12-31").get_data(as_text=True)
    alle = tabellen(page)
    totaal = alle["Alle klanten"]
    assert totaal[0] == [
        "Trede",
        "Aantal 2024",
        "Aantal 2025",
        "Verschil",
        "Waarvan + 2024",
        "Waarvan + 2025",
    ]
    assert rij(totaal, "Trede 1:")[1:4] == ["0", "1", "1"]
    assert rij(totaal, "Trede 2:")[1:4] == ["1", "0", "-1"]
    assert rij(totaal, "Totaal op de ladder")[1:4] == ["3", "4", "1"]
    assert rij(alle["Subgroep 4: Inburgeraar"], "Trede 1:")[1:] == ["0", "1", "1", "0", "1"]
    assert "Subgroep statushouder: Statushouders" in alle


def test_jaaroverzicht_as_pdf_with_its_charts(client, logged_in, gegevens, org):
    bouw_jaren(gegevens, org)
    manager = logged_in("manager", organisatie=org, naam="Mieke Manager")
    query = "jaar=2025&moment=12-31"
    page = client.get(f"/rapporten/jaaroverzicht?{query}").get_data(as_text=True)
    assert 'href="/rapporten/jaaroverzicht.pdf?jaar=2025&amp;moment=12-31"' in page
    response = client.get(f"/rapporten/jaaroverzicht.pdf?{query}&subgroep=")
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    assert 'filename="jaaroverzicht-2025-' in response.headers["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.data))
    tekst = "\n".join(pagina.extract_text() for pagina in reader.pages)
    for verwacht in (
        "Jaaroverzicht participatieladder 2025",
        "Gemeente Lijstdorp",
        "Stand op 31 december 2025 naast 31 december 2024",
        "Alle klanten per trede",
        "Stand op 31-12-2025: 4 klanten op de ladder",
        "Stand op 31-12-2024: 3 klanten op de ladder",
        "Subgroep 4: Inburgeraar",
        "Subgroep statushouder: Statushouders",
        "Geprint op",
        "Mieke Manager",
    ):
        assert verwacht in tekst, verwacht
    regels = [" ".join(r.split()) for r in tekst.splitlines()]
    # The table of all klanten: trede, 2024, 2025, difference, + 2024, + 2025.
    assert "Trede 1: Geïsoleerd 0 1 1 0 1" in regels
    assert "Trede 2: Sociale contacten buiten de deur 1 0 -1 0 0" in regels
    assert "Totaal op de ladder 3 4 1 – –" in regels
    # The charts, this year and the year before: the text next to each bar.
    assert "Trede 1 1, waarvan +: 1" in regels and "Trede 2 1, waarvan +: 0" in regels
    assert_pdfa_2a(response.data, "Jaaroverzicht participatieladder 2025", "Gemeente Lijstdorp")
    regel = Auditregel.get(Auditregel.actie == "printen")
    assert (regel.object_type, regel.object_id, regel.omschrijving, regel.gebruiker_id) == (
        "rapport",
        "jaaroverzicht.pdf",
        "Jaaroverzicht 2025",
        manager.id,
    )


def test_jaaroverzicht_pdf_shows_the_selection_and_refuses_outside_reach(
    client, logged_in, gegevens, org, make_organisatie
):
    bouw_jaren(gegevens, org)
    logged_in("manager", organisatie=org)
    response = client.get("/rapporten/jaaroverzicht.pdf?jaar=2025&moment=06-30&subgroep=1")
    tekst = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    assert "Stand op 30 juni 2025 naast 30 juni 2024" in tekst
    assert "Subgroep" in tekst and "1. Burger met gemeentelijke uitkering" in tekst
    vreemd = make_organisatie("Gemeente Elders")
    te_ver = client.get(f"/rapporten/jaaroverzicht.pdf?jaar=2025&organisatie={vreemd.id}")
    assert te_ver.status_code == 403 and te_ver.mimetype == "text/html"
    assert client.get("/rapporten/jaaroverzicht.pdf?jaar=1").status_code == 422
    assert Auditregel.select().where(Auditregel.actie == "printen").count() == 1
