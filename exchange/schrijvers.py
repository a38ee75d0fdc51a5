"""CSV and XLSX files of rows, and the import template.

CSV is UTF-8 with a BOM and ``;`` between cells, so Dutch Excel opens it as it is. Every
text cell goes through the one neutraliser (cellen: ``tekstcel`` for CSV, ``xlsx_tekst`` and
``xlsx_cel`` for XLSX).
"""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from openpyxl import Workbook

from exchange import xlsxschrijver
from exchange.cellen import tekstcel, xlsx_rij
from exchange.kolommen import IMPORT_KOLOMMEN
from ladder.klantkenmerken import KLANTKENMERKEN
from ladder.meetmomenten import AANLEIDINGEN, UITSTROOMREDENEN
from ladder.subgroepen import SUBGROEPEN

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Flask adds "; charset=utf-8" to every text/* type itself (naming it here doubled it).
CSV_MIMETYPE = "text/csv"


def csv_tekst(waarde: object) -> str:
    """One CSV cell: dates as JJJJ-MM-DD, nothing as empty, texts neutralised."""
    if waarde is None:
        return ""
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, str):
        return tekstcel(waarde)
    return str(waarde)


def schrijf_csv(namen: Sequence[str], rijen: Iterable[dict]) -> bytes:
    """A CSV file with a header row of column names."""
    output = io.BytesIO()
    schrijf_csv_naar(output, namen, rijen)
    return output.getvalue()


def schrijf_csv_naar(uit: BinaryIO, namen: Sequence[str], rijen: Iterable[dict]) -> None:
    """The same CSV file written into a binary file (an export's temporary file)."""
    # newline="": the csv module ends each row with \r\n itself.
    tekst = io.TextIOWrapper(uit, encoding="utf-8", newline="")
    tekst.write("\ufeff")
    writer = csv.writer(tekst, delimiter=";")
    writer.writerow([csv_tekst(naam) for naam in namen])
    for rij in rijen:
        writer.writerow([csv_tekst(rij.get(naam)) for naam in namen])
    tekst.flush()
    tekst.detach()  # the file stays open for whoever sends it


def _opslaan(boek: Workbook) -> bytes:
    output = io.BytesIO()
    boek.save(output)
    return output.getvalue()


def schrijf_xlsx(namen: Sequence[str], rijen: Iterable[dict], titel: str = "Metingen") -> bytes:
    """An XLSX workbook with one sheet: a header row, then a row per meting (dates as
    dd-mm-jjjj), written by xlsxschrijver rather than openpyxl: ten times the speed."""
    output = io.BytesIO()
    schrijf_xlsx_naar(output, namen, rijen, titel)
    return output.getvalue()


def schrijf_xlsx_naar(
    uit: BinaryIO, namen: Sequence[str], rijen: Iterable[dict], titel: str = "Metingen"
) -> None:
    """The same workbook written into a seekable binary file (an export's temporary file)."""
    waarden = ([rij.get(naam) for naam in namen] for rij in rijen)
    xlsxschrijver.werkboek_naar(uit, list(namen), waarden, titel)


def sjabloon_csv() -> bytes:
    """An empty import file: the header row only."""
    return schrijf_csv([k.naam for k in IMPORT_KOLOMMEN], [])


def sjabloon_xlsx(eigen_vrijstellingscodes: list[str] = ()) -> bytes:
    """An empty import sheet, with the meaning of every column and the codes beside it,
    including the organisation's own codes for the vrijstelling arbeidsplicht."""
    boek = Workbook(write_only=True)
    metingen = boek.create_sheet("Metingen")
    metingen.append(xlsx_rij(metingen, [k.naam for k in IMPORT_KOLOMMEN]))
    uitleg = boek.create_sheet("Kolommen")
    uitleg.append(["kolom", "uitleg"])
    for kolom in IMPORT_KOLOMMEN:
        uitleg.append(xlsx_rij(uitleg, [kolom.naam, kolom.uitleg]))
    codes = boek.create_sheet("Codes")
    codes.append(["kolom", "code", "betekenis"])
    for rij in code_rijen(eigen_vrijstellingscodes):
        codes.append(xlsx_rij(codes, rij))
    return _opslaan(boek)


def code_rijen(eigen_vrijstellingscodes: list[str] = ()) -> list[list[str]]:
    """(kolom, code, betekenis) for every column with a fixed list of codes; item 6 may
    also hold a code of the gemeente's own (Bijlage 1): those in use, and the rule."""
    rijen = [["aanleiding", code, naam] for code, naam in AANLEIDINGEN.items()]
    rijen += [["uitstroomreden", code, naam] for code, naam in UITSTROOMREDENEN.items()]
    rijen += [["subgroepen", str(code), s.naam] for code, s in SUBGROEPEN.items()]
    for kenmerk in KLANTKENMERKEN:
        rijen += [[kenmerk.code, code, label] for code, label in kenmerk.opties]
        if kenmerk.eigen_code_toegestaan:
            uitleg = "eigen code van de gemeente, in gebruik"
            rijen += [[kenmerk.code, code, uitleg] for code in eigen_vrijstellingscodes]
            regel = "of een andere eigen code van de gemeente (ten hoogste 30 tekens)"
            rijen.append([kenmerk.code, "", regel])
    return rijen
