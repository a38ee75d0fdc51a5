"""The one rule for text cells of every CSV and XLSX the application writes.

A spreadsheet runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, after a tab or a
carriage return, what follows) as a formula: CSV injection (OWASP). Characters that XLSX
cannot hold are dropped *before* anything else: the other order turned
"\\x01=HYPERLINK(…)" into a live formula once the \\x01 was gone. Then per format:

- CSV has no types: such a text gets a ``'`` in front (``tekstcel``), which the import takes
  off again (``herstel``).
- XLSX has: a text is written as a text cell (``xlsx_cel``), which no spreadsheet runs, so it
  keeps its own first character and the help of the import template reads "+ of 0", not
  "'+ of 0". A text that starts with such a character or a ``'`` also gets Excel's own mark
  of "typed with an apostrophe" (quotePrefix), so that editing the cell keeps it a text.
  The import reads an XLSX text as it is.

Plain Python and openpyxl; no Flask, so the exchange, the reports and the views share it.
"""

import re

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

GEVAARLIJK = "=+-@\t\r"
_TE_NEUTRALISEREN = re.compile(rf"^'*[{re.escape(GEVAARLIJK)}]")
_GENEUTRALISEERD = re.compile(rf"^'+[{re.escape(GEVAARLIJK)}]")
_MET_APOSTROF = re.compile(rf"^['{re.escape(GEVAARLIJK)}]")


def tekstcel(waarde: str) -> str:
    """A text as it goes into a CSV cell: never a formula, never unwritable."""
    return neutraliseer(ILLEGAL_CHARACTERS_RE.sub("", waarde))


def neutraliseer(waarde: str) -> str:
    """Prefix ' to a text a spreadsheet could run ("=cmd|…", but also "+" and "-").

    Quotes already in front of such a text get one more, so that ``herstel`` is the exact
    inverse for every text and the round trip export → import is lossless.
    """
    return "'" + waarde if _TE_NEUTRALISEREN.match(waarde) else waarde


def herstel(waarde: str) -> str:
    """Undo ``neutraliseer`` (a CSV cell): drop the one quote it put in front."""
    return waarde[1:] if _GENEUTRALISEERD.match(waarde) else waarde


def xlsx_tekst(waarde: str) -> tuple[str, bool]:
    """A text as it goes into an XLSX text cell (never a formula, never unwritable), and
    whether the cell gets Excel's quotePrefix."""
    tekst = ILLEGAL_CHARACTERS_RE.sub("", waarde)
    return tekst, bool(_MET_APOSTROF.match(tekst))


def xlsx_cel(blad, waarde: object):
    """A value as it goes into an XLSX cell of blad: a text as a text cell (``xlsx_tekst``);
    numbers, dates and None as they are."""
    if not isinstance(waarde, str):
        return waarde
    tekst, apostrof = xlsx_tekst(waarde)
    cel = WriteOnlyCell(blad, value=tekst)
    cel.data_type = "s"  # openpyxl makes a text starting with "=" a formula
    if apostrof:
        cel.quotePrefix = True
    return cel


def xlsx_rij(blad, waarden: list) -> list:
    """A row of cells for blad: every text through ``xlsx_cel``."""
    return [xlsx_cel(blad, w) for w in waarden]


def bladnaam(naam: str) -> str:
    """A sheet name without the characters XLSX cannot hold (it is no cell: no quote)."""
    return ILLEGAL_CHARACTERS_RE.sub("", naam)
