"""Hostile and odd import files: wrong type, too big, too many rows, zip bombs, macros,
formulas, CSV injection; and the plain variants people make in Excel."""

import io
import re
import zipfile

import openpyxl
import pytest

import models
from app import create_app
from exchange import bestand
from exchange.bestand import Bestandsfout, Grenzen, lees, soort_van
from exchange.cellen import xlsx_rij
from models import Importbatch, Klant
from tests.conftest import PASSWORD, FormClient
from tests.fixtures.uitwisseling import inlezen, maak_csv, maak_xlsx, upload
from tests.test_uitwisseling_import import GOED, KOP

GRENZEN = Grenzen()


def _waarden(**over) -> list[str]:
    return [{**GOED, **over}.get(k, "") for k in KOP]


def _zip(onderdelen: dict[str, bytes]) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zf:
        for naam, inhoud in onderdelen.items():
            zf.writestr(naam, inhoud)
    return output.getvalue()


@pytest.fixture
def km(logged_in, clock):
    return logged_in("klantmanager")


def _weigering(client, inhoud: bytes, naam: str, mimetype: str | None = None) -> str:
    response = upload(client, inhoud, naam, mimetype)
    assert response.status_code == 422
    assert Importbatch.select().count() == 0
    return response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("inhoud", "naam", "mimetype", "melding"),
    [
        (b"%PDF-1.4", "rapport.pdf", None, "Alleen CSV- en XLSX-bestanden"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "foto.csv", None, "Dit is geen CSV-bestand"),
        (b"bsn;achternaam\n", "lijst.csv", "image/png", "Het bestandstype past niet"),
        (b"PK\x03\x04rommel", "werkmap.xlsx", None, "geen geldig XLSX-bestand"),
        (b"bsn\n123", "werkmap.xlsx", None, "geen geldig XLSX-bestand"),
        (b"PK\x03\x04", "macro.xlsm", None, "Bestanden met macro’s"),
        (b"", "leeg.csv", None, "Het bestand is leeg"),
    ],
)
def test_wrong_types_are_refused(client, km, inhoud, naam, mimetype, melding):
    assert melding in _weigering(client, inhoud, naam, mimetype)


def test_xlsx_with_a_vba_project_is_refused(client, km):
    inhoud = _zip({"xl/workbook.xml": b"<workbook/>", "xl/vbaProject.bin": b"\x00" * 10})
    assert "macro" in _weigering(client, inhoud, "onschuldig.xlsx")


def test_zip_bomb_is_refused_before_openpyxl_reads_it(client, km, monkeypatch):
    import exchange.bestand

    def nooit(*args, **kwargs):
        raise AssertionError("openpyxl mag een zip-bom niet openen")

    monkeypatch.setattr(exchange.bestand, "load_workbook", nooit)
    bom = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"0" * 20_000_000})
    assert len(bom) < 100_000
    assert "zip-bom" in _weigering(client, bom, "bom.xlsx")


def test_total_unpacked_size_is_capped(km):
    inhoud = maak_xlsx([KOP, _waarden()])
    with pytest.raises(Bestandsfout, match="zip-bom"):
        soort_van("a.xlsx", "", inhoud, Grenzen(max_uitgepakt=1000))


def test_oversize_file_is_refused(client, app, km):
    app.config["IMPORT_MAX_BYTES"] = 200
    inhoud = maak_csv([KOP] + [_waarden()] * 5)
    assert "groter dan" in _weigering(client, inhoud, "groot.csv")


def test_too_many_rows_are_refused(client, app, km):
    app.config["IMPORT_MAX_ROWS"] = 2
    inhoud = maak_csv([KOP] + [_waarden(meetdatum=f"2026-01-0{d}") for d in range(1, 4)])
    assert "meer dan 2 rijen" in _weigering(client, inhoud, "lang.csv")


def _app_met_omgeving(app, monkeypatch, **omgeving):
    """A second app on the same database, started with these environment variables."""
    for naam, waarde in omgeving.items():
        monkeypatch.setenv(naam, waarde)
    if not models.db.is_closed():
        models.db.close()
    nieuw = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "SECRET_KEY": "test-secret-key",
            "SESSION_COOKIE_SECURE": False,
            "TWEE_FACTOR": False,
        }
    )
    models.db.connect(reuse_if_open=True)
    return nieuw


def test_an_operator_sets_the_import_limits_in_the_environment(app, km, monkeypatch):
    groot = str(40 * 1024 * 1024)
    ingesteld = _app_met_omgeving(
        app,
        monkeypatch,
        IMPORT_MAX_ROWS="2",
        IMPORT_MAX_BYTES=groot,
        IMPORT_MAX_UNZIPPED="1000000",
        IMPORT_BEWAAR_MINUTEN="30",
    )
    assert Grenzen.uit(ingesteld.config) == Grenzen(
        max_bytes=int(groot), max_rijen=2, max_uitgepakt=1_000_000, bewaar_minuten=30
    )
    # A request can carry a file as large as the import accepts.
    assert ingesteld.config["MAX_CONTENT_LENGTH"] > int(groot)
    client = FormClient(ingesteld.test_client())
    client.submit("/inloggen", {"email": km.email, "wachtwoord": PASSWORD})
    inhoud = maak_csv([KOP] + [_waarden(meetdatum=f"2026-01-0{d}") for d in range(1, 4)])
    response = upload(client, inhoud, "lang.csv")
    assert response.status_code == 422
    assert "meer dan 2 rijen" in response.get_data(as_text=True)


def test_without_the_environment_the_defaults_hold(app):
    assert Grenzen.uit(app.config) == Grenzen()
    assert app.config["MAX_CONTENT_LENGTH"] == 16 * 1024 * 1024


@pytest.mark.parametrize("waarde", ["veel", "0", "-5", "2.5"])
def test_a_wrong_limit_in_the_environment_stops_the_start(app, monkeypatch, waarde):
    monkeypatch.setenv("IMPORT_MAX_ROWS", waarde)
    with pytest.raises(ValueError, match="IMPORT_MAX_ROWS moet een positief geheel getal"):
        create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"]})


def test_formula_cells_in_xlsx_are_errors(client, km):
    inhoud = maak_xlsx([KOP, _waarden(bsn="=1+1"), _waarden(bsn="111222333", trede="=A1")])
    response = upload(client, inhoud, "formules.xlsx")
    assert response.status_code == 303
    fouten = Importbatch.get().rapport_dict["fouten"]
    assert [2, "bsn", "De cel bevat een formule; alleen waarden worden ingelezen."] in fouten
    assert [3, "trede", "De cel bevat een formule; alleen waarden worden ingelezen."] in fouten


@pytest.mark.parametrize(
    "gevaarlijk", ["=cmd|' /C calc'!A0", "+cmd|' /C calc'!A0", "-2+3|x", "@SUM(A1:A2)"]
)
def test_csv_injection_cells_are_errors_not_imported(client, km, gevaarlijk):
    response = upload(client, maak_csv([KOP, _waarden(toelichting=gevaarlijk)]), "dde.csv")
    assert response.status_code == 303
    [[rij, kolom, melding]] = Importbatch.get().rapport_dict["fouten"]
    assert (rij, kolom) == (2, "toelichting") and "formule" in melding
    inlezen(client, response.headers["Location"])
    assert Klant.select().count() == 0


def test_neutralised_cells_are_read_back_without_their_quote():
    tabel = lees(
        maak_csv([["bsn", "groeipotentieel", "toelichting"], ["1", "'+", "'=x"]]), "csv", GRENZEN
    )
    assert tabel.rijen == [(2, ["1", "+", "=x"])] and not tabel.formules


TEKSTEN_MET_TEKEN = ["=x", "+", "-", "@SUM(1)", "'=x", "'s-Hertogenbosch", "''+"]


def test_an_xlsx_text_cell_is_read_as_it_is_whatever_it_starts_with():
    """A text cell is no formula: "=x" is text, and a quote in it is part of the text (Excel
    keeps the apostrophe someone typed in front out of the cell; the export writes no quote)."""
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(["bsn", *(f"t{i}" for i in range(len(TEKSTEN_MET_TEKEN)))])
    blad.append(xlsx_rij(blad, ["1", *TEKSTEN_MET_TEKEN]))
    uit = io.BytesIO()
    boek.save(uit)
    tabel = lees(uit.getvalue(), "xlsx", GRENZEN)
    assert tabel.rijen == [(2, ["1", *TEKSTEN_MET_TEKEN])] and not tabel.formules


def test_excel_habits_are_understood():
    """Numbers as numbers, dates as dates, comma separated, Windows-1252, blank rows."""
    rijen = [["BSN", "Meetdatum", "Trede", "Startkwalificatie"], [123456782, None, 4.0, True]]
    tabel = lees(maak_xlsx(rijen), "xlsx", GRENZEN)
    assert tabel.kop == ["bsn", "meetdatum", "trede", "startkwalificatie"]
    assert tabel.rijen == [(2, ["123456782", "", "4", "ja"])]
    cp1252 = "bsn,achternaam\n\n111222333,Hoël\n".encode("cp1252")
    assert lees(cp1252, "csv", GRENZEN).rijen == [(3, ["111222333", "Hoël"])]


def test_missing_bsn_column_is_a_file_error(client, km):
    pagina = _weigering(client, maak_csv([["naam"], ["Jansen"]]), "geen-bsn.csv")
    assert "De kolom bsn ontbreekt" in pagina


def test_unknown_columns_are_ignored_and_named(client, km):
    upload(client, maak_csv([[*KOP, "opmerking"], [*_waarden(), "x"]]), "extra.csv")
    assert Importbatch.get().rapport_dict["genegeerde_kolommen"] == ["opmerking"]


def _opgeblazen(rijen: list[list], ver_weg: str | None, dimensie: str | None = None) -> bytes:
    """A small workbook whose sheet claims (or has, with a cell at ver_weg) a huge size."""
    boek = openpyxl.Workbook()
    for rij in rijen:
        boek.active.append(rij)
    if ver_weg:
        boek.active[ver_weg] = "x"
    output = io.BytesIO()
    boek.save(output)
    if dimensie is None:
        return output.getvalue()
    return _vervang_dimensie(output.getvalue(), dimensie)


def _vervang_dimensie(inhoud: bytes, dimensie: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zf:
        onderdelen = {naam: zf.read(naam) for naam in zf.namelist()}
    blad = onderdelen["xl/worksheets/sheet1.xml"]
    onderdelen["xl/worksheets/sheet1.xml"] = re.sub(
        rb'<dimension ref="[^"]*"', f'<dimension ref="{dimensie}"'.encode(), blad
    )
    return _zip(onderdelen)


@pytest.fixture
def werk(monkeypatch):
    """The work the reader does on a workbook: the rows it takes from openpyxl, and the
    widest. Counted rather than timed, so a busy machine cannot make the test pass or fail;
    the bound is what made a hostile file cheap (issue 14, item 2)."""
    teller = {"rijen": 0, "breedste": 0}
    echt = bestand._regels

    def tellend(*args, **kwargs):
        for regel in echt(*args, **kwargs):
            teller["rijen"] += 1
            teller["breedste"] = max(teller["breedste"], len(regel))
            yield regel

    monkeypatch.setattr(bestand, "_regels", tellend)

    def begrensd(doe, grenzen=GRENZEN):
        uitkomst = doe()
        # Values and cached formulas are read in two passes, each within the row bound.
        assert teller["rijen"] <= 2 * (grenzen.max_rijen + grenzen.marge_rijen + 1), teller
        assert teller["breedste"] <= grenzen.max_kolommen, teller
        return uitkomst

    return begrensd


def test_a_declared_dimension_of_the_whole_sheet_is_not_trusted(client, km, werk):
    """2 KB claiming A1:XFD1048576 once kept a thread busy for minutes (issue 14, item 2)."""
    inhoud = _opgeblazen([KOP, _waarden()], None, "A1:XFD1048576")
    assert len(inhoud) < 10_000
    response = werk(lambda: upload(client, inhoud, "opgeblazen.xlsx"))
    assert response.status_code == 303
    assert Importbatch.get().rapport_dict["rijen"] == 1


def test_a_lying_dimension_of_some_hundred_rows_is_read_quickly(werk):
    """Small enough that the old padding finished at all (in seconds): the regression."""
    inhoud = _opgeblazen([KOP, _waarden()], None, "A1:XFD300")
    tabel = werk(lambda: lees(inhoud, "xlsx", GRENZEN))
    assert [nr for nr, _ in tabel.rijen] == [2]
    assert len(tabel.kop) == len(KOP)


def test_a_cell_in_the_last_row_and_column_is_refused_quickly(client, km, werk):
    inhoud = _opgeblazen([KOP, _waarden()], "XFD1048576")
    pagina = werk(lambda: _weigering(client, inhoud, "ver-weg.xlsx"))
    assert "lege regels tellen mee" in pagina


@pytest.mark.parametrize("soort", ["csv", "xlsx"])
def test_empty_rows_between_data_rows_count_towards_the_bound(soort):
    grenzen = Grenzen(max_rijen=5, marge_rijen=10)
    rijen = [KOP, _waarden(), *([[""]] * 20), _waarden()]
    inhoud = maak_csv(rijen) if soort == "csv" else maak_xlsx(rijen)
    with pytest.raises(Bestandsfout, match="meer dan 15 regels"):
        lees(inhoud, soort, grenzen)
    assert len(lees(inhoud, soort, Grenzen(max_rijen=5, marge_rijen=30)).rijen) == 2


@pytest.mark.parametrize("soort", ["csv", "xlsx"])
def test_cells_beyond_the_column_bound_are_not_read(soort, werk):
    """No column of the data set lies there; a cell in XFD no longer pads every row."""
    rijen = [KOP, [*_waarden(), *([""] * 200), "ver weg"]]
    inhoud = maak_csv(rijen) if soort == "csv" else _opgeblazen([KOP, _waarden()], "XFD2")
    tabel = werk(lambda: lees(inhoud, soort, GRENZEN))
    [(nr, waarden)] = tabel.rijen
    assert nr == 2 and len(waarden) <= GRENZEN.max_kolommen and "ver weg" not in waarden


def test_reading_stops_at_the_deadline():
    with pytest.raises(Bestandsfout, match="duurt te lang"):
        lees(maak_csv([KOP, _waarden()]), "csv", Grenzen(max_seconden=-1))
