"""Report 7, the benchmark: organisations that opted in compared on the stand and the share
with +, aggregates only, small numbers suppressed; who may see it; the opt-in setting."""

import datetime
import re

import pytest

from models import Auditregel, Gemeente, Meting, MetingSubgroep, Organisatie, OrganisatieGemeente
from reports.benchmark import DREMPEL, NIET_GETOOND, TE_WEINIG, benchmark
from tests.reports.test_rapporten_gegevens import (
    PEIL,
    Gegevens,
    csv_cellen,
    rij,
    tabellen,
    xlsx_cellen,
)

DAG = datetime.timedelta(days=1)
PEIL_QUERY = "peildatum-dag=31&peildatum-maand=12&peildatum-jaar=2025"

# Gemeente Aadorp: trede -> (aantal, waarvan +); 40 klanten on the ladder.
AADORP = {6: (4, 0), 5: (6, 3), 4: (10, 5), 3: (8, 2), 2: (7, 0), 1: (5, 5)}


def _vul(g: Gegevens, treden: dict[int, tuple[int, int]], **klant) -> None:
    """Klanten on each trede, the first `plus` of them with +."""
    for trede, (aantal, plus) in treden.items():
        for n, klant_id in enumerate(g.klanten(aantal, **klant)):
            g.meting(klant_id, trede, None if trede == 6 else ("+" if n < plus else "0"))


@pytest.fixture
def drie(make_organisatie, make_gebruiker):
    """Aadorp (opted in, 40 on the ladder, codes, noise), Beedorp (opted in, 9 on the ladder
    and 3 with a code: too few) and Ceestad (not opted in, 60 klanten)."""
    orgs = {}
    for sleutel, naam, mee in (
        ("a", "Gemeente Aadorp", True),
        ("b", "Gemeente Beedorp", True),
        ("c", "Gemeente Ceestad", False),
    ):
        org = make_organisatie(naam)
        org.benchmark_deelname = mee
        org.save()
        orgs[sleutel] = org
    a = Gegevens(orgs["a"], make_gebruiker("klantmanager", organisatie=orgs["a"]))
    _vul(a, AADORP)
    for code, aantal in ((0, 2), (8, 1)):
        for klant in a.klanten(aantal):
            a.meting(klant, code)
    for klant in a.klanten(3):  # left the ladder before the peildatum
        a.meting(klant, 4, "+", meetdatum=PEIL - 100 * DAG)
        a.meting(klant, 6, None, meetdatum=PEIL - 10 * DAG, aanleiding="uitstroom")
    for klant in a.klanten(2):  # only a concept, and a meting after the peildatum
        a.meting(klant, 3, "+", status="concept")
        a.meting(klant, 3, "+", meetdatum=PEIL + DAG)
    a.klanten(4)  # never measured
    a.opslaan()
    b = Gegevens(orgs["b"], make_gebruiker("klantmanager", organisatie=orgs["b"]))
    _vul(b, {4: (5, 5), 2: (4, 0)})
    for klant in b.klanten(3):
        b.meting(klant, 9)
    b.opslaan()
    c = Gegevens(orgs["c"], make_gebruiker("klantmanager", organisatie=orgs["c"]))
    _vul(c, {6: (30, 0), 1: (30, 30)})
    c.opslaan()
    return orgs


VERDELING_KOP = [
    "Organisatie",
    "Gemeente",
    "Klanten geteld",
    "Op de ladder",
    *(f"Trede {t} (%)" for t in (6, 5, 4, 3, 2, 1)),
    "Code 0",
    "Code 8",
    "Code 9",
]
AADORP_VERDELING = [
    "Gemeente Aadorp (uw organisatie)",
    "Alle",
    "43",
    "40",
    "10,0",
    "15,0",
    "25,0",
    "20,0",
    "17,5",
    "12,5",
    "2",
    "1",
    "0",
]
AADORP_GROEI = [
    "Gemeente Aadorp (uw organisatie)",
    "Alle",
    "50,0",
    "50,0",
    "25,0",
    "0,0",
    "100,0",
    "37,5",
]


def test_the_numbers_from_the_query(drie):
    uitkomst = benchmark(PEIL, None, drie["a"].id)
    assert [(r.organisatie, r.gemeente, r.onderdrukt) for r in uitkomst.rijen] == [
        ("Gemeente Aadorp", None, ""),
        ("Gemeente Beedorp", None, TE_WEINIG),
    ]
    aadorp, beedorp = uitkomst.rijen
    assert {r.trede: (r.aantal, r.plus) for r in aadorp.stand.treden} == AADORP
    assert [(r.trede, r.aantal) for r in aadorp.stand.codes] == [(0, 2), (8, 1), (9, 0)]
    assert (aadorp.geteld, aadorp.eigen, beedorp.eigen) == (43, True, False)
    # Beedorp: 12 klanten counted but only 9 on the ladder, the base of the percentages.
    assert beedorp.stand is None and DREMPEL == 10


def test_the_page_compares_only_organisations_that_opted_in(client, logged_in, drie):
    logged_in("manager", organisatie=drie["a"])
    response = client.get(f"/rapporten/benchmark?{PEIL_QUERY}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Ceestad" not in page
    alle = tabellen(page)
    verdeling = alle["Verdeling over de treden"]
    assert verdeling[0] == VERDELING_KOP
    assert rij(verdeling, "Gemeente Aadorp") == AADORP_VERDELING
    beedorp = rij(verdeling, "Gemeente Beedorp")
    assert beedorp[:3] == ["Gemeente Beedorp", "Alle", TE_WEINIG]
    assert set(beedorp[3:]) == {"–geen"}  # no figure at all, not even the count
    groei = alle["Aandeel met groeipotentieel (+)"]
    assert groei[0][2:] == [
        *(f"Trede {t}: % met +" for t in (5, 4, 3, 2, 1)),
        "Op de ladder: % met +",
    ]
    assert rij(groei, "Gemeente Aadorp") == AADORP_GROEI
    assert rij(groei, "Gemeente Beedorp")[2] == TE_WEINIG
    # One chart, for the organisation with figures.
    assert page.count('class="rapportgrafiek"') == 1
    assert "Gemeente Aadorp (uw organisatie): 40 klanten op de ladder" in page
    inzien = Auditregel.get(Auditregel.actie == "inzien")
    assert (inzien.object_type, inzien.object_id, inzien.omschrijving) == (
        "rapport",
        "benchmark",
        "Benchmark",
    )


def test_another_participant_sees_the_same_figures_without_the_mark(client, logged_in, drie):
    logged_in("manager", organisatie=drie["b"])
    page = client.get(f"/rapporten/benchmark?{PEIL_QUERY}").get_data(as_text=True)
    verdeling = tabellen(page)["Verdeling over de treden"]
    assert rij(verdeling, "Gemeente Aadorp") == ["Gemeente Aadorp", *AADORP_VERDELING[1:]]
    assert rij(verdeling, "Gemeente Beedorp (uw organisatie)")[2] == TE_WEINIG
    assert "Ceestad" not in page


def test_downloads_hold_the_cells_of_the_page_and_are_logged(client, logged_in, drie):
    logged_in("manager", organisatie=drie["a"])
    csv = client.get(f"/rapporten/benchmark.csv?{PEIL_QUERY}")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    inhoud = csv.get_data()
    tekst = inhoud.decode("utf-8-sig")
    assert "Ceestad" not in tekst
    regels = tekst.splitlines()
    assert regels[:2] == ["Verdeling over de treden", ";".join(VERDELING_KOP)]
    assert regels[2] == ";".join(AADORP_VERDELING)
    assert regels[3] == "Gemeente Beedorp;Alle;te weinig klanten" + ";" * 10
    xlsx = client.get(f"/rapporten/benchmark.xlsx?{PEIL_QUERY}")
    assert xlsx.status_code == 200
    assert xlsx_cellen(xlsx.get_data()) == csv_cellen(inhoud)
    export = Auditregel.select().where(Auditregel.actie == "exporteren").order_by(Auditregel.id)
    assert [(r.object_type, r.object_id, r.omschrijving) for r in export] == [
        ("rapport", "benchmark.csv", "Benchmark"),
        ("rapport", "benchmark.xlsx", "Benchmark"),
    ]


def test_an_organisation_that_did_not_opt_in_sees_the_explanation(client, logged_in, drie):
    logged_in("manager", organisatie=drie["c"])
    response = client.get(f"/rapporten/benchmark?{PEIL_QUERY}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Uw organisatie doet niet mee aan de benchmark" in page
    assert "Beheer › Instellingen" in page
    assert "Aadorp" not in page and "Beedorp" not in page and "<table" not in page
    assert "Geen toegang tot deze selectie" not in page
    download = client.get(f"/rapporten/benchmark.csv?{PEIL_QUERY}")
    assert download.status_code == 403 and download.mimetype == "text/html"
    assert "Aadorp" not in download.get_data(as_text=True)
    geweigerd = Auditregel.select().where(
        (Auditregel.actie == "geweigerd") & (Auditregel.object_id == "benchmark")
    )
    assert geweigerd.count() == 2
    assert not Auditregel.select().where(Auditregel.actie.in_(("inzien", "exporteren"))).exists()


@pytest.mark.parametrize("rol", ["klantmanager", "intaker", "partner", "beheerder"])
def test_other_roles_are_refused(client, logged_in, drie, rol):
    logged_in(rol, organisatie=drie["a"])
    for pad in ("/rapporten/benchmark", "/rapporten/benchmark.csv", "/rapporten/benchmark.xlsx"):
        response = client.get(f"{pad}?{PEIL_QUERY}")
        assert response.status_code == 403, pad
        body = response.get_data(as_text=True)
        assert "Beedorp" not in body and "Verdeling over de treden" not in body
    if rol != "beheerder":
        assert "/rapporten/benchmark" not in client.get("/rapporten").get_data(as_text=True)
    geweigerd = Auditregel.select().where(Auditregel.actie == "geweigerd")
    assert geweigerd.count() == 3


def test_the_list_of_reports_links_the_benchmark_for_a_manager(client, logged_in, drie):
    logged_in("manager", organisatie=drie["a"])
    assert 'href="/rapporten/benchmark"' in client.get("/rapporten").get_data(as_text=True)


def test_an_isd_is_shown_per_gemeente_without_giving_away_a_small_one(
    make_organisatie, make_gebruiker
):
    """Xdorp 20 and Ystad 12 on the ladder, 4 without a gemeente: the 4 are suppressed, and
    Ystad with them, or the ISD's row minus Xdorp and Ystad would give the 4 away."""
    isd = make_organisatie("ISD Tweestromen", soort="isd")
    isd.benchmark_deelname = True
    isd.save()
    gemeenten = {}
    for code, naam in (("9001", "Xdorp"), ("9002", "Ystad")):
        gemeenten[naam] = Gemeente.create(cbs_code=code, naam=naam)
        OrganisatieGemeente.create(organisatie=isd, gemeente=gemeenten[naam])
    g = Gegevens(isd, make_gebruiker("klantmanager", organisatie=isd))
    _vul(g, {4: (10, 10), 2: (10, 0)}, gemeente=gemeenten["Xdorp"].id)
    _vul(g, {6: (12, 0)}, gemeente=gemeenten["Ystad"].id)
    _vul(g, {1: (4, 4)})
    g.opslaan()
    uitkomst = benchmark(PEIL, None, isd.id)
    assert [(r.gemeente, r.onderdrukt) for r in uitkomst.rijen] == [
        (None, ""),
        ("Xdorp", ""),
        ("Ystad", NIET_GETOOND),
        ("(gemeente niet vastgelegd)", TE_WEINIG),
    ]
    totaal, xdorp = uitkomst.rijen[:2]
    assert [totaal.stand.rij(t).aantal for t in (6, 4, 2, 1)] == [12, 10, 10, 4]
    assert (totaal.geteld, xdorp.geteld) == (36, 20)
    # With ten klanten more without a gemeente, every group reaches the threshold.
    _vul(g, {1: (6, 0)})
    g.opslaan()
    uitkomst = benchmark(PEIL, None, isd.id)
    assert [(r.gemeente, r.onderdrukt) for r in uitkomst.rijen[1:]] == [
        ("Xdorp", ""),
        ("Ystad", ""),
        ("(gemeente niet vastgelegd)", ""),
    ]
    assert uitkomst.rijen[3].stand.rij(1).plus == 4


def test_a_subgroep_narrows_every_organisation(drie):
    subgroep_1 = Meting.select(Meting.id).where(
        (Meting.organisatie == drie["a"]) & Meting.trede.in_((4, 5))
    )
    MetingSubgroep.insert_many([{"meting": m.id, "subgroep": "1"} for m in subgroep_1]).execute()
    uitkomst = benchmark(PEIL, "1", drie["a"].id)
    aadorp, beedorp = uitkomst.rijen
    assert aadorp.stand.op_ladder == 16 and aadorp.stand.rij(5).plus == 3
    assert beedorp.onderdrukt == TE_WEINIG
    assert benchmark(PEIL, "2", drie["a"].id).rijen[0].onderdrukt == TE_WEINIG


# --- the opt-in setting ---


def test_the_beheerder_opts_in_and_out(client, logged_in, drie):
    beheerder = logged_in("beheerder", organisatie=drie["c"])
    page = client.get("/beheer/instellingen").get_data(as_text=True)
    assert "Meedoen aan de benchmark" in page and "doet nu <strong>niet mee</strong>" in page
    vinkje = re.search(r'<input[^>]*name="bm-benchmark_deelname"[^>]*>', page).group(0)
    assert "checked" not in vinkje
    response = client.submit(
        "/beheer/benchmark", {"bm-benchmark_deelname": "y"}, token_from="/beheer/instellingen"
    )
    assert response.status_code == 303
    drie["c"] = Organisatie.get_by_id(drie["c"].id)
    assert drie["c"].benchmark_deelname is True
    assert "doet nu <strong>mee</strong>" in client.get("/beheer/instellingen").get_data(
        as_text=True
    )
    # Saving the other settings leaves the benchmark alone.
    client.submit(
        "/beheer/instellingen",
        {"standaard_interval_maanden": "6", "bewaartermijn_jaren": "5"},
    )
    assert Organisatie.get_by_id(drie["c"].id).benchmark_deelname is True
    client.submit("/beheer/benchmark", {}, token_from="/beheer/instellingen")
    assert Organisatie.get_by_id(drie["c"].id).benchmark_deelname is False
    regels = Auditregel.select().where(
        (Auditregel.actie == "wijzigen")
        & (Auditregel.object_type == "organisatie")
        & Auditregel.omschrijving.startswith("benchmark")
    )
    assert [
        (r.object_id, r.omschrijving, r.gebruiker_id) for r in regels.order_by(Auditregel.id)
    ] == [
        (str(drie["c"].id), "benchmark: deelname aan", beheerder.id),
        (str(drie["c"].id), "benchmark: deelname uit", beheerder.id),
    ]


def test_after_opting_in_the_organisation_appears_and_sees_the_benchmark(
    client, auth, make_gebruiker, drie
):
    beheerder = make_gebruiker("beheerder", organisatie=drie["c"])
    manager = make_gebruiker("manager", organisatie=drie["c"])
    auth.login(beheerder.email)
    client.submit(
        "/beheer/benchmark", {"bm-benchmark_deelname": "y"}, token_from="/beheer/instellingen"
    )
    auth.logout()
    auth.login(manager.email)
    page = client.get(f"/rapporten/benchmark?{PEIL_QUERY}").get_data(as_text=True)
    verdeling = tabellen(page)["Verdeling over de treden"]
    assert rij(verdeling, "Gemeente Ceestad (uw organisatie)")[2:6] == ["60", "60", "50,0", "0,0"]


@pytest.mark.parametrize("rol", ["manager", "klantmanager"])
def test_only_a_beheerder_changes_the_setting(client, logged_in, drie, rol):
    logged_in(rol, organisatie=drie["c"])
    response = client.submit("/beheer/benchmark", {"bm-benchmark_deelname": "y"}, token_from="/")
    assert response.status_code == 403
    assert Organisatie.get_by_id(drie["c"].id).benchmark_deelname is False


def test_on_one_day_the_same_meting_counts_as_in_the_stand(make_organisatie, make_gebruiker):
    """Two definitive metingen on one meetdatum: the later definitief_op counts, an empty one
    comes last, and between two empty ones the later id; on PostgreSQL the benchmark finds
    them in one pass over the index (DISTINCT ON), so it is checked against the stand."""
    from reports.filters import Bereik, Filter
    from reports.stand import stand

    org = make_organisatie("Gemeente Gelijkdorp")
    org.benchmark_deelname = True
    org.save()
    g = Gegevens(org, make_gebruiker("klantmanager", organisatie=org))
    _vul(g, {2: (10, 0)})
    bevestigd = datetime.datetime(2026, 1, 1, 9, 0)
    later, eerder, leeg = g.klanten(3)
    g.meting(later, 5, "+", definitief_op=bevestigd + DAG)
    g.meting(later, 3, "0", definitief_op=bevestigd)
    g.meting(eerder, 1, "+", definitief_op=bevestigd)
    g.meting(eerder, 4, "0", definitief_op=None)
    g.meting(leeg, 6, None, definitief_op=None)
    g.meting(leeg, 3, "+", definitief_op=None)
    g.opslaan()
    rij = next(r for r in benchmark(PEIL, None, org.id).rijen if r.organisatie_id == org.id)
    verwacht = {6: (0, 0), 5: (1, 1), 4: (0, 0), 3: (1, 1), 2: (10, 0), 1: (1, 1)}
    assert {r.trede: (r.aantal, r.plus) for r in rij.stand.treden} == verwacht
    in_stand = stand(PEIL, Filter(Bereik(org.id))).treden
    assert {r.trede: (r.aantal, r.plus) for r in in_stand} == verwacht
