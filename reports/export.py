"""Report tables as downloads: CSV (UTF-8 with BOM, ; separated, for Dutch Excel) and XLSX."""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from openpyxl import Workbook

from exchange.cellen import bladnaam, tekstcel, xlsx_cel
from reports.tabel import Bedrag, Cel, KlantCel, Procent, Tabel, als_tekst

_SHEET_VERBODEN = re.compile(r"[\[\]:*?/\\]")


def csv_tekst(cel: Cel) -> str:
    """A cell as it goes into the CSV: texts through the one neutraliser, so the label "4+"
    stays as it is while a lone groeipotentieel "+" becomes "'+"; numbers are never text here,
    so a negative difference stays a number."""
    tekst = als_tekst(cel)
    return tekstcel(tekst) if isinstance(cel, str | KlantCel) else tekst


def csv_bytes(tabellen: list[Tabel]) -> bytes:
    """All tables one below the other: title, header, rows, then an empty line."""
    uit = io.StringIO()
    uit.write("\ufeff")
    schrijver = csv.writer(uit, delimiter=";", lineterminator="\r\n")
    for nummer, tabel in enumerate(tabellen):
        if nummer:
            schrijver.writerow([])
        for rij in _regels(tabel):
            schrijver.writerow([csv_tekst(cel) for cel in rij])
    return uit.getvalue().encode("utf-8")


def _regels(tabel: Tabel) -> list[tuple[Cel, ...]]:
    """The rows of a table as downloaded: its title, the column headers, the data."""
    return [(tabel.titel,), tabel.kolommen, *tabel.rijen]


@dataclass(frozen=True)
class Blad:
    """A sheet of a workbook: its tables one below the other, as in the CSV."""

    naam: str
    tabellen: tuple[Tabel, ...]
    titels: bool = True  # off: the sheet's name is the title, the header comes first


def xlsx_bytes(tabellen: list[Tabel]) -> bytes:
    """One sheet per table, holding the same cells as the CSV block of that table (a text
    as a text cell, without the quote the CSV puts before "=", "+", "-" and "@")."""
    namen: set[str] = set()
    return xlsx_bladen([Blad(_bladnaam(tabel, namen), (tabel,)) for tabel in tabellen])


def xlsx_bladen(bladen: list[Blad]) -> bytes:
    """A workbook of these sheets: each table's title, header and rows, an empty line between
    two tables; numbers, dates, percentages and amounts stay numbers."""
    boek = Workbook()
    boek.remove(boek.active)
    for blad in bladen:
        werkblad = boek.create_sheet(blad.naam)
        for nummer, tabel in enumerate(blad.tabellen):
            if nummer:
                werkblad.append([])
            for rij in _regels(tabel)[0 if blad.titels else 1 :]:
                werkblad.append([_xlsx_waarde(werkblad, cel) for cel in rij])
                for cel, waarde in zip(werkblad[werkblad.max_row], rij, strict=False):
                    cel.number_format = _formaat(waarde) or cel.number_format
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _xlsx_waarde(blad, cel: Cel):
    """Numbers and dates as such, text as a text cell through the one neutraliser."""
    if cel is None or isinstance(cel, int | float | datetime.date):
        return cel
    if isinstance(cel, Procent | Bedrag):
        return cel.waarde
    return xlsx_cel(blad, str(cel))


def _formaat(cel: Cel) -> str | None:
    """How a workbook shows a date, a percentage or an amount that it holds as a number."""
    if isinstance(cel, datetime.date):
        return "DD-MM-YYYY"
    if isinstance(cel, Procent):
        return '0.0"%"' if isinstance(cel.waarde, float) else '0"%"'
    if isinstance(cel, Bedrag):
        return '"€" #,##0.00'
    return None


def _bladnaam(tabel: Tabel, gebruikt: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    basis = _SHEET_VERBODEN.sub("", bladnaam(tabel.sleutel or tabel.titel))[:28] or "Tabel"
    naam, teller = basis, 2
    while naam.lower() in gebruikt:
        naam, teller = f"{basis[:27]} {teller}", teller + 1
    gebruikt.add(naam.lower())
    return naam
