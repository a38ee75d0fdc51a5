"""The export's own XLSX writer gives every cell what openpyxl's write-only mode gave it:
value, type, date format and Excel's quotePrefix; Excel's checks of the package hold."""

import datetime
import io
import zipfile

import openpyxl
import pytest
from openpyxl.cell import WriteOnlyCell

from exchange import schrijvers
from exchange.cellen import xlsx_cel

WAARDEN = [
    "Jansen",
    '=HYPERLINK("http://x")',
    "+31 6 1234",
    "-",
    "@SUM(A1)",
    "\tx",
    "'s-Hertogenbosch",
    "''+",
    "\x01=cmd|' /C calc'!A0",  # the control character goes first, then it starts with =
    "0123",
    "012345678",
    "1e5",
    " spaties ",
    "a\nb",
    "<b>&amp; \"quotes\" 'x'</b>",
    "Ünïcode ✓ 😀",
    "",
    None,
    0,
    6,
    -3,
    4.5,
    12345678901234,
    True,
    datetime.date(2026, 2, 2),
    datetime.date(1900, 1, 1),
    datetime.datetime(2026, 2, 2, 13, 5),
]


def _oud(namen: list[str], rijen: list[dict]) -> bytes:
    """The export as openpyxl's write-only mode wrote it before (the reference)."""
    boek = openpyxl.Workbook(write_only=True)
    blad = boek.create_sheet("Metingen")
    blad.append([xlsx_cel(blad, naam) for naam in namen])
    for rij in rijen:
        cellen = []
        for naam in namen:
            waarde = rij.get(naam)
            if isinstance(waarde, datetime.date):
                cel = WriteOnlyCell(blad, value=waarde)
                cel.number_format = "dd-mm-yyyy"
                cellen.append(cel)
            else:
                cellen.append(xlsx_cel(blad, waarde))
        blad.append(cellen)
    output = io.BytesIO()
    boek.save(output)
    return output.getvalue()


def _cellen(inhoud: bytes) -> list[list[tuple]]:
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    blad = boek.worksheets[0]
    assert blad.title == "Metingen"
    return [
        [(c.value, c.data_type, c.is_date, c.quotePrefix) for c in rij] for rij in blad.iter_rows()
    ]


def test_every_cell_is_what_openpyxl_wrote():
    namen = [f"k{i}" for i in range(len(WAARDEN))]
    rijen = [dict(zip(namen, WAARDEN, strict=True)), {"k0": "alleen de eerste"}, {}]
    nieuw, oud = schrijvers.schrijf_xlsx(namen, rijen), _oud(namen, rijen)
    assert _cellen(nieuw) == _cellen(oud)
    [kop, rij, *_] = _cellen(nieuw)
    assert kop[0] == ("k0", "s", False, False)
    assert rij[1] == ('=HYPERLINK("http://x")', "s", False, True)
    assert rij[8][0] == "=cmd|' /C calc'!A0" and rij[8][3]
    assert rij[24] == (datetime.datetime(2026, 2, 2), "d", True, False)


@pytest.mark.parametrize("titel", ["Metingen", "A & B <c>", "x" * 40])
def test_the_package_holds_what_excel_requires(titel):
    inhoud = schrijvers.schrijf_xlsx(["bsn"], [{"bsn": "012345678"}], titel)
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zf:
        assert zf.testzip() is None
        namen = set(zf.namelist())
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml"} <= namen
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    assert boek.sheetnames == [titel[:31]]
    assert boek.worksheets[0]["A2"].value == "012345678"


def test_a_date_keeps_its_format():
    inhoud = schrijvers.schrijf_xlsx(["meetdatum"], [{"meetdatum": datetime.date(2026, 2, 2)}])
    cel = openpyxl.load_workbook(io.BytesIO(inhoud)).worksheets[0]["A2"]
    assert cel.number_format == "dd\\-mm\\-yyyy" or cel.number_format == "dd-mm-yyyy"
