"""Report tables as downloads: CSV (UTF-8 with BOM, ; separated, for Dutch Excel) and XLSX."""

import csv
import datetime
import io
import re

from openpyxl import Workbook

from exchange.cellen import bladnaam, tekstcel
from reports.tabel import Cel, KlantCel, Tabel, als_tekst

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


def xlsx_bytes(tabellen: list[Tabel]) -> bytes:
    """One sheet per table, holding the same cells as the CSV block of that table."""
    boek = Workbook()
    boek.remove(boek.active)
    namen: set[str] = set()
    for tabel in tabellen:
        blad = boek.create_sheet(_bladnaam(tabel, namen))
        for rij in _regels(tabel):
            blad.append([_xlsx_waarde(cel) for cel in rij])
        for kolom in blad.iter_cols(min_row=3):
            for cel in kolom:
                if isinstance(cel.value, datetime.date):
                    cel.number_format = "DD-MM-YYYY"
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def _xlsx_waarde(cel: Cel):
    """Numbers and dates as such, text through the one neutraliser."""
    if cel is None or isinstance(cel, int | float | datetime.date):
        return cel
    return tekstcel(str(cel))


def _bladnaam(tabel: Tabel, gebruikt: set[str]) -> str:
    """A valid, unique sheet name (at most 31 characters, none of []:*?/\\)."""
    basis = _SHEET_VERBODEN.sub("", bladnaam(tabel.sleutel or tabel.titel))[:28] or "Tabel"
    naam, teller = basis, 2
    while naam.lower() in gebruikt:
        naam, teller = f"{basis[:27]} {teller}", teller + 1
    gebruikt.add(naam.lower())
    return naam
