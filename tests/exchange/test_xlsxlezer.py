"""The fast XLSX reader (calamine) reads every cell as openpyxl does, and a workbook that
could make it allocate much, or read a value otherwise, goes to openpyxl untouched."""

import contextlib
import datetime
import io
import random
import re
import zipfile

import openpyxl
import pytest
import python_calamine
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from exchange import bestand, schrijvers, xlsxlezer
from exchange.bestand import Bestandsfout, Grenzen, lees
from exchange.cellen import xlsx_rij

GRENZEN = Grenzen()
BOUND = GRENZEN.max_rijen + GRENZEN.marge_rijen


def _opslaan(boek: openpyxl.Workbook) -> bytes:
    output = io.BytesIO()
    boek.save(output)
    return output.getvalue()


def _bewerk(inhoud: bytes, onderdeel: str, van: bytes, naar: bytes) -> bytes:
    """The workbook with one text of one part replaced (by hand, as other programs write)."""
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zf:
        onderdelen = {naam: zf.read(naam) for naam in zf.namelist()}
    assert van in onderdelen[onderdeel], onderdelen[onderdeel][:2000]
    onderdelen[onderdeel] = onderdelen[onderdeel].replace(van, naar)
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as zf:
        for naam, data in onderdelen.items():
            zf.writestr(naam, data)
    return output.getvalue()


def _beide(inhoud: bytes) -> tuple[bestand.Tabel, bestand.Tabel]:
    """The table as read by calamine (which must take it) and as openpyxl reads it."""
    assert xlsxlezer.is_eenvoudig(inhoud, BOUND, GRENZEN.max_kolommen)
    return lees(inhoud, "xlsx", GRENZEN), bestand._lees_openpyxl(inhoud, GRENZEN)


@pytest.fixture
def gelezen_door(monkeypatch):
    """Which reader read the file: the names of those that opened it."""
    namen = []
    echt_calamine = python_calamine.CalamineWorkbook.from_filelike
    echt_openpyxl = bestand._lees_openpyxl

    def calamine(*args):
        namen.append("calamine")
        return echt_calamine(*args)

    def met_openpyxl(*args):
        namen.append("openpyxl")
        return echt_openpyxl(*args)

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", calamine)
    monkeypatch.setattr(bestand, "_lees_openpyxl", met_openpyxl)
    return namen


def test_every_kind_of_cell_reads_the_same():
    boek = openpyxl.Workbook()
    blad = boek.active
    blad.append(["BSN", "Meetdatum", "Tijd", "Getal", "Tekst", "Waar", "Leeg", "Komma"])
    blad.append(
        [
            123456782,
            datetime.date(2024, 2, 29),
            datetime.datetime(2024, 2, 29, 13, 5),
            4.0,
            "0123",
            True,
            None,
            4.5,
        ]
    )
    blad.append([])  # an empty row keeps its number
    blad.append(
        ["012345678", datetime.datetime(1999, 12, 31), datetime.time(12), -0.0, " x ", False]
    )
    blad.append(xlsx_rij(blad, ["=SOM(A1)", "'s-Hertogenbosch", "+31 6", "@x", "-", "1e5"]))
    blad.append([1e20, 0.1, 12345678901234, "Ünïcode ✓", "a\nb", 3])
    calamine, met_openpyxl = _beide(_opslaan(boek))
    assert calamine == met_openpyxl
    eerste = ["123456782", "2024-02-29", "2024-02-29", "4", "0123", "ja", "", "4.5"]
    assert calamine.rijen[0] == (2, eerste)
    assert calamine.rijen[1][0] == 4 and calamine.rijen[1][1][:2] == ["012345678", "1999-12-31"]
    assert calamine.rijen[2][1][0] == "=SOM(A1)" and not calamine.formules


def test_a_sheet_that_starts_lower_and_further_right_keeps_its_row_numbers():
    boek = openpyxl.Workbook()
    boek.active["C3"] = "bsn"
    boek.active["D3"] = "meetdatum"
    boek.active["C6"] = "123456782"
    boek.active["D6"] = datetime.date(2026, 2, 1)
    calamine, met_openpyxl = _beide(_opslaan(boek))
    assert calamine == met_openpyxl
    assert calamine.kop == ["", "", "bsn", "meetdatum"]
    assert calamine.rijen == [(6, ["", "", "123456782", "2026-02-01"])]


def test_dates_of_the_1904_calendar_read_the_same():
    boek = openpyxl.Workbook()
    boek.epoch = CALENDAR_MAC_1904
    boek.active.append(["bsn", "meetdatum"])
    boek.active.append(["123456782", datetime.date(2026, 2, 1)])
    calamine, met_openpyxl = _beide(_opslaan(boek))
    assert calamine == met_openpyxl and calamine.rijen == [(2, ["123456782", "2026-02-01"])]


def test_the_export_and_the_template_read_the_same():
    """What the application writes itself, with texts that look like numbers and formulas."""
    rijen = [
        {"bsn": "012345678", "meetdatum": datetime.date(2026, 2, 1), "trede": 3},
        {"bsn": "123456782", "toelichting": "=1+1", "achternaam": "'t Hart", "trede": None},
    ]
    namen = ["bsn", "achternaam", "meetdatum", "trede", "toelichting"]
    calamine, met_openpyxl = _beide(schrijvers.schrijf_xlsx(namen, rijen))
    assert calamine == met_openpyxl
    assert calamine.rijen == [
        (2, ["012345678", "", "2026-02-01", "3"]),
        (3, ["123456782", "'t Hart", "", "", "=1+1"]),
    ]
    calamine, met_openpyxl = _beide(schrijvers.sjabloon_xlsx(["X1"]))
    assert calamine == met_openpyxl and calamine.rijen == []


def test_a_formula_without_its_value_is_still_an_error(gelezen_door):
    inhoud = _bewerk(
        openpyxl_bestand(["bsn", "trede"], ["123456782", 3]),
        "xl/worksheets/sheet1.xml",
        b'<c r="B2" t="n"><v>3</v></c>',
        b'<c r="B2"><f>1+2</f></c>',
    )
    tabel = lees(inhoud, "xlsx", GRENZEN)
    assert tabel.rijen == [(2, ["123456782"])] and tabel.formules == {(2, 1): "formule"}
    assert gelezen_door == ["calamine"]


def openpyxl_bestand(*rijen: list) -> bytes:
    boek = openpyxl.Workbook()
    for rij in rijen:
        boek.active.append(rij)
    return _opslaan(boek)


BLAD = "xl/worksheets/sheet1.xml"
GEWOON = b'<c r="B2" t="inlineStr"><is><t>x</t></is></c>'


@pytest.mark.parametrize(
    ("naar", "waarom"),
    [
        (b'<c r="B2" t="e"><v>#N/A</v></c>', "calamine reads an error as empty"),
        (b'<c r="B2" t="n"><v>12345678901234567</v></c>', "calamine rounds it"),
        (b'<c r="B2" t="n"><v>' + b"9" * 5000 + b"</v></c>", "calamine reads inf"),
        (b'<c t="inlineStr"><is><t>x</t></is></c>', "no r: calamine would place it"),
        (b'<c t="inlineStr" r="B2"><is><t>x</t></is></c>', "r not first"),
        (b"<c r='B2' t=\"inlineStr\"><is><t>x</t></is></c>", "r in single quotes"),
        (b'<c\nr="B2" t="inlineStr"><is><t>x</t></is></c>', "a newline before r"),
        (b'<c r="b2" t="inlineStr"><is><t>x</t></is></c>', "a lower-case reference"),
        (b'<c r="XFD2" t="inlineStr"><is><t>x</t></is></c>', "beyond the columns"),
        (b'<c r="B1048576" t="inlineStr"><is><t>x</t></is></c>', "beyond the rows"),
        (b'<c r="B0021001" t="inlineStr"><is><t>x</t></is></c>', "beyond, with zeros"),
        (b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>', "the last cell"),
    ],
)
def test_a_workbook_calamine_could_read_otherwise_goes_to_openpyxl(gelezen_door, naar, waarom):
    inhoud = _bewerk(openpyxl_bestand(["bsn", "x"], ["123456782", "x"]), BLAD, GEWOON, naar)
    assert not xlsxlezer.is_eenvoudig(inhoud, BOUND, GRENZEN.max_kolommen), waarom
    with contextlib.suppress(Bestandsfout):  # too many rows: openpyxl's bound and message
        lees(inhoud, "xlsx", GRENZEN)
    assert gelezen_door == ["openpyxl"], waarom


def test_a_prefixed_sheet_goes_to_openpyxl(gelezen_door):
    inhoud = openpyxl_bestand(["bsn"], ["123456782"])
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zf:
        blad = zf.read(BLAD)
    prefixed = re.sub(rb"<(/?)(\w+)([\s/>])", rb"<\1x:\2\3", blad).replace(b"xmlns=", b"xmlns:x=")
    inhoud = _bewerk(inhoud, BLAD, blad, prefixed)
    assert not xlsxlezer.is_eenvoudig(inhoud, BOUND, GRENZEN.max_kolommen)
    assert lees(inhoud, "xlsx", GRENZEN).rijen == [(2, ["123456782"])]
    assert gelezen_door == ["openpyxl"]


def test_a_lying_dimension_is_no_reason_to_leave_calamine(gelezen_door):
    inhoud = openpyxl_bestand(["bsn"], ["123456782"])
    inhoud = _bewerk(inhoud, BLAD, b'<dimension ref="A1:A2"', b'<dimension ref="A1:XFD1048576"')
    assert lees(inhoud, "xlsx", GRENZEN).rijen == [(2, ["123456782"])]
    assert gelezen_door == ["calamine"]


def test_rows_at_the_bound_are_read_one_more_is_not(gelezen_door):
    grenzen = Grenzen(max_rijen=5, marge_rijen=10)
    rand = openpyxl_bestand(["bsn"], ["123456782"])
    rand = _bewerk(rand, BLAD, b'<row r="2"><c r="A2"', b'<row r="15"><c r="A15"')
    assert lees(rand, "xlsx", grenzen).rijen == [(15, ["123456782"])]
    verder = _bewerk(rand, BLAD, b'<row r="15"><c r="A15"', b'<row r="16"><c r="A16"')
    with pytest.raises(Bestandsfout, match="meer dan 15 regels"):
        lees(verder, "xlsx", grenzen)
    assert gelezen_door == ["calamine", "openpyxl"]


def test_an_error_of_calamine_leaves_the_file_to_openpyxl(monkeypatch, gelezen_door):
    def kapot(*args):
        raise python_calamine.CalamineError("stuk")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", kapot)
    assert lees(openpyxl_bestand(["bsn"], ["1"]), "xlsx", GRENZEN).rijen == [(2, ["1"])]
    assert gelezen_door == ["openpyxl"]


@pytest.mark.parametrize("grens", [1, 9, 10, 99, 100, 21000, 20999, 30000, 99999])
def test_the_pattern_for_rows_above_the_bound_is_exact(grens):
    patroon = re.compile(xlsxlezer.groter_dan(str(grens), "0123456789") + b"$")
    kans = random.Random(grens)
    for getal in [*range(max(grens - 50, 1), grens + 50), *kans.sample(range(1, 10**7), 300)]:
        assert bool(patroon.match(str(getal).encode())) == (getal > grens), getal


@pytest.mark.parametrize("grens", [1, 3, 26, 27, 52, 87, 700, 702, 703, 16384])
def test_the_pattern_for_columns_beyond_the_bound_is_exact(grens):

    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    patroon = re.compile(xlsxlezer.groter_dan(get_column_letter(grens), letters) + b"$")
    for kolom in [*range(1, 800), *range(16000, 16385)]:
        naam = get_column_letter(kolom).encode()
        assert bool(patroon.match(naam)) == (kolom > grens), naam
