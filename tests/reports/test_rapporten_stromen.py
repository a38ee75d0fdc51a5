"""Stromen between two peildata (Figure 2.3) and whether estimates came true: every cell on a
hand-made example, and the SQL against ladder/stromen.py and a plain-Python count of the
same random data."""

import datetime
import random
from collections import Counter

import pytest

from ladder import stromen as instrument
from models import Meting, Team
from reports.filters import Bereik, Filter
from reports.inschattingen import Uitkomst, inschattingen
from reports.peil import trede_per_klant
from reports.stand import stand
from reports.stromen import stromen
from tests.reports.test_rapporten_gegevens import Gegevens, rij, tabellen

T0, T1 = datetime.date(2024, 12, 31), datetime.date(2025, 12, 31)
VOOR_T0, VOOR_T1 = datetime.date(2024, 6, 1), datetime.date(2025, 6, 1)
QUERY = "van-dag=31&van-maand=12&van-jaar=2024&tot-dag=31&tot-maand=12&tot-jaar=2025"
# The example of tests/ladder/test_stromen.py, plus i (4, then uitstroom) and j (codes only).
VOORBEELD_T0 = {"a": 1, "b": 1, "c": 2, "d": 3, "e": 6, "f": 8, "g": 5, "i": 4, "j": 9}
VOORBEELD_T1 = {"a": 1, "b": 2, "c": 1, "d": 0, "e": 6, "f": 4, "g": 6, "h": 1, "j": 0}


@pytest.fixture
def org(make_organisatie):
    return make_organisatie("Gemeente Stroomdorp")


@pytest.fixture
def gegevens(org, make_gebruiker):
    return Gegevens(org, make_gebruiker("klantmanager", organisatie=org))


def bouw_voorbeeld(g: Gegevens) -> dict[str, int]:
    """The example as metingen; returns the klant ids by letter."""
    letters = sorted(set(VOORBEELD_T0) | set(VOORBEELD_T1))
    ids = dict(zip(letters, g.klanten(len(letters)), strict=True))
    for letter, trede in VOORBEELD_T0.items():
        g.meting(ids[letter], trede, None, meetdatum=VOOR_T0)
    for letter, trede in VOORBEELD_T1.items():
        g.meting(ids[letter], trede, None, meetdatum=VOOR_T1)
    g.meting(ids["i"], 4, None, meetdatum=VOOR_T1, aanleiding="uitstroom")
    g.opslaan()
    return ids


def test_every_cell_of_the_stromen(gegevens, org):
    bouw_voorbeeld(gegevens)
    uitkomst = stromen(T0, T1, Filter(Bereik(org.id)))
    verwacht_t0 = {k: v for k, v in VOORBEELD_T0.items()}
    verwacht_t1 = {k: v for k, v in VOORBEELD_T1.items()}
    assert uitkomst.herkomst == instrument.herkomst(verwacht_t0, verwacht_t1)
    assert uitkomst.bestemming == instrument.bestemming(verwacht_t0, verwacht_t1)
    # Spelled out: herkomst of trede 1 now is h (new), a (same) and c (from 2).
    assert uitkomst.herkomst[1] == {"nieuw": 1, "zelfde": 1, 6: 0, 5: 0, 4: 0, 3: 0, 2: 1}
    assert uitkomst.bestemming[4] == {"af": 1, "zelfde": 0, 6: 0, 5: 0, 3: 0, 2: 0, 1: 0}
    assert uitkomst.bestemming[3]["af"] == 1  # d: to code 0 counts as off the ladder
    assert uitkomst.herkomst[4]["nieuw"] == 1  # f: from code 8 counts as new


def test_stromen_page_shows_every_cell(client, logged_in, gegevens, org):
    bouw_voorbeeld(gegevens)
    logged_in("manager", organisatie=org)
    page = client.get(f"/rapporten/stromen?{QUERY}").get_data(as_text=True)
    alle = tabellen(page)
    herkomst = alle["Herkomst per trede op de tweede peildatum"]
    assert herkomst[0] == ["Trede nu", "Nieuw op de ladder", "Zelfde trede"] + [
        f"Van trede {t}" for t in (6, 5, 4, 3, 2, 1)
    ] + ["Totaal"]
    verwacht = instrument.herkomst(VOORBEELD_T0, VOORBEELD_T1)
    for trede, cellen in verwacht.items():
        rij_ = rij(herkomst, f"Trede {trede}:")
        van = [str(cellen.get(t, "–geen")) for t in (6, 5, 4, 3, 2, 1)]
        assert rij_[1:] == [
            str(cellen["nieuw"]),
            str(cellen["zelfde"]),
            *van,
            str(sum(cellen.values())),
        ]
    bestemming = alle["Bestemming per trede op de eerste peildatum"]
    for trede, cellen in instrument.bestemming(VOORBEELD_T0, VOORBEELD_T1).items():
        assert rij(bestemming, f"Trede {trede}:")[1:3] == [str(cellen["af"]), str(cellen["zelfde"])]
    matrix = alle["Overgangsmatrix"]
    assert rij(matrix, "Trede 5")[1:] == ["1", "0", "0", "0", "0", "0", "0", "1"]  # g: 5 -> 6
    assert rij(matrix, "Niet op de ladder")[1:] == ["0", "0", "1", "0", "0", "1", "–geen", "2"]
    assert rij(matrix, "Totaal")[1:] == ["2", "0", "1", "0", "1", "3", "2", "9"]
    assert "Herkomst huidige trede" in page and 'class="stroom stroom--nieuw"' in page


def test_the_second_peildatum_must_come_after_the_first(client, logged_in, org):
    logged_in("manager", organisatie=org)
    response = client.get(f"/rapporten/stromen?{QUERY.replace('jaar=2025', 'jaar=2024')}")
    assert response.status_code == 422
    assert "De tweede peildatum moet na de eerste peildatum liggen." in response.get_data(
        as_text=True
    )


def _willekeurig(g: Gegevens, rng: random.Random, aantal: int) -> None:
    """Random histories: every status, uitstroom, codes, ties on a date, empty definitief_op."""
    for klant in g.klanten(aantal):
        datum = datetime.date(2023, 1, 1) + datetime.timedelta(days=rng.randrange(900))
        for _ in range(rng.randrange(0, 6)):
            g.meting(
                klant,
                rng.choice([1, 2, 3, 4, 5, 6, 0, 8, 9]),
                rng.choice(["+", "0", None]),
                meetdatum=datum,
                status=rng.choice(["definitief"] * 6 + ["concept", "vervangen", "afgewezen"]),
                aanleiding=rng.choice(["jaarlijks"] * 5 + ["uitstroom"]),
                definitief_op=rng.choice([None, datetime.datetime(2025, 1, 1, rng.randrange(24))]),
            )
            datum += datetime.timedelta(days=rng.choice([0, 0, 30, 200, 400]))
    g.opslaan()


def _python_stand(peildatum: datetime.date) -> dict[int, int]:
    """The same count in plain Python over every meting (the definition, written out)."""
    laatste: dict[int, Meting] = {}
    for m in Meting.select().where(
        (Meting.status == "definitief") & (Meting.meetdatum <= peildatum)
    ):
        sleutel = (m.meetdatum, m.definitief_op is not None, m.definitief_op or 0, m.id)
        huidige = laatste.get(m.klant_id)
        if huidige is None or sleutel > (
            huidige.meetdatum,
            huidige.definitief_op is not None,
            huidige.definitief_op or 0,
            huidige.id,
        ):
            laatste[m.klant_id] = m
    return {k: m.trede for k, m in laatste.items() if m.aanleiding != "uitstroom"}


@pytest.mark.parametrize("seed", [1, 2009])
def test_sql_equals_the_instrument_on_random_data(gegevens, org, seed):
    _willekeurig(gegevens, random.Random(seed), 150)
    filter_ = Filter(Bereik(org.id))
    stand_t0, stand_t1 = _python_stand(T0), _python_stand(T1)
    assert trede_per_klant(T0, filter_) == stand_t0
    assert trede_per_klant(T1, filter_) == stand_t1
    uitkomst = stromen(T0, T1, filter_)
    assert uitkomst.herkomst == instrument.herkomst(stand_t0, stand_t1)
    assert uitkomst.bestemming == instrument.bestemming(stand_t0, stand_t1)
    telling = Counter(stand_t1.values())
    assert {r.trede: r.aantal for r in stand(T1, filter_).treden} == {
        t: telling[t] for t in (6, 5, 4, 3, 2, 1)
    }


def bouw_inschattingen(g: Gegevens, org, make_gebruiker) -> dict:
    """Klanten with known estimates at t0 and outcomes at t1, in two teams."""
    x, y = Team.create(organisatie=org, naam="Team X"), Team.create(organisatie=org, naam="Team Y")
    a = make_gebruiker("klantmanager", organisatie=org, naam="Klantmanager A", team=x)
    b = make_gebruiker("klantmanager", organisatie=org, naam="Klantmanager B", team=y)
    gevallen = [  # (t0: trede, groei, km) -> (t1: trede or "uit", km)
        ((2, "+", a), (3, a)),
        ((3, "+", a), (3, a)),
        ((4, "+", a), (2, a)),
        ((1, "+", a), ("uit", a)),
        ((2, "+", a), (8, a)),
        ((3, "0", a), (3, a)),
        ((2, "0", a), (4, a)),
        ((5, "+", b), (6, b)),
        ((1, "0", b), (1, b)),
        ((6, None, b), (6, b)),
        ((0, None, b), (3, b)),
        ((2, "+", b), (3, a)),
    ]
    for klant, ((van, groei, km0), (naar, km1)) in zip(
        g.klanten(len(gevallen)), gevallen, strict=True
    ):
        g.meting(klant, van, groei, meetdatum=VOOR_T0, klantmanager=km0.id, team=km0.team_id)
        uit = naar == "uit"
        g.meting(
            klant,
            1 if uit else naar,
            "0",
            meetdatum=VOOR_T1,
            klantmanager=km1.id,
            team=km1.team_id,
            aanleiding="uitstroom" if uit else "jaarlijks",
        )
    g.opslaan()
    return {"a": a, "b": b, "x": x, "y": y}


def test_every_cell_of_the_estimates(gegevens, org, make_gebruiker):
    wie = bouw_inschattingen(gegevens, org, make_gebruiker)
    uitkomst = inschattingen(T0, T1, Filter(Bereik(org.id)))
    a, b = uitkomst.per_klantmanager
    assert (a.naam, b.naam) == ("Klantmanager A", "Klantmanager B")
    assert a.plus == Uitkomst(aantal=5, gestegen=1, gelijk=1, gedaald=1, af=1, onbekend=1)
    assert a.nul == Uitkomst(aantal=2, gestegen=1, gelijk=1)
    # The last klant moved to A's team by t1; the rise counts for B, who made the estimate.
    assert b.plus == Uitkomst(aantal=2, gestegen=2) and b.nul == Uitkomst(aantal=1, gelijk=1)
    assert [(t.naam, t.plus, t.nul) for t in uitkomst.per_team] == [
        ("Team X", a.plus, a.nul),
        ("Team Y", b.plus, b.nul),
    ]
    assert uitkomst.totaal.plus == a.plus + b.plus
    # A klantmanager of team Y does not see where that klant went: it counts as "af".
    beperkt = Filter(Bereik(org.id, True, wie["b"].id, wie["y"].id))
    eigen = inschattingen(T0, T1, beperkt).per_klantmanager
    assert [g.naam for g in eigen] == ["Klantmanager B"]
    assert eigen[0].plus == Uitkomst(aantal=2, gestegen=1, af=1)


def test_estimates_page(client, logged_in, gegevens, org, make_gebruiker):
    bouw_inschattingen(gegevens, org, make_gebruiker)
    logged_in("manager", organisatie=org)
    page = client.get(f"/rapporten/inschattingen?{QUERY}").get_data(as_text=True)
    per_km = tabellen(page)["Per klantmanager"]
    assert per_km[1] == ["Klantmanager A", "+", "5", "1", "20,0", "1", "1", "1", "1"]
    assert per_km[2] == ["Klantmanager A", "0", "2", "1", "50,0", "1", "0", "0", "0"]
    assert rij(tabellen(page)["Per team"], "Team Y")[1:5] == ["+", "2", "2", "100,0"]
