"""Registering and finding klanten."""

import datetime
import html

import pytest

import models
from models import Auditregel, AuditregelKlant, Gemeente, Klant, OrganisatieGemeente
from services import metingen
from tests.fixtures.klant import KLANT_FORMULIER

NIEUW = KLANT_FORMULIER


def test_register_a_klant(client, logged_in):
    km = logged_in()
    utrecht = Gemeente.create(cbs_code="0344", naam="Utrecht")
    OrganisatieGemeente.create(organisatie=km.organisatie, gemeente=utrecht)
    response = client.submit("/klanten/nieuw", {**NIEUW, "gemeente": str(utrecht.id)})
    assert response.status_code == 303
    klant = Klant.get()
    assert (klant.bsn, klant.postcode, klant.geboortedatum) == (
        "111222333",
        "3511 AB",
        datetime.date(1980, 5, 17),
    )
    assert klant.organisatie_id == km.organisatie_id and klant.klantmanager_id == km.id
    assert klant.gemeente_id == utrecht.id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jan van der Poel" in page and "Deze klant is nog niet gemeten." in page
    assert Auditregel.get(Auditregel.actie == "aanmaken").klant_id == klant.id


def test_invalid_personal_data_gets_dutch_messages_and_stores_nothing(client, logged_in):
    logged_in()
    bad = {
        **NIEUW,
        "bsn": "111222334",
        "achternaam": "",
        "postcode": "35111",
        "geboortedatum-jaar": "2099",
        "tussenvoegsel": "<script>",
    }
    response = client.submit("/klanten/nieuw", bad)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    for message in (
        "Vul een geldig BSN in: 9 cijfers die voldoen aan de elfproef.",
        "Vul de achternaam in.",
        "Vul een postcode in met 4 cijfers en 2 letters, zoals 3511 AB.",
        "De geboortedatum moet in het verleden liggen.",
        "Gebruik geen < of > en geen onzichtbare tekens.",
    ):
        assert message in page, message
    assert "<title>Fout: Nieuwe klant registreren" in page
    assert Klant.select().count() == 0


def test_existing_bsn_leads_to_that_klant(client, logged_in, make_klant):
    km = logged_in()
    bestaand = make_klant(km.organisatie, bsn="111222333", achternaam="Bestaand")
    response = client.submit("/klanten/nieuw", {**NIEUW, "bsn": "1112 22 333"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/klanten/{bestaand.id}")
    assert Klant.select().count() == 1


def test_bsn_of_another_organisations_klant_becomes_a_klant_here(
    client, logged_in, make_klant, make_organisatie
):
    """Identity is per organisation: the answer is the one for a BSN nobody knows."""
    km = logged_in()
    geheim = make_klant(make_organisatie("Gemeente Elders"), bsn="111222333", achternaam="Geheim")
    response = client.submit("/klanten/nieuw", NIEUW)
    assert response.status_code == 303
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Jan van der Poel is geregistreerd." in page and "Geheim" not in page
    eigen = Klant.get(Klant.organisatie == km.organisatie_id)
    assert eigen.bsn == geheim.bsn and eigen.id != geheim.id
    assert Klant.get_by_id(geheim.id).achternaam == "Geheim"
    assert not Auditregel.select().where(Auditregel.klant_id == geheim.id).exists()


def test_search_by_bsn_and_name_dutch_order(client, logged_in, make_klant, make_organisatie):
    km = logged_in()
    make_klant(
        km.organisatie,
        bsn="123456782",
        achternaam="Poel",
        tussenvoegsel="van der",
        voorletters="A.",
    )
    make_klant(km.organisatie, bsn="999993653", achternaam="Pieters", voorletters="B.")
    make_klant(
        km.organisatie, bsn="100000009", achternaam="Paal", tussenvoegsel="de", voorletters="C."
    )
    make_klant(make_organisatie("Gemeente Elders"), bsn="100000010", achternaam="Poelman")
    page = _zoek(client, "p")
    # Sorted on achternaam, the tussenvoegsel does not count: Paal, Pieters, Poel.
    assert page.index("Paal, C. de") < page.index("Pieters, B.") < page.index("Poel, A. van der")
    assert "Poelman" not in page  # another organisation's klant
    page = client.get("/klanten?q=van der poel").get_data(as_text=True)  # a name in a link
    assert "Poel, A. van der" in page and "Pieters" not in page
    page = _zoek(client, "123456782")
    assert "Poel, A. van der" in page and "Paal" not in page
    page = _zoek(client, "100000010")
    assert "Geen klanten gevonden" in page


def _zoek(client, q: str) -> str:
    response = client.submit("/klanten", {"q": q})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_search_form_posts_so_a_bsn_never_stands_in_a_url(client, logged_in, make_klant):
    km = logged_in()
    make_klant(km.organisatie, bsn="123456782", achternaam="Poel")
    page = client.get("/klanten").get_data(as_text=True)
    assert '<form method="post" action="/klanten"' in page
    response = client.get("/klanten?q=123456782")
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422 and "Poel" not in page
    assert "Zoek op BSN met het formulier hieronder" in page
    assert 'value="123456782"' not in page
    assert client.post("/klanten", data={"q": "123456782"}).status_code == 400  # no CSRF token


def test_a_search_that_shows_klanten_is_logged_with_the_klanten_shown(
    client, logged_in, make_klant
):
    km = logged_in()
    a = make_klant(km.organisatie, bsn="123456782", achternaam="Pieters")
    b = make_klant(km.organisatie, bsn="999993653", achternaam="Pietersen")
    make_klant(km.organisatie, bsn="100000009", achternaam="Jansen")
    _zoek(client, "pieters")
    regel = Auditregel.get(Auditregel.object_type == "zoekresultaat")
    assert (regel.actie, regel.gebruiker_id, regel.klant_id) == ("inzien", km.id, None)
    assert "2 getoond" in regel.omschrijving and "pieters" not in regel.omschrijving.lower()
    genoemd = AuditregelKlant.select().where(AuditregelKlant.auditregel_id == regel.id)
    assert sorted(r.klant_id for r in genoemd) == sorted([a.id, b.id])
    _zoek(client, "123456782")
    regel = Auditregel.select().order_by(Auditregel.id.desc()).get()
    assert regel.klant_id == a.id and "123456782" not in regel.omschrijving
    aantal = Auditregel.select().count()
    _zoek(client, "Onvindbaar")  # showed nobody: nothing to log
    assert Auditregel.select().count() == aantal


def test_next_meting_overdue_is_highlighted(client, logged_in, make_klant, meting, clock):
    km = logged_in()
    klant = make_klant(km.organisatie)
    meting.complete(
        klant.id,
        [False, True],
        groei=True,
        datum=(1, 2, 2025),
        **{
            "volgende_meetdatum-dag": "1",
            "volgende_meetdatum-maand": "2",
            "volgende_meetdatum-jaar": "2026",
        },
    )
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert "Volgende meting te laat:" in page and "01-02-2026" in page


def test_personal_data_is_corrected_and_logged(client, logged_in, make_klant):
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Jansen")
    page = client.get(f"/klanten/{klant.id}/bewerken").get_data(as_text=True)
    assert 'value="Jansen"' in page and 'name="versie" type="hidden" value="1"' in page
    response = client.submit(
        f"/klanten/{klant.id}/bewerken",
        {**NIEUW, "bsn": klant.bsn, "achternaam": "Janssen", "versie": "1"},
    )
    assert response.status_code == 303
    klant = Klant.get_by_id(klant.id)
    assert (klant.achternaam, klant.versie, klant.postcode) == ("Janssen", 2, "3511 AB")
    assert (
        Auditregel.select().where(Auditregel.omschrijving == "persoonsgegevens gewijzigd").count()
        == 1
    )


def test_two_people_editing_the_same_klant_one_wins(
    app, client, logged_in, make_klant, make_gebruiker
):
    from tests.conftest import Auth, FormClient

    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="Jansen")
    collega = FormClient(app.test_client())
    Auth(collega).login(make_gebruiker(organisatie=km.organisatie).email)
    # Both open the form at versie 1; the colleague saves first.
    first = collega.submit(
        f"/klanten/{klant.id}/bewerken",
        {**NIEUW, "bsn": klant.bsn, "achternaam": "Collega", "versie": "1"},
    )
    assert first.status_code == 303
    second = client.submit(
        f"/klanten/{klant.id}/bewerken",
        {**NIEUW, "bsn": klant.bsn, "achternaam": "Ik", "versie": "1"},
    )
    page = second.get_data(as_text=True)
    assert second.status_code == 409
    assert "Iemand anders heeft de gegevens van deze klant intussen gewijzigd." in page
    assert 'value="Collega"' in page  # the form now shows what was saved
    assert Klant.get_by_id(klant.id).achternaam == "Collega"


def test_bsn_change_to_an_existing_bsn_is_refused(client, logged_in, make_klant):
    km = logged_in()
    make_klant(km.organisatie, bsn="999993653")
    klant = make_klant(km.organisatie, bsn="123456782")
    response = client.submit(
        f"/klanten/{klant.id}/bewerken", {**NIEUW, "bsn": "999993653", "versie": "1"}
    )
    assert response.status_code == 422
    assert "Er bestaat al een andere klant met dit BSN." in response.get_data(as_text=True)
    assert Klant.get_by_id(klant.id).bsn == "123456782"


@pytest.mark.parametrize(
    ("zoekterm", "gevonden"),
    [
        ("celik", "Çelik"),
        ("ÇELIK", "Çelik"),
        ("ozturk", "Öztürk"),
        ("ÖZTÜRK", "Öztürk"),
        ("ijssel", "Ĳsselstein"),
        ("soren", "Berg"),  # voornaam Søren
        ("mohammed", "Mohammed"),
        ("hélène", "Helene"),
    ],
)
def test_search_ignores_case_and_accents(client, logged_in, make_klant, zoekterm, gevonden):
    """On SQLite LIKE ignored case for ASCII only: "çelik" did not find Çelik."""
    km = logged_in()
    for achternaam in ("Çelik", "Öztürk", "Ĳsselstein", "Mohammed", "Helene", "Bakker"):
        make_klant(km.organisatie, achternaam=achternaam)
    make_klant(km.organisatie, achternaam="Berg", voornaam="Søren")
    page = _zoek(client, zoekterm)
    assert gevonden in page, zoekterm
    assert "Bakker" not in page


def test_names_in_lists_take_their_own_direction(client, logged_in, make_klant):
    """An Arabic or Hebrew name must not turn the rest of its line around."""
    km = logged_in()
    klant = make_klant(km.organisatie, achternaam="محمد")
    page = _zoek(client, "محمد")
    assert f'<a dir="auto" href="/klanten/{klant.id}">' in page
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert '<h1 dir="auto">' in page


def _queries_voor(client, url: str, monkeypatch) -> int:
    """How many SQL statements one GET of the page runs."""
    teller = {"n": 0}
    echt = type(models.db.obj).execute_sql

    def tellend(self, sql, *args, **kwargs):
        teller["n"] += 1
        return echt(self, sql, *args, **kwargs)

    with monkeypatch.context() as mp:
        mp.setattr(type(models.db.obj), "execute_sql", tellend)
        assert client.get(url).status_code == 200
    return teller["n"]


def test_the_klant_page_reads_its_history_in_one_query_however_long(
    client, logged_in, make_klant, make_gebruiker, meting, monkeypatch
):
    """The history shows who entered each meting: read with it, not once per row."""
    km = logged_in()
    kort, lang = make_klant(km.organisatie), make_klant(km.organisatie, achternaam="Lang")
    meting.complete(kort.id, [True, True], groei=False)
    collega = make_gebruiker("klantmanager", organisatie=km.organisatie)
    for jaar in range(2019, 2026):
        invoerder = collega if jaar % 2 else km
        metingen.leg_vast(
            lang,
            invoerder,
            meetdatum=datetime.date(jaar, 3, 2),
            aanleiding="jaarlijks",
            trede=3,
            groei=True,
            volgende_meetdatum=datetime.date(jaar + 1, 3, 2),
        )
    assert len(models.Meting.history_for(lang)) == 7
    een = _queries_voor(client, f"/klanten/{kort.id}", monkeypatch)
    zeven = _queries_voor(client, f"/klanten/{lang.id}", monkeypatch)
    assert zeven == een
    pagina = client.get(f"/klanten/{lang.id}").get_data(as_text=True)
    assert collega.naam in pagina and km.naam in pagina
