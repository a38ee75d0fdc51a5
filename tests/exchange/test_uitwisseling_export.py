"""Export of the participatiedatabase: CSV, XLSX and XML, access, personal data, SRG, audit."""

import datetime
import io
import re
from pathlib import Path

import openpyxl
import pytest

import models
from exchange.cellen import herstel, neutraliseer
from ladder.klantkenmerken import KLANTKENMERKEN
from ladder.meetmomenten import AANLEIDINGEN, UITSTROOMREDENEN
from ladder.treden import ALLE_WAARDEN
from models import Auditregel
from models.uitwisseling import SrgInstelling
from tests.fixtures.uitwisseling import (
    SCHEMA,
    csv_rijen,
    exporteer,
    maak_meting,
    valideer_xml,
    xlsx_rijen,
)

EXPORT = "/uitwisseling/export"


def _eigen(klant, km, **velden):
    """A meting the klantmanager handles, so within their reach as in the reports."""
    return maak_meting(klant, km, klantmanager=km, **velden)


def _export(client, **args):
    return exporteer(client, **args)


def test_csv_has_bom_semicolons_and_every_field_of_the_data_set(
    client, logged_in, make_klant, make_gebruiker
):
    km = logged_in("klantmanager")
    klant = make_klant(km.organisatie)
    _eigen(klant, km, trede=4, groei="+", toelichting="Werkt als vrijwilliger")
    response = _export(client, met_persoonsgegevens="y")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith("\ufeffmeting_id;klant_id;bsn;".encode())
    [rij] = csv_rijen(body)
    assert rij["bsn"] == klant.bsn and rij["achternaam"] == "Jansen"
    assert rij["trede"] == "4" and rij["groeipotentieel"] == "'+"
    assert (rij["v1"], rij["v2"], rij["v3"]) == ("nee", "", "ja")
    assert rij["subgroepen"] == "1" and rij["srg_code"] == "4"
    assert rij["lopend_p_instrument"] == "ja" and rij["toelichting"] == "Werkt als vrijwilliger"
    assert rij["invoerder"] == km.naam and rij["organisatie"] == km.organisatie.naam
    assert rij["meetdatum"] == "2026-02-02" and rij["status"] == "definitief"


def test_xlsx_export_has_the_same_row(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    _eigen(make_klant(km.organisatie), km, trede=6, groei=None)
    response = _export(client, formaat="xlsx", met_persoonsgegevens="y")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    kop, rij = xlsx_rijen(response.get_data())
    waarden = dict(zip(kop, rij, strict=True))
    assert waarden["trede"] == 6 and waarden["srg_code"] == "5b"
    assert waarden["meetdatum"] == datetime.datetime(2026, 2, 2)
    assert waarden["groeipotentieel"] is None  # n.v.t. on trede 6


def test_formula_cells_are_neutralised_and_the_importer_undoes_it():
    for waarde in ("=cmd|' /C calc'!A0", "+", "-", "@SUM(1)", "\tx", "'=x", "''+"):
        assert neutraliseer(waarde).startswith("'")
        assert herstel(neutraliseer(waarde)) == waarde
    for waarde in ("4+", "'s-Hertogenbosch", "Jansen", ""):
        assert neutraliseer(waarde) == waarde == herstel(waarde)


def test_hostile_text_is_neutralised_in_csv_and_xlsx(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    _eigen(make_klant(km.organisatie), km, toelichting='=HYPERLINK("http://x")')
    [rij] = csv_rijen(_export(client).get_data())
    assert rij["toelichting"] == '\'=HYPERLINK("http://x")'
    kop, cellen = xlsx_rijen(_export(client, formaat="xlsx").get_data())
    # In XLSX a text cell, which no spreadsheet runs: the text as it is, no literal quote.
    assert dict(zip(kop, cellen, strict=True))["toelichting"] == '=HYPERLINK("http://x")'


def test_the_xlsx_templates_help_reads_as_written(client, logged_in):
    """Issue 16: the help of the column groeipotentieel showed a literal "'+"."""
    logged_in("klantmanager")
    boek = openpyxl.load_workbook(
        io.BytesIO(client.get("/uitwisseling/sjabloon?soort=xlsx").get_data())
    )
    uitleg = {kolom.value: cel for kolom, cel in boek["Kolommen"].iter_rows()}
    cel = uitleg["groeipotentieel"]
    assert cel.value.startswith("+ of 0 bij trede 1 t/m 5") and cel.data_type == "s"
    assert cel.quotePrefix  # Excel keeps it a text when someone edits the cell


def test_only_visible_klanten_are_exported(client, logged_in, make_klant, make_gebruiker):
    km = logged_in("klantmanager")
    eigen = make_klant(km.organisatie, achternaam="Eigen")
    _eigen(eigen, km)
    elders = make_gebruiker(
        "klantmanager", organisatie=models.Organisatie.create(naam="Elders", soort="gemeente")
    )
    maak_meting(make_klant(elders.organisatie, achternaam="Vreemd"), elders)
    rijen = csv_rijen(_export(client, met_persoonsgegevens="y").get_data())
    assert [r["achternaam"] for r in rijen] == ["Eigen"]


def test_every_row_has_its_own_subgroepen(client, logged_in, make_klant):
    """They are read alongside the metingen (in the export's order, by BSN, not by id)."""
    km = logged_in("klantmanager")
    verwacht = {}
    for subgroepen in (("1", "3"), (), ("2",), ("1", "4", "7")):
        klant = make_klant(km.organisatie)
        for dag, codes in ((2, subgroepen), (1, ("5",))):
            meting = _eigen(klant, km, subgroepen=codes, meetdatum=datetime.date(2026, 2, dag))
            verwacht[str(meting.id)] = ",".join(codes)
    rijen = csv_rijen(_export(client).get_data())
    assert {rij["meting_id"]: rij["subgroepen"] for rij in rijen} == verwacht


def test_period_and_replaced_metingen(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    klant = make_klant(km.organisatie)
    _eigen(klant, km, meetdatum=datetime.date(2025, 1, 10), status="vervangen")
    _eigen(klant, km, meetdatum=datetime.date(2025, 1, 10), aanleiding="intake")
    _eigen(klant, km, meetdatum=datetime.date(2026, 1, 10))
    assert len(csv_rijen(_export(client).get_data())) == 2
    assert len(csv_rijen(_export(client, met_vervangen="y").get_data())) == 3
    periode = {"van-dag": 1, "van-maand": 1, "van-jaar": 2026}
    assert len(csv_rijen(_export(client, **periode).get_data())) == 1


def test_personal_data_only_when_asked(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    _eigen(make_klant(km.organisatie), km)
    [rij] = csv_rijen(_export(client).get_data())
    assert "bsn" not in rij and "achternaam" not in rij and rij["klant_id"]


def test_manager_exports_without_personal_data_only(client, logged_in, make_klant):
    manager = logged_in("manager")
    klant = make_klant(manager.organisatie)
    maak_meting(
        klant,
        models.Gebruiker.create(
            naam="Km",
            email="km@x.nl",
            wachtwoord_hash="x",
            rol="klantmanager",
            organisatie=manager.organisatie,
        ),
    )
    assert len(csv_rijen(_export(client).get_data())) == 1
    response = _export(client, met_persoonsgegevens="y")
    assert response.status_code == 422
    assert "alleen zonder persoonsgegevens" in response.get_data(as_text=True)
    assert klant.bsn not in response.get_data(as_text=True)
    meting = models.Meting.get()
    assert klant.bsn.encode() not in client.get(f"/metingen/{meting.id}.xml").get_data()


@pytest.mark.parametrize("rol", ["partner", "beheerder"])
def test_partners_and_beheerders_export_no_database(client, logged_in, rol):
    logged_in(rol)
    assert _export(client).status_code == 403


def test_every_export_is_logged_without_bsn(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    klant = make_klant(km.organisatie)
    _eigen(klant, km)
    for formaat in ("csv", "xlsx", "xml"):
        _export(client, formaat=formaat, met_persoonsgegevens="y")
    regels = list(Auditregel.select().where(Auditregel.object_type == "export"))
    assert [r.actie for r in regels] == ["exporteren"] * 3
    assert regels[0].omschrijving == "participatiedatabase csv: 1 metingen, met persoonsgegevens"
    assert all(klant.bsn not in r.omschrijving for r in regels)


def test_batch_xml_validates_against_the_schema(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    for trede in (1, 2, 3, 4, 5, 6, 0, 8, 9):
        _eigen(make_klant(km.organisatie), km, trede=trede, subgroepen=("1", "3"))
    for pg in ("y", ""):
        response = _export(client, formaat="xml", met_persoonsgegevens=pg, met_vervangen="y")
        assert response.status_code == 200 and response.mimetype == "application/xml"
        valideer_xml(response.get_data())


def test_meting_xml_validates_is_logged_and_respects_access(
    client, auth, logged_in, make_klant, make_gebruiker, meting
):
    km = logged_in("klantmanager")
    klant = (
        make_klant(km.organisatie, toelichting_vrij=None) if False else make_klant(km.organisatie)
    )
    m = meting.complete(klant.id, antwoorden=[False, True], groei=True)
    response = client.get(f"/metingen/{m.id}.xml")
    assert response.status_code == 200
    valideer_xml(response.get_data())
    assert klant.bsn.encode() in response.get_data()
    regel = (
        Auditregel.select()
        .where(Auditregel.object_type == "meting")
        .order_by(Auditregel.id.desc())
        .first()
    )
    assert regel.actie == "exporteren" and regel.object_id == str(m.id)
    auth.logout()
    vreemd = make_gebruiker(
        "klantmanager", organisatie=models.Organisatie.create(naam="Elders", soort="gemeente")
    )
    auth.login(vreemd.email)
    assert client.get(f"/metingen/{m.id}.xml").status_code == 404


@pytest.mark.parametrize(
    ("trede", "instrument", "verwacht"),
    [
        (6, "ja", "5b"),
        (5, "ja", "5a"),
        (4, "ja", "4"),
        (3, "ja", "3"),
        (2, "ja", "2"),
        (1, "ja", "1"),
        (4, "nee", "0"),
        (0, "ja", "99"),
        (8, "ja", "99"),
        (9, "nee", "0"),
    ],
)
def test_srg_code_for_every_trede(client, logged_in, make_klant, trede, instrument, verwacht):
    km = logged_in("klantmanager")
    _eigen(
        make_klant(km.organisatie),
        km,
        trede=trede,
        lopend_p_instrument=instrument,
        nieuw_p_instrument="nee",
    )
    [rij] = csv_rijen(_export(client).get_data())
    assert rij["srg_code"] == verwacht


def test_srg_codes_follow_the_organisation_mapping(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    SrgInstelling.create(organisatie=km.organisatie, code_0="0", code_8="1", code_9="4")
    for trede in (0, 8, 9):
        _eigen(
            make_klant(km.organisatie),
            km,
            trede=trede,
            lopend_p_instrument="nee",
            nieuw_p_instrument="ja",
        )
    rijen = csv_rijen(_export(client).get_data())
    assert sorted((r["trede"], r["srg_code"]) for r in rijen) == [
        ("0", "0"),
        ("8", "1"),
        ("9", "4"),
    ]


def test_meting_page_shows_the_srg_code(client, logged_in, make_klant, meting):
    km = logged_in("klantmanager")
    m = meting.complete(make_klant(km.organisatie).id, antwoorden=[True, True], groei=False)
    page = client.get(f"/metingen/{m.id}").get_data(as_text=True)
    assert "Positie op de SRG-ladder (tabel 1.1): 5a: Werk m.b.v. re-integratie" in page


def test_schema_codes_match_the_instrument_and_the_documented_example_is_valid():
    def waarden(naam):
        return set(SCHEMA.types[naam].enumeration)

    assert waarden("Aanleiding") == set(AANLEIDINGEN)
    assert waarden("Uitstroomreden") == set(UITSTROOMREDENEN)
    assert waarden("Trede") == set(ALLE_WAARDEN)
    assert waarden("Inkomenssituatie") == {code for code, _ in KLANTKENMERKEN[0].opties}
    assert waarden("SrgCode") == {"0", "1", "2", "3", "4", "5a", "5b", "99"}
    doc = (Path(__file__).parents[2] / "docs/xml-bericht.md").read_text()
    voorbeeld = re.search(r"```xml\n(.*?)```", doc, re.S).group(1)
    valideer_xml(voorbeeld.encode())


def test_a_link_with_personal_data_downloads_nothing(client, logged_in, make_klant):
    """A cross-site link once downloaded personal data under the user's name (issue 14, 15)."""
    km = logged_in("klantmanager")
    klant = make_klant(km.organisatie)
    _eigen(klant, km)
    response = client.get(f"{EXPORT}?formaat=csv&met_persoonsgegevens=y")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    pagina = response.get_data(as_text=True)
    assert klant.bsn not in pagina and 'method="post"' in pagina
    # The selection of the link is shown, to be sent with the button (and its token).
    [vinkje] = re.findall(r'<input[^>]*name="met_persoonsgegevens"[^>]*>', pagina)
    assert "checked" in vinkje
    assert not models.Auditregel.select().where(models.Auditregel.actie == "exporteren").exists()


def test_an_export_without_csrf_token_is_refused(client, logged_in, make_klant):
    km = logged_in("klantmanager")
    klant = make_klant(km.organisatie)
    _eigen(klant, km)
    response = client.post(EXPORT, data={"formaat": "csv", "met_persoonsgegevens": "y"})
    assert response.status_code == 400
    assert klant.bsn not in response.get_data(as_text=True)
    assert "Formulier verlopen" in response.get_data(as_text=True)
    assert not models.Auditregel.select().where(models.Auditregel.actie == "exporteren").exists()


def test_csv_downloads_name_their_charset_once(client, auth, logged_in):
    """Content-Type was "text/csv; charset=utf-8; charset=utf-8"."""
    km = logged_in("klantmanager")
    antwoorden = [
        exporteer(client),
        client.get("/uitwisseling/sjabloon?soort=csv"),
        client.get("/rapporten/stand.csv"),
    ]
    auth.logout()
    logged_in("beheerder")
    antwoorden.append(client.get("/beheer/audit/export.csv"))
    for response in antwoorden:
        assert response.status_code == 200, response.request.path
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert km.organisatie_id
