"""Helpers for the report tests (a data builder with bulk inserts, an HTML table reader), and
the tests of the report building blocks that need no database: tables, CSV, XLSX, charts."""

import datetime
import io
from html.parser import HTMLParser

import openpyxl
from peewee import fn

from exchange.cellen import herstel
from models import Klant, Meting, MetingSubgroep
from reports import export, grafiek
from reports.stand import Ladderstand, Tredetelling
from reports.tabel import KlantCel, Tabel, als_tekst

PEIL = datetime.date(2025, 12, 31)


class Gegevens:
    """Klanten and metingen inserted directly (bulk), not through the UI: fast, on both engines."""

    def __init__(self, organisatie, invoerder):
        self.organisatie = organisatie
        self.invoerder = invoerder
        self.teller = 0
        self.metingen: list[dict] = []

    def klanten(self, aantal: int, organisatie=None, **velden) -> list[int]:
        """Insert `aantal` klanten; returns their ids in order."""
        begin = self.teller
        rijen = []
        for _ in range(aantal):
            self.teller += 1
            rijen.append(
                {
                    "bsn": self._bsn(self.teller),
                    "achternaam": f"Klant {self.teller:05d}",
                    "geboortedatum": datetime.date(1980, 1, 1),
                    "organisatie": (organisatie or self.organisatie).id,
                    **velden,
                }
            )
        for start in range(0, len(rijen), 500):
            Klant.insert_many(rijen[start : start + 500]).execute()
        bsns = [self._bsn(n) for n in range(begin + 1, self.teller + 1)]
        ids = dict(Klant.select(Klant.bsn, Klant.id).where(Klant.bsn.in_(bsns)).tuples())
        return [ids[bsn] for bsn in bsns]

    def _bsn(self, nummer: int) -> str:
        """Unique per builder: its organisation's id, then a serial number (no 11-proef)."""
        return f"9{self.organisatie.id:02d}{nummer:06d}"

    def meting(self, klant_id: int, trede: int, groei: str | None = None, **velden) -> None:
        """Queue one meting (definitief on PEIL by default); `opslaan` inserts them all."""
        rij = {
            "klant": klant_id,
            "organisatie": self.organisatie.id,
            "status": "definitief",
            "meetdatum": PEIL,
            "aanleiding": "jaarlijks",
            "trede": trede,
            "groeipotentieel": groei,
            "invoerder": self.invoerder.id,
            "definitief_op": datetime.datetime(2026, 1, 1, 9, 0),
        }
        rij.update(velden)
        if rij["meetdatum"] and "definitief_op" not in velden:
            rij["definitief_op"] = datetime.datetime.combine(rij["meetdatum"], datetime.time(12))
        self.metingen.append(rij)

    def opslaan(self, subgroep: str | None = None) -> list[int]:
        """Insert the queued metingen in bulk (each with the subgroep, if given); their ids."""
        vorige = Meting.select(fn.MAX(Meting.id)).scalar() or 0
        for start in range(0, len(self.metingen), 300):
            Meting.insert_many(self.metingen[start : start + 300]).execute()
        self.metingen = []
        ids = [m.id for m in Meting.select(Meting.id).where(Meting.id > vorige).order_by(Meting.id)]
        if subgroep:
            MetingSubgroep.insert_many([{"meting": i, "subgroep": subgroep} for i in ids]).execute()
        return ids


class _TabelLezer(HTMLParser):
    """Reads every <table> of a page: its caption and the text of each row's cells."""

    def __init__(self):
        super().__init__()
        self.tabellen: dict[str, list[list[str]]] = {}
        self._titel, self._rij, self._cel, self._in = None, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self._titel, self._rijen = "", []
        elif tag in ("caption", "th", "td"):
            self._in, self._cel = tag, ""
        elif tag == "tr":
            self._rij = []

    def handle_endtag(self, tag):
        if tag == "caption":
            self._titel, self._in = self._cel.strip(), None
        elif tag in ("th", "td") and self._rij is not None:
            self._rij.append(" ".join(self._cel.split()))
            self._in = None
        elif tag == "tr":
            self._rijen.append(self._rij)
            self._rij = None
        elif tag == "table":
            self.tabellen[self._titel] = self._rijen

    def handle_data(self, data):
        if self._in:
            self._cel += data


def tabellen(html: str) -> dict[str, list[list[str]]]:
    """caption -> rows (header row first) of every table on the page."""
    lezer = _TabelLezer()
    lezer.feed(html)
    return lezer.tabellen


def rij(tabel: list[list[str]], begin: str) -> list[str]:
    """The row whose header starts with `begin`."""
    return next(r for r in tabel if r and r[0].startswith(begin))


# --- tests without a database ---

TABEL = Tabel(
    "Proef",
    ("Naam", "Label", "Aantal", "Aandeel", "Datum"),
    (
        ("=SOM(A1)", "4+", 3, 12.5, datetime.date(2025, 12, 31)),
        ("+", "+31 6", -4, None, None),
        ("@gebruiker", "-1", 0, 0.0, datetime.date(2024, 6, 30)),
        (KlantCel(7, "-Jansen, P."), "\tTab", 1, 100.0, None),
    ),
)


def test_formula_cells_are_neutralised_but_labels_stay_readable():
    regels = export.csv_bytes([TABEL]).decode("utf-8-sig").splitlines()
    assert regels[2] == "'=SOM(A1);4+;3;12,5;31-12-2025"
    assert regels[3] == "'+;'+31 6;-4;;"  # a lone "+" is neutralised; -4 is a number
    assert regels[4] == "'@gebruiker;'-1;0;0,0;30-06-2024"
    assert regels[5].startswith("'-Jansen, P.;'\tTab;")


def test_csv_has_a_bom_and_semicolons():
    inhoud = export.csv_bytes([TABEL, TABEL])
    assert inhoud.startswith(b"\xef\xbb\xbf")
    tekst = inhoud.decode("utf-8-sig")
    assert tekst.splitlines()[:2] == ["Proef", "Naam;Label;Aantal;Aandeel;Datum"]
    assert tekst.count("Proef") == 2


def test_xlsx_holds_the_same_cells_as_the_csv():
    inhoud = export.xlsx_bytes([TABEL])
    assert xlsx_cellen(inhoud) == csv_cellen(export.csv_bytes([TABEL]))
    blad = openpyxl.load_workbook(io.BytesIO(inhoud))["Proef"]
    # A text cell, not a formula, and no literal quote: Excel's own mark of "typed as text".
    assert blad["A3"].value == "=SOM(A1)" and blad["A3"].data_type == "s"
    assert blad["A3"].quotePrefix and blad["A4"].value == "+" and blad["B5"].value == "-1"
    assert blad["C4"].value == -4 and blad["E3"].number_format == "DD-MM-YYYY"


def csv_cellen(inhoud: bytes) -> list[list]:
    """The cells of a CSV download, numbers as numbers, texts without the quote that guards
    them in a CSV (an XLSX has text cells instead), one list per table block."""
    tekst = inhoud.decode("utf-8-sig")
    blokken = tekst.split("\r\n\r\n")
    return [[[_cel(c) for c in r.split(";")] for r in b.splitlines()] for b in blokken]


def _cel(tekst: str):
    waarde = _getal(tekst)
    return herstel(waarde) if isinstance(waarde, str) else waarde


def xlsx_cellen(inhoud: bytes) -> list[list]:
    """The cells of an XLSX download the same way (one list per sheet)."""
    boek = openpyxl.load_workbook(io.BytesIO(inhoud))
    bladen = []
    for blad in boek.worksheets:
        rijen = [[_xlsx(c) for c in rij] for rij in blad.iter_rows(values_only=True)]
        bladen.append([rijen[0][:1], *rijen[1:]])  # the title row has one cell, as in the CSV
    return bladen


def _getal(tekst: str):
    """'12,5' -> 12.5, '-4' -> -4.0; other text as it is."""
    try:
        return float(tekst.replace(",", "."))
    except ValueError:
        return tekst


def _xlsx(waarde):
    if isinstance(waarde, datetime.datetime):
        return waarde.strftime("%d-%m-%Y")
    if isinstance(waarde, int | float):
        return float(waarde)
    return "" if waarde is None else waarde


def test_cells_as_text_are_dutch():
    assert [als_tekst(c) for c in (12.5, 3, None, datetime.date(2026, 3, 2))] == [
        "12,5",
        "3",
        "",
        "02-03-2026",
    ]


def test_ladder_chart_scales_to_the_longest_bar_and_marks_plus():
    treden = tuple(Tredetelling(t, aantal=a, plus=p) for t, a, p in ((6, 50, 0), (5, 100, 25)))
    treden += tuple(Tredetelling(t) for t in (4, 3, 2, 1))
    balken = grafiek.ladder(Ladderstand(PEIL, treden, ()))
    assert balken[1].breedte == grafiek.BALK_MAX and balken[1].plus_breedte == grafiek.BALK_MAX / 4
    assert balken[0].tekst == "50" and balken[1].tekst == "100, waarvan +: 25"
    assert [b.tekst for b in grafiek.ladder(Ladderstand(PEIL, treden, ()), procenten=True)][:2] == [
        "33,3%",
        "66,7%",
    ]
