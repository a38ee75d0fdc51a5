"""A workbook of one sheet of rows, written as XML text straight into the zip.

openpyxl's write-only mode builds a cell object and an element per value; for the
participatiedatabase (16 000 metingen, 45 columns) that took some 8 of the 14 seconds of an
export. Here a row is one string. The cells are what openpyxl wrote: a text is an inline
text cell through the one rule for XLSX texts (cellen.xlsx_tekst: never a formula, Excel's
quotePrefix when it starts like one), a date a number formatted dd-mm-jjjj, a number a
number; None leaves the cell out. The sheet is streamed into the zip, so memory
does not grow with the rows.
"""

import datetime
import io
import zipfile
from collections.abc import Iterable, Sequence
from typing import BinaryIO
from xml.sax.saxutils import escape, quoteattr

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from exchange.cellen import bladnaam, xlsx_tekst

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Style 0: general; 1: a date as dd-mm-yyyy (format 164, the first of one's own); 2: a text
# with quotePrefix, so that editing the cell keeps it a text.
DATUM, APOSTROF = 1, 2
STYLES = (
    f'{XML}<styleSheet xmlns="{NS}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd\\-mm\\-yyyy"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
_SOORT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
CONTENT_TYPES = (
    f'{XML}<Types xmlns="{PKG}/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_SOORT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_SOORT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_SOORT}.styles+xml"/>'
    "</Types>"
)
RELS = (
    f'{XML}<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK_RELS = (
    f'{XML}<Relationships xmlns="{PKG}/relationships">'
    f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/>'
    "</Relationships>"
)


def _workbook(titel: str) -> str:
    naam = quoteattr(bladnaam(titel)[:31] or "Blad1")
    return (
        f'{XML}<workbook xmlns="{NS}" xmlns:r="{REL}">'
        f'<sheets><sheet name={naam} sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _cel(ref: str, waarde: object) -> str:
    if waarde is None:
        return ""
    if waarde == "":
        return f'<c r="{ref}" t="inlineStr"/>'  # as openpyxl wrote it: an empty text cell
    if isinstance(waarde, str):
        tekst, apostrof = xlsx_tekst(waarde)
        stijl = f' s="{APOSTROF}"' if apostrof else ""
        return (
            f'<c r="{ref}"{stijl} t="inlineStr"><is><t xml:space="preserve">{escape(tekst)}'
            "</t></is></c>"
        )
    if isinstance(waarde, bool):
        return f'<c r="{ref}" t="b"><v>{int(waarde)}</v></c>'
    if isinstance(waarde, datetime.date):
        return f'<c r="{ref}" s="{DATUM}"><v>{to_excel(waarde)}</v></c>'
    if isinstance(waarde, int | float):
        return f'<c r="{ref}"><v>{waarde!r}</v></c>'
    return _cel(ref, str(waarde))


def _rij(nr: int, letters: list[str], waarden: Sequence) -> str:
    cellen = "".join(_cel(f"{k}{nr}", w) for k, w in zip(letters, waarden, strict=True))
    return f'<row r="{nr}">{cellen}</row>'


def werkboek(kop: Sequence[str], rijen: Iterable[Sequence], titel: str) -> bytes:
    """An XLSX file: the header row, then each row of values, on one sheet named titel."""
    output = io.BytesIO()
    werkboek_naar(output, kop, rijen, titel)
    return output.getvalue()


def werkboek_naar(uit: BinaryIO, kop: Sequence[str], rijen: Iterable[Sequence], titel: str) -> None:
    """The same workbook written into a seekable binary file (an export's temporary file),
    so that not even the compressed file is held in memory."""
    letters = [get_column_letter(i) for i in range(1, len(kop) + 1)]
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", RELS)
        zf.writestr("xl/workbook.xml", _workbook(titel))
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w") as blad:
            blad.write(f'{XML}<worksheet xmlns="{NS}"><sheetData>'.encode())
            blad.write(_rij(1, letters, kop).encode())
            for nr, waarden in enumerate(rijen, 2):
                blad.write(_rij(nr, letters, waarden).encode())
            blad.write(b"</sheetData></worksheet>")
