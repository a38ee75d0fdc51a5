"""The stand per peildatum (Figure 2.2): which meting counts, the published numbers on the
page and from the query, the splits, the filters and the caseloads side by side."""

import datetime

import pytest

from models import Gemeente, Klant, Meting, MetingSubgroep, Team
from reports.filters import Bereik, Filter
from reports.peil import trede_per_klant
from reports.stand import caseloads, stand
from tests.reports.test_rapporten_gegevens import PEIL, Gegevens, rij, tabellen

# Figure 2.2: trede -> (totaal, waarvan +).
FIGUUR_2_2 = {
    6: (235, 0),
    5: (680, 600),
    4: (700, 300),
    3: (789, 350),
    2: (1207, 307),
    1: (1900, 1000),
}
DAG = datetime.timedelta(days=1)
PEIL_QUERY = "peildatum-dag=31&peildatum-maand=12&peildatum-jaar=2025"


@pytest.fixture
def org(make_organisatie):
    return make_organisatie("Gemeente Peildorp")


@pytest.fixture
def gegevens(org, make_gebruiker):
    return Gegevens(org, make_gebruiker("klantmanager", organisatie=org))


def _ruis(g: Gegevens, klant: int, trede: int, n: int) -> None:
    """Metingen that must not change the count: older, later, concept, replaced, rejected."""
    andere = 1 if trede != 1 else 2
    if n % 5 == 0:
        g.meting(klant, andere, "+", meetdatum=PEIL - 400 * DAG, aanleiding="intake")
    if n % 7 == 0:
        g.meting(klant, andere, "+", meetdatum=PEIL + DAG)
    if n % 11 == 0:
        g.meting(klant, andere, "+", status="concept", meetdatum=PEIL)
    if n % 13 == 0:
        g.meting(klant, andere, "0", status="vervangen", meetdatum=PEIL)
    if n % 17 == 0:
        g.meting(klant, andere, "+", status="afgewezen", meetdatum=PEIL)
        g.meting(klant, andere, "+", status="ter_beoordeling", meetdatum=PEIL)


def bouw_figuur_2_2(g: Gegevens, andere_organisatie) -> None:
    """Exactly the klanten of Figure 2.2, plus codes, uitstroom, strangers and noise."""
    ids = iter(g.klanten(sum(aantal for aantal, _ in FIGUUR_2_2.values())))
    for trede, (aantal, plus) in FIGUUR_2_2.items():
        for n in range(aantal):
            klant = next(ids)
            g.meting(klant, trede, None if trede == 6 else ("+" if n < plus else "0"))
            _ruis(g, klant, trede, n)
    for code, aantal in ((0, 12), (8, 7), (9, 3)):
        for klant in g.klanten(aantal):
            g.meting(klant, code, None)
    for klant in g.klanten(40):  # left the ladder before the peildatum
        g.meting(klant, 4, "+", meetdatum=PEIL - 300 * DAG)
        g.meting(klant, 6, None, meetdatum=PEIL - 30 * DAG, aanleiding="uitstroom")
    for klant in g.klanten(25, organisatie=andere_organisatie):
        g.meting(klant, 4, "+")
    g.klanten(10)  # never measured
    g.opslaan()


def test_figure_2_2_from_the_query(gegevens, org, make_organisatie):
    bouw_figuur_2_2(gegevens, make_organisatie("Gemeente Elders"))
    uitkomst = stand(PEIL, Filter(Bereik(org.id)))
    assert {r.trede: (r.aantal, r.plus) for r in uitkomst.treden} == FIGUUR_2_2
    assert [(r.trede, r.aantal) for r in uitkomst.codes] == [(0, 12), (8, 7), (9, 3)]
    assert uitkomst.op_ladder == 5511


def test_figure_2_2_on_the_page(client, logged_in, gegevens, org, make_organisatie):
    bouw_figuur_2_2(gegevens, make_organisatie("Gemeente Elders"))
    logged_in("manager", organisatie=org)
    response = client.get(f"/rapporten/stand?{PEIL_QUERY}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Stand op 31-12-2025" in page and "<svg" in page
    tabel = tabellen(page)["Stand per trede"]
    for trede, (aantal, plus) in FIGUUR_2_2.items():
        cellen = rij(tabel, f"Trede {trede}:")
        assert cellen[1] == str(aantal)
        assert cellen[3] == ("n.v.t." if trede == 6 else str(plus))
    assert rij(tabel, "Totaal op de ladder")[1:3] == ["5511", "100,0"]
    assert rij(tabel, "Trede 1:")[2] == "34,5"  # 1900 of 5511
    assert [rij(tabel, f"Code {c}:")[1] for c in (0, 8, 9)] == ["12", "7", "3"]
    assert "waarvan +: 600" in page  # the chart's label of trede 5


def test_which_meting_counts_at_the_peildatum(gegevens, org, make_organisatie):
    g, peil = gegevens, datetime.date(2025, 10, 31)
    a, b, c1, c2, d, e, f, h = g.klanten(8)
    g.meting(a, 2, "0", meetdatum=datetime.date(2025, 6, 1))
    g.meting(a, 5, "+", meetdatum=datetime.date(2025, 11, 15))  # after the peildatum
    g.meting(b, 3, "+", meetdatum=datetime.date(2025, 3, 1), status="vervangen")
    g.meting(c1, 6, None, meetdatum=datetime.date(2025, 10, 1), status="concept")
    g.meting(c2, 1, "+", meetdatum=datetime.date(2025, 1, 1))
    g.meting(c2, 6, None, meetdatum=datetime.date(2025, 10, 1), status="concept")
    g.meting(d, 4, "+", meetdatum=datetime.date(2025, 1, 1))
    g.meting(d, 6, None, meetdatum=datetime.date(2025, 10, 31), aanleiding="uitstroom")
    g.meting(e, 2, "+", meetdatum=datetime.date(2025, 5, 1), status="ter_beoordeling")
    g.meting(e, 2, "+", meetdatum=datetime.date(2025, 5, 1), status="afgewezen")
    # A tie on meetdatum: the later definitief_op wins, then the higher id.
    g.meting(
        f,
        3,
        "+",
        meetdatum=datetime.date(2025, 9, 1),
        definitief_op=datetime.datetime(2025, 9, 2, 10),
    )
    g.meting(
        f,
        5,
        "0",
        meetdatum=datetime.date(2025, 9, 1),
        definitief_op=datetime.datetime(2025, 9, 1, 10),
    )
    g.meting(h, 2, "0", meetdatum=datetime.date(2025, 1, 1))
    g.meting(h, 2, "0", meetdatum=datetime.date(2025, 2, 1), aanleiding="uitstroom")
    g.meting(h, 1, "+", meetdatum=datetime.date(2025, 9, 1), aanleiding="intake")  # back again
    g.opslaan()
    origineel = Meting.get((Meting.klant == b) & (Meting.status == "vervangen"))
    g.meting(b, 4, "0", meetdatum=datetime.date(2025, 3, 1), corrigeert=origineel.id)
    g.opslaan()
    filter_ = Filter(Bereik(org.id))
    # d's uitstroom meting lies on the peildatum itself: d has left (the day counts).
    assert trede_per_klant(peil, filter_) == {a: 2, b: 4, c2: 1, f: 3, h: 1}
    assert trede_per_klant(peil - DAG, filter_) == {a: 2, b: 4, c2: 1, d: 4, f: 3, h: 1}
    g.meting(
        f,
        6,
        None,
        meetdatum=datetime.date(2025, 9, 1),
        definitief_op=datetime.datetime(2025, 9, 2, 10),
    )
    g.opslaan()
    assert trede_per_klant(peil, filter_)[f] == 6  # same date and time: the highest id


def test_every_filter_narrows_the_counted_meting(gegevens, org, make_gebruiker):
    g = gegevens
    team_a = Team.create(organisatie=org, naam="Team A")
    team_b = Team.create(organisatie=org, naam="Team B")
    km = make_gebruiker("klantmanager", organisatie=org, team=team_a)
    utrecht = Gemeente.create(cbs_code="0344", naam="Utrecht")
    k1, k2, k3, k4 = g.klanten(4)
    Klant.update(gemeente=utrecht).where(Klant.id.in_([k1, k2])).execute()
    g.meting(
        k1,
        3,
        "+",
        team=team_a.id,
        klantmanager=km.id,
        aanleiding="jaarlijks",
        vrijstelling_arbeidsplicht="ART9",
    )
    g.meting(k2, 3, "0", team=team_b.id, aanleiding="intake", laaggeletterd="ja")
    g.meting(k3, 4, "+", team=team_a.id, aanleiding="intake", vrijstelling_arbeidsplicht="nee")
    g.meting(k3, 2, "+", team=team_b.id, meetdatum=PEIL - 100 * DAG)  # older: never filtered on
    g.meting(k4, 5, "0", aanleiding="jaarlijks")
    ids = g.opslaan()
    MetingSubgroep.create(meting=ids[0], subgroep="4")
    basis = Filter(Bereik(org.id))

    def klanten(**wijziging) -> set[int]:
        return set(trede_per_klant(PEIL, basis.met(**wijziging)))

    assert klanten() == {k1, k2, k3, k4}
    assert klanten(gemeente_id=utrecht.id) == {k1, k2}
    assert klanten(team_id=team_a.id) == {k1, k3}
    assert klanten(team_id=team_b.id) == {k2}
    assert klanten(klantmanager_id=km.id) == {k1}
    assert klanten(subgroep="4") == {k1}
    assert klanten(aanleiding="intake") == {k2, k3}
    assert klanten(kenmerken=(("vrijstelling_arbeidsplicht", "ja"),)) == {k1}
    assert klanten(kenmerken=(("vrijstelling_arbeidsplicht", "nee"),)) == {k3}
    assert klanten(kenmerken=(("vrijstelling_arbeidsplicht", "onbekend"),)) == {k2, k4}
    assert klanten(kenmerken=(("laaggeletterd", "ja"),)) == {k2}
    uitkomst = stand(PEIL, basis)
    assert (uitkomst.rij(3).plus, uitkomst.rij(3).zonder, uitkomst.rij(3).ontheffing) == (1, 1, 0)


def test_splits_by_groeipotentieel_and_p_instrument(gegevens, org):
    g = gegevens
    klanten = g.klanten(7)
    rijen = [
        ("+", "", "ja", "ja"),
        ("+", "", "nee", "ja"),
        ("0", "nee", "ja", "nee"),
        ("0", "ja", "nee", "nee"),
        ("0", "ART9", "", ""),
        ("0", "", "ja", ""),
        ("+", "", "", ""),
    ]
    for klant, (groei, vrij, lopend, nieuw) in zip(klanten, rijen, strict=True):
        g.meting(
            klant,
            3,
            groei,
            vrijstelling_arbeidsplicht=vrij,
            lopend_p_instrument=lopend,
            nieuw_p_instrument=nieuw,
        )
    g.opslaan()
    drie = stand(PEIL, Filter(Bereik(org.id))).rij(3)
    assert (drie.aantal, drie.plus, drie.zonder, drie.ontheffing, drie.nvt) == (7, 3, 2, 2, 0)
    assert (drie.nieuw_p, drie.lopend_p, drie.geen_p) == (2, 2, 3)


def test_caseloads_side_by_side(client, logged_in, gegevens, org, make_gebruiker):
    g = gegevens
    a = make_gebruiker("klantmanager", organisatie=org, naam="Klantmanager A")
    b = make_gebruiker("klantmanager", organisatie=org, naam="Klantmanager B")
    verdeling = {a: {3: 4, 4: 3, 5: 1}, b: {2: 4, 3: 2, 1: 2}}
    for km, per_trede in verdeling.items():
        for trede, aantal in per_trede.items():
            for n, klant in enumerate(g.klanten(aantal)):
                groei = "+" if n < aantal * 3 // 4 else "0"
                g.meting(klant, trede, groei, klantmanager=km.id, nieuw_p_instrument="ja")
    g.opslaan()
    uitkomst = caseloads(PEIL, Filter(Bereik(org.id)), "klantmanager", (a.id, b.id))
    assert [gr.naam for gr in uitkomst.groepen] == ["Klantmanager A", "Klantmanager B"]
    assert uitkomst.groepen[0].stand.rij(3).plus == 3 and uitkomst.groepen[1].stand.op_ladder == 8
    logged_in("manager", organisatie=org)
    page = client.get(
        f"/rapporten/caseloads?{PEIL_QUERY}&vergelijk=klantmanager"
        f"&klantmanagers={a.id}&klantmanagers={b.id}"
    ).get_data(as_text=True)
    verdeel = tabellen(page)["Verdeling over de treden"]
    assert rij(verdeel, "Trede 3:")[1:] == ["4", "50,0", "2", "25,0"]
    assert rij(verdeel, "Trede 2:")[1:] == ["0", "0,0", "4", "50,0"]
    groei = tabellen(page)["Groeipotentieel per trede (% van de trede)"]
    assert rij(groei, "Trede 3 – met groeipotentieel")[1:] == ["75,0", "50,0"]
    one = client.get(f"/rapporten/caseloads?{PEIL_QUERY}&klantmanagers={a.id}")
    assert one.status_code == 422 and "Kies ten minste twee" in one.get_data(as_text=True)
