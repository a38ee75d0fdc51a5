"""An uploaded import file: checked before anything reads it, then read as a table of text.

Checks, in order: size, extension (no macros), content type, the bytes themselves (a CSV is
text, an XLSX a zip with a workbook), and for XLSX the zip's declared sizes and compression
ratio, before a reader opens it: calamine when the workbook is plainly within the bounds
(xlsxlezer), openpyxl otherwise. Formulas are read as their last computed value.

A CSV cell starting with "=" (or DDE such as "+cmd|…") is a formula, and a quote the export
put before such a text comes off (cellen.herstel). An XLSX keeps formulas apart from texts:
its text cells are read as they are, "=SOM(A1)" and "'s-Hertogenbosch" alike, as the export
writes them (cellen.xlsx_cel) and as Excel stores a text typed with a leading apostrophe.

Reading is bounded in rows, columns and time, empty rows and cells included: a workbook
declares its own size (``<dimension ref="A1:XFD1048576"/>``) and openpyxl pads every row
to it, so a 2 KB file could otherwise keep a server thread busy for minutes.
"""

import csv
import datetime
import io
import re
import time
import warnings
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath

from openpyxl import load_workbook

from exchange import xlsxlezer
from exchange.cellen import herstel
from exchange.kolommen import ALLE_KOLOMMEN


class Bestandsfout(Exception):
    """The file as a whole cannot be read; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class Grenzen:
    max_bytes: int = 5 * 1024 * 1024
    max_rijen: int = 20_000
    max_uitgepakt: int = 100 * 1024 * 1024
    max_verhouding: int = 100  # uncompressed : compressed, per zip member
    max_onderdelen: int = 1000
    bewaar_minuten: int = 120  # how long an uncommitted dry run keeps its file
    # Rows read, empty ones too, beyond max_rijen: room for blank lines people leave.
    marge_rijen: int = 1000
    # An export (every column) with room for a few columns of one's own; cells beyond are
    # not read at all (openpyxl would otherwise pad every row out to the last one present).
    max_kolommen: int = len(ALLE_KOLOMMEN) + 50
    max_seconden: float = 20.0

    @classmethod
    def uit(cls, config: Mapping) -> "Grenzen":
        """The limits from the app configuration (IMPORT_MAX_BYTES, IMPORT_MAX_ROWS, …)."""
        namen = {
            "max_bytes": "IMPORT_MAX_BYTES",
            "max_rijen": "IMPORT_MAX_ROWS",
            "max_uitgepakt": "IMPORT_MAX_UNZIPPED",
            "bewaar_minuten": "IMPORT_BEWAAR_MINUTEN",
        }
        return cls(
            **{veld: config[sleutel] for veld, sleutel in namen.items() if sleutel in config}
        )

    @property
    def bewaartijd(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.bewaar_minuten)


@dataclass
class Tabel:
    """The header and the data rows (with their row number in the file) as stripped text."""

    kop: list[str]
    rijen: list[tuple[int, list[str]]]
    # (row number, column index) -> why the cell cannot be read (a formula)
    formules: dict[tuple[int, int], str] = field(default_factory=dict)


MIMETYPES = {
    "csv": {"text/csv", "text/plain", "application/csv", "text/x-csv", "application/vnd.ms-excel"},
    "xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    },
}
ALGEMEEN = {"", "application/octet-stream"}  # what browsers send when they do not know
MACRO_EXTENSIES = {".xlsm", ".xltm", ".xlsb", ".xlam"}


def soort_van(bestandsnaam: str, mimetype: str, inhoud: bytes, grenzen: Grenzen) -> str:
    """ "csv" or "xlsx" for an acceptable file; Bestandsfout otherwise."""
    if not inhoud:
        raise Bestandsfout("Het bestand is leeg.")
    if len(inhoud) > grenzen.max_bytes:
        mb = grenzen.max_bytes / (1024 * 1024)
        raise Bestandsfout(f"Het bestand is groter dan {mb:g} MB.")
    extensie = PurePath(bestandsnaam.lower()).suffix
    if extensie in MACRO_EXTENSIES:
        raise Bestandsfout("Bestanden met macro’s (zoals .xlsm) worden niet geaccepteerd.")
    soort = {".csv": "csv", ".xlsx": "xlsx"}.get(extensie)
    if soort is None:
        raise Bestandsfout("Alleen CSV- en XLSX-bestanden kunnen worden ingelezen.")
    if mimetype.split(";")[0].strip().lower() not in MIMETYPES[soort] | ALGEMEEN:
        raise Bestandsfout("Het bestandstype past niet bij een CSV- of XLSX-bestand.")
    if soort == "xlsx":
        controleer_xlsx(inhoud, grenzen)
    elif inhoud.startswith(b"PK\x03\x04") or b"\x00" in inhoud:
        raise Bestandsfout("Dit is geen CSV-bestand (platte tekst).")
    return soort


def controleer_xlsx(inhoud: bytes, grenzen: Grenzen) -> None:
    """A real workbook, without macros, that does not unpack into something huge."""
    if not inhoud.startswith(b"PK\x03\x04"):
        raise Bestandsfout("Dit is geen geldig XLSX-bestand.")
    try:
        onderdelen = zipfile.ZipFile(io.BytesIO(inhoud)).infolist()
    except (zipfile.BadZipFile, ValueError) as fout:
        raise Bestandsfout("Dit is geen geldig XLSX-bestand.") from fout
    if len(onderdelen) > grenzen.max_onderdelen or _is_bom(onderdelen, grenzen):
        raise Bestandsfout("Het XLSX-bestand pakt uit tot een onredelijke omvang (zip-bom).")
    namen = {o.filename.lower() for o in onderdelen}
    if any(naam.endswith("vbaproject.bin") for naam in namen):
        raise Bestandsfout("Bestanden met macro’s worden niet geaccepteerd.")
    if "xl/workbook.xml" not in namen:
        raise Bestandsfout("Dit is geen geldig XLSX-bestand.")


def _is_bom(onderdelen: list[zipfile.ZipInfo], grenzen: Grenzen) -> bool:
    # zipfile never unpacks more than the declared file_size, so the declared sizes bound
    # what openpyxl can be made to read.
    if sum(o.file_size for o in onderdelen) > grenzen.max_uitgepakt:
        return True
    return any(o.file_size > grenzen.max_verhouding * max(o.compress_size, 1) for o in onderdelen)


def lees(inhoud: bytes, soort: str, grenzen: Grenzen) -> Tabel:
    """The file's first sheet (or the CSV) as a table; Bestandsfout when unreadable."""
    tabel = lees_xlsx(inhoud, grenzen) if soort == "xlsx" else lees_csv(inhoud, grenzen)
    if not tabel.kop:
        raise Bestandsfout("Het bestand heeft geen kopregel met kolomnamen.")
    return tabel


def lees_csv(inhoud: bytes, grenzen: Grenzen) -> Tabel:
    """A CSV file in UTF-8 (with or without BOM) or Windows-1252, ; or , separated."""
    tekst = _decodeer(inhoud)
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    try:
        regels = csv.reader(io.StringIO(tekst, newline=""), delimiter=scheiding)
        return _tabel(regels, grenzen, van_csv=True)
    except csv.Error as fout:
        raise Bestandsfout("Het CSV-bestand kan niet worden gelezen.") from fout


def _decodeer(inhoud: bytes) -> str:
    try:
        return inhoud.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return inhoud.decode("cp1252")
    except UnicodeDecodeError as fout:
        raise Bestandsfout(
            "De tekens in het bestand zijn niet te lezen; sla op als UTF-8."
        ) from fout


def lees_xlsx(inhoud: bytes, grenzen: Grenzen) -> Tabel:
    """The first sheet of a workbook, formulas as their cached value: with calamine when the
    workbook is plainly within the bounds (xlsxlezer), else with openpyxl."""
    regels = xlsxlezer.rijen(inhoud, grenzen.max_rijen + grenzen.marge_rijen, grenzen.max_kolommen)
    try:
        if regels is not None:
            tabel = _tabel(regels, grenzen, van_csv=False)
        else:
            tabel = _lees_openpyxl(inhoud, grenzen)
    except Bestandsfout:
        raise
    except Exception as fout:  # noqa: BLE001 - any parser error means: not a readable workbook
        raise Bestandsfout("Het XLSX-bestand kan niet worden gelezen.") from fout
    if _heeft_formules(inhoud):
        tabel.formules.update(_formules_zonder_waarde(inhoud, tabel, grenzen))
    return tabel


def _lees_openpyxl(inhoud: bytes, grenzen: Grenzen) -> Tabel:
    with warnings.catch_warnings():
        # openpyxl warns about styles and extensions it ignores; they do not matter here.
        warnings.simplefilter("ignore")
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=True)
        try:
            return _tabel(_regels(boek, grenzen), grenzen, van_csv=False)
        finally:
            boek.close()


def _heeft_formules(inhoud: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zf:
        for naam in zf.namelist():
            if naam.startswith("xl/worksheets/") and _FORMULE_TAG.search(zf.read(naam)):
                return True
    return False


_FORMULE_TAG = re.compile(rb"<(\w+:)?f[\s>/]")


def _formules_zonder_waarde(
    inhoud: bytes, tabel: Tabel, grenzen: Grenzen
) -> dict[tuple[int, int], str]:
    """Formula cells that have no computed value stored: data_only reads them as empty."""
    if not tabel.rijen:
        return {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        boek = load_workbook(io.BytesIO(inhoud), read_only=True, data_only=False)
        try:
            formules = {}
            # Only rows the first pass read: it stopped the file at its bounds.
            laatste = max(nr for nr, _ in tabel.rijen)
            for nr, waarden in enumerate(_regels(boek, grenzen, laatste), 1):
                for index, waarde in enumerate(waarden):
                    if isinstance(waarde, str) and waarde.startswith("="):
                        formules[(nr, index)] = "formule"
        finally:
            boek.close()
    bekend = {nr: waarden for nr, waarden in tabel.rijen}
    return {
        (nr, i): reden
        for (nr, i), reden in formules.items()
        if nr in bekend and (i >= len(bekend[nr]) or bekend[nr][i] == "")
    }


def _regels(boek, grenzen: Grenzen, max_row: int | None = None) -> Iterable:
    """The first sheet's rows, never wider than the bound, whatever size it declares."""
    blad = boek.worksheets[0]
    # The declared dimension is the file's word, not a fact: without it openpyxl pads rows
    # only up to the last cell present, and max_col cuts even that off.
    blad.reset_dimensions()
    return blad.iter_rows(
        min_row=1, max_row=max_row, min_col=1, max_col=grenzen.max_kolommen, values_only=True
    )


def _tabel(regels: Iterable, grenzen: Grenzen, van_csv: bool) -> Tabel:
    rijen, formules = [], {}
    kop: list[str] = []
    tot = time.monotonic() + grenzen.max_seconden
    for nr, regel in enumerate(regels, 1):
        _binnen_grenzen(nr, regel, tot, grenzen)
        waarden = _zonder_lege_staart([_tekst(w) for w in regel[: grenzen.max_kolommen]])
        if not waarden:
            continue
        if van_csv:
            _csv_formules(nr, waarden, formules)
        if not kop:
            kop = [w.lower().replace(" ", "_") for w in waarden]
        elif len(rijen) < grenzen.max_rijen:
            rijen.append((nr, waarden))
        else:
            raise Bestandsfout(f"Het bestand heeft meer dan {grenzen.max_rijen} rijen.")
    return Tabel(kop, rijen, formules)


def _csv_formules(nr: int, waarden: list[str], formules: dict) -> None:
    """A CSV cell a spreadsheet would run is a formula, read as empty; a quote the export put
    before such a text comes off. (An XLSX says which cells are formulas: its texts stay.)"""
    for index, waarde in enumerate(waarden):
        if not waarde or waarde[0] not in _VERDACHT:
            continue
        if _is_formule(waarde):
            formules[(nr, index)] = "formule"
            waarden[index] = ""
        else:
            waarden[index] = herstel(waarde)


def _zonder_lege_staart(waarden: list[str]) -> list[str]:
    # A workbook's rows come padded to the bound; the columns are those with a value.
    while waarden and not waarden[-1]:
        waarden.pop()
    return waarden


def _binnen_grenzen(nr: int, regel, tot: float, grenzen: Grenzen) -> None:
    """Empty rows and cells count too: they cost reading time all the same."""
    if nr > grenzen.max_rijen + grenzen.marge_rijen:
        raise Bestandsfout(
            f"Het bestand heeft meer dan {grenzen.max_rijen + grenzen.marge_rijen} regels "
            "(lege regels tellen mee). Verwijder de lege regels en probeer het opnieuw."
        )
    if time.monotonic() > tot:
        raise Bestandsfout(
            "Het inlezen van het bestand duurt te lang. Verdeel het over kleinere bestanden."
        )


_VERDACHT = "=+-@'"
_DDE = re.compile(r"^(=|[+\-@].*\||@[A-Za-z]+\()")


def _is_formule(waarde: str) -> bool:
    """A cell that a spreadsheet would run: "=…", or DDE such as "+cmd|' /C calc'!A0"."""
    return bool(_DDE.match(waarde))


def _tekst(waarde: object) -> str:
    if type(waarde) is str:  # most cells: the quickest test first
        return waarde.strip()
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, datetime.datetime):
        return waarde.date().isoformat()
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, float) and waarde.is_integer():
        return str(int(waarde))
    return str(waarde).strip()
