"""Import: the dry run's per-row report, the commit, re-import, and "alles of niets"."""

import datetime

import pytest

import models
from models import Auditregel, Importbatch, Klant, Meting
from tests.fixtures.uitwisseling import (
    IMPORT_GOED,
    IMPORT_KOP,
    inlezen,
    maak_csv,
    maak_meting,
    upload,
    xlsx_rijen,
)

KOP, GOED = IMPORT_KOP, IMPORT_GOED


def _bestand(*rijen: dict) -> bytes:
    return maak_csv([KOP] + [[rij.get(k, "") for k in KOP] for rij in rijen])


def _proef(client, *rijen: dict):
    response = upload(client, _bestand(*rijen))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    return response.headers["Location"]


def _rapport() -> dict:
    return Importbatch.select().order_by(Importbatch.id.desc()).first().rapport_dict


@pytest.fixture
def km(logged_in, clock):
    return logged_in("klantmanager")


def test_dry_run_reports_and_writes_nothing_then_commit_imports(client, km):
    url = _proef(client, GOED, {**GOED, "meetdatum": "2026-02-20", "aanleiding": "jaarlijks"})
    assert Klant.select().count() == 0
    page = client.get(url).get_data(as_text=True)
    assert "Proefimport: er is nog niets ingelezen." in page
    verslag = _rapport()
    assert (verslag["klanten_nieuw"], verslag["metingen_nieuw"], verslag["fouten"]) == (1, 2, [])
    assert inlezen(client, url).status_code == 303
    klant = Klant.get(Klant.bsn == "123456782")
    assert klant.organisatie_id == km.organisatie_id and klant.achternaam == "Yilmaz"
    metingen = list(Meting.select().where(Meting.klant == klant))
    assert {(m.status, m.bron, m.invoerder_id) for m in metingen} == {
        ("definitief", "import", km.id)
    }
    assert metingen[0].antwoorden_dict == {"V1": False, "V3": False, "V4": True}
    assert sorted(metingen[0].subgroep_codes) == ["1", "3"]
    batch = Importbatch.get()
    assert batch.status == "verwerkt" and batch.inhoud is None and batch.metingen.count() == 2
    assert "Ingelezen op" in client.get(url).get_data(as_text=True)
    regel = (
        Auditregel.select()
        .where(Auditregel.object_type == "import")
        .order_by(Auditregel.id.desc())
        .first()
    )
    assert regel.omschrijving == "import: 1 klanten en 2 metingen aangemaakt"


def test_importing_the_same_file_twice_creates_no_duplicates(client, km):
    inlezen(client, _proef(client, GOED))
    url = _proef(client, GOED)
    verslag = _rapport()
    assert (verslag["klanten_bestaand"], verslag["metingen_dubbel"]) == (1, 1)
    assert verslag["metingen_nieuw"] == 0
    inlezen(client, url)
    assert Meting.select().count() == 1 and Klant.select().count() == 1


def test_existing_klant_gets_the_meting_and_keeps_its_data(client, km, make_klant):
    make_klant(km.organisatie, achternaam="Bestaand")  # BSN 111222333
    inlezen(client, _proef(client, {**GOED, "bsn": "111222333", "achternaam": "Anders"}))
    klant = Klant.get(Klant.bsn == "111222333")
    assert klant.achternaam == "Bestaand" and klant.metingen.count() == 1


FOUTEN = [
    ({"bsn": "123456789"}, "bsn", "Ongeldig BSN"),
    ({"trede": "7"}, "trede", "Onbekende trede"),
    ({"trede": "9" * 12_000}, "trede", "Onbekende trede"),  # beyond Python's int() of a text
    ({"meetdatum": "2026-04-01"}, "meetdatum", "Datum in de toekomst"),
    ({"geboortedatum": "31-02-1980"}, "geboortedatum", "Ongeldige datum"),
    ({"klantmanager_email": "niemand@elders.nl"}, "klantmanager_email", "Onbekende klantmanager"),
    ({"aanleiding": "verjaardag"}, "aanleiding", "Onbekende aanleiding"),
    ({"trede": "4", "v1": "ja"}, "v1", "passen niet bij trede 4"),
    ({"trede": "3", "v1": "nee", "v3": "nee", "v4": "nee"}, "v1", "passen niet bij trede 3"),
    ({"trede": "8", "v1": "nee", "groeipotentieel": ""}, "v1", "horen geen antwoorden"),
    ({"v2": "misschien"}, "v2", "gebruik ja of nee"),
    ({"groeipotentieel": ""}, "groeipotentieel", "Groeipotentieel ontbreekt"),
    ({"trede": "6"}, "groeipotentieel", "n.v.t. bij trede 6"),
    ({"subgroepen": "1,42"}, "subgroepen", "Onbekende subgroep: 42"),
    ({"team": "Team Nergens"}, "team", "Onbekend team"),
    ({"gemeente_code": "9999"}, "gemeente_code", "Onbekende gemeente"),
    ({"startkwalificatie": "soms"}, "startkwalificatie", "Onbekende waarde voor startkwal"),
    ({"geslacht": "q"}, "geslacht", "Onbekend geslacht"),
    ({"postcode": "12345"}, "postcode", "Ongeldige postcode"),
    ({"achternaam": ""}, "achternaam", "Achternaam ontbreekt"),
    ({"achternaam": "<script>"}, "achternaam", "Gebruik geen < of >"),
    ({"aanleiding": "uitstroom"}, "uitstroomreden", "Kies waarom de klant van de ladder afstroomt"),
    ({"uitstroomreden": "werk_zes_maanden"}, "uitstroomreden", "hoort alleen bij"),
    ({"volgende_meetdatum": "2026-01-01"}, "volgende_meetdatum", "na de meetdatum"),
    ({"status": "concept"}, "status", "Alleen definitieve metingen"),
    ({"code_toelichting": "x"}, "code_toelichting", "hoort alleen bij 0, 8 of 9"),
    ({"trede": "3+", "groeipotentieel": "0"}, "groeipotentieel", "spreekt de trede"),
]


@pytest.mark.parametrize(("fout", "kolom", "melding"), FOUTEN)
def test_each_error_type_is_reported_per_row_and_column(client, km, fout, kolom, melding):
    url = _proef(client, {**GOED, **fout})
    [[rij, gemelde_kolom, tekst]] = _rapport()["fouten"]
    assert (rij, gemelde_kolom) == (2, kolom) and melding in tekst
    page = client.get(url).get_data(as_text=True)
    assert f'<th scope="row">2</th><td>{kolom}</td>' in page


def test_bsn_of_another_organisation_is_a_new_klant_here(client, km, make_klant):
    """The dry run reads as for a BSN nobody knows, and the commit leaves the other alone."""
    elders = models.Organisatie.create(naam="Elders", soort="gemeente")
    geheim = make_klant(elders, achternaam="Geheim")  # BSN 111222333
    maak_meting(geheim, km, trede=2)
    url = _proef(client, {**GOED, "bsn": "111222333"})
    elders_rapport = _rapport()
    _proef(client, {**GOED, "bsn": "999993653"})
    onbekend_rapport = _rapport()
    assert elders_rapport == onbekend_rapport
    assert (elders_rapport["klanten_nieuw"], elders_rapport["fouten"]) == (1, [])
    assert inlezen(client, url).status_code == 303
    eigen = Klant.get((Klant.bsn == "111222333") & (Klant.organisatie == km.organisatie_id))
    assert eigen.id != geheim.id and eigen.achternaam == "Yilmaz"
    assert Klant.get_by_id(geheim.id).achternaam == "Geheim"
    assert [m.trede for m in Meting.select().where(Meting.klant == geheim)] == [2]
    assert not Auditregel.select().where(Auditregel.klant_id == geheim.id).exists()


def test_same_meting_twice_in_one_file(client, km):
    _proef(client, GOED, GOED)
    assert _rapport()["fouten"] == [
        [3, "meetdatum", "Deze meting staat al in rij 2 van het bestand."]
    ]


def test_klantmanager_team_and_codes_are_matched_within_the_organisation(
    client, km, make_gebruiker
):
    team = models.Team.create(organisatie=km.organisatie, naam="Team Zuid")
    collega = make_gebruiker("klantmanager", organisatie=km.organisatie, email="Co@Testdorp.nl")
    rij = {
        **GOED,
        "klantmanager_email": "co@testdorp.nl",
        "team": "Team Zuid",
        "trede": "0",
        "groeipotentieel": "",
        "vrijstelling_arbeidsplicht": "ART-9",
    }
    inlezen(client, _proef(client, rij))
    meting = Meting.get()
    assert (meting.klantmanager_id, meting.team_id) == (collega.id, team.id)
    assert meting.is_code and meting.vrijstelling_arbeidsplicht == "ART-9"
    assert meting.klant.klantmanager_id == collega.id


def test_alles_of_niets_imports_nothing_when_a_row_fails(client, km):
    url = _proef(client, GOED, {**GOED, "bsn": "1", "meetdatum": "2026-01-01"})
    response = inlezen(client, url, alles_of_niets="y")
    assert response.status_code == 303
    assert Meting.select().count() == 0 and Klant.select().count() == 0
    assert "Er is niets ingelezen" in client.get(url).get_data(as_text=True)
    inlezen(client, url)  # now only the valid rows
    assert Meting.select().count() == 1


def test_commit_checks_the_file_again(client, km, make_klant):
    url = _proef(client, GOED)
    # Meanwhile a colleague registered this klant and saved the same meting on screen.
    klant = make_klant(km.organisatie, bsn="123456782", achternaam="Collega")
    maak_meting(klant, km, meetdatum=datetime.date(2026, 2, 1), aanleiding="intake")
    inlezen(client, url)
    assert Meting.select().count() == 1 and Klant.select().count() == 1
    assert Klant.get_by_id(klant.id).achternaam == "Collega"


def test_the_batch_belongs_to_its_user_and_expires(client, auth, km, make_gebruiker, clock):
    url = _proef(client, GOED)
    auth.logout()
    collega = make_gebruiker("klantmanager", organisatie=km.organisatie)
    auth.login(collega.email)
    assert client.get(url).status_code == 404
    assert (
        Auditregel.select()
        .where((Auditregel.actie == "geweigerd") & (Auditregel.object_type == "import"))
        .count()
        == 1
    )
    auth.logout()
    clock.advance(hours=3)
    auth.login(km.email)
    assert "verlopen" in client.get(url).get_data(as_text=True)
    inlezen(client, url)
    assert Meting.select().count() == 0
    _proef(client, GOED)  # a new upload forgets the expired file
    oud = Importbatch.select().order_by(Importbatch.id).first()
    assert (oud.status, oud.inhoud) == ("verlopen", None)


def test_opening_the_exchange_page_forgets_expired_files(client, auth, km, clock):
    _proef(client, GOED)
    assert Importbatch.get().inhoud is not None
    clock.advance(minutes=119)
    auth.login(km.email)  # the session itself has timed out meanwhile
    assert client.get("/uitwisseling").status_code == 200
    assert Importbatch.get().inhoud is not None  # still within its two hours
    clock.advance(minutes=2)
    assert client.get("/uitwisseling").status_code == 200
    assert (Importbatch.get().status, Importbatch.get().inhoud) == ("verlopen", None)


@pytest.mark.parametrize("rol", ["manager", "partner", "beheerder"])
def test_only_klantmanagers_and_intakers_import(client, logged_in, rol):
    logged_in(rol)
    response = client.post("/uitwisseling/import", data={})
    assert response.status_code in (400, 403)
    assert client.get("/uitwisseling/sjabloon?soort=csv").status_code == 403


def test_template_has_the_export_column_names(client, km):
    kop = client.get("/uitwisseling/sjabloon?soort=csv").get_data().decode("utf-8-sig").strip()
    assert kop.split(";") == KOP
    boek = client.get("/uitwisseling/sjabloon?soort=xlsx").get_data()
    assert xlsx_rijen(boek) == [KOP]


def test_rows_with_only_klant_data_create_klanten(client, km):
    alleen_klant = {k: GOED[k] for k in ("bsn", "achternaam", "geboortedatum")}
    inlezen(client, _proef(client, alleen_klant))
    assert Klant.select().count() == 1 and Meting.select().count() == 0


def test_existing_metingen_from_the_screen_count_as_duplicates(client, km, make_klant):
    klant = make_klant(km.organisatie)
    maak_meting(klant, km, meetdatum=datetime.date(2026, 2, 1), aanleiding="intake")
    _proef(client, {**GOED, "bsn": klant.bsn})
    assert _rapport()["metingen_dubbel"] == 1


def test_the_template_lists_the_gemeentes_own_vrijstelling_codes(
    client, km, make_klant, make_gebruiker
):
    """Klantkenmerk 6 may hold a municipal code (Bijlage 1); the template omitted them."""
    import io

    import openpyxl

    maak_meting(make_klant(km.organisatie), km, vrijstelling_arbeidsplicht="VA-tijdelijk")
    elders = models.Organisatie.create(naam="Elders", soort="gemeente")
    vreemd = make_gebruiker(organisatie=elders)
    maak_meting(make_klant(elders), vreemd, vrijstelling_arbeidsplicht="GEHEIM-1")
    boek = openpyxl.load_workbook(
        io.BytesIO(client.get("/uitwisseling/sjabloon?soort=xlsx").get_data()), read_only=True
    )
    codes = [tuple(r) for r in boek["Codes"].iter_rows(values_only=True)]
    boek.close()
    eigen = [r for r in codes if r[0] == "vrijstelling_arbeidsplicht"]
    assert (
        "vrijstelling_arbeidsplicht",
        "VA-tijdelijk",
        "eigen code van de gemeente, in gebruik",
    ) in eigen
    assert any("andere eigen code" in (r[2] or "") for r in eigen)
    assert not any("GEHEIM" in str(r) for r in codes)


def test_two_metingen_of_a_klant_on_one_day_with_other_aanleidingen_are_flagged(client, km):
    """Both are imported, but which one counts then depended silently on the row order."""
    url = _proef(client, GOED, {**GOED, "aanleiding": "jaarlijks", "trede": "4"})
    verslag = _rapport()
    assert (verslag["fouten"], verslag["metingen_nieuw"]) == ([], 2)
    [[rij, kolom, melding]] = verslag["waarschuwingen"]
    assert (rij, kolom) == (3, "meetdatum") and "Rij 2 heeft een meting" in melding
    page = client.get(url).get_data(as_text=True)
    assert "<h2>Waarschuwingen</h2>" in page and "hangt dan af van de volgorde" in page
    _proef(client, GOED, {**GOED, "meetdatum": "2026-02-02"})
    assert _rapport()["waarschuwingen"] == []
