"""The one rule for text cells of every CSV and XLSX the application writes.

A spreadsheet runs a cell starting with ``=``, ``+``, ``-`` or ``@`` (and, after a tab or a
carriage return, what follows) as a formula: CSV injection (OWASP). Such a text gets a ``'``
in front. Characters that XLSX cannot hold are dropped *before* that check: the other order
turned "\\x01=HYPERLINK(…)" into a live formula once the \\x01 was gone.

Plain Python and openpyxl's character table; no Flask, so the exchange, the reports and the
views share it.
"""

import re

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

GEVAARLIJK = "=+-@\t\r"
_TE_NEUTRALISEREN = re.compile(rf"^'*[{re.escape(GEVAARLIJK)}]")
_GENEUTRALISEERD = re.compile(rf"^'+[{re.escape(GEVAARLIJK)}]")


def tekstcel(waarde: str) -> str:
    """A text as it goes into a CSV or XLSX cell: never a formula, never unwritable."""
    return neutraliseer(ILLEGAL_CHARACTERS_RE.sub("", waarde))


def neutraliseer(waarde: str) -> str:
    """Prefix ' to a text a spreadsheet could run ("=cmd|…", but also "+" and "-").

    Quotes already in front of such a text get one more, so that ``herstel`` is the exact
    inverse for every text and the round trip export → import is lossless.
    """
    return "'" + waarde if _TE_NEUTRALISEREN.match(waarde) else waarde


def herstel(waarde: str) -> str:
    """Undo ``neutraliseer``: drop the one quote it put in front."""
    return waarde[1:] if _GENEUTRALISEERD.match(waarde) else waarde


def rij(waarden: list) -> list:
    """A row of cells: every text through ``tekstcel``, numbers and dates as they are."""
    return [tekstcel(w) if isinstance(w, str) else w for w in waarden]


def bladnaam(naam: str) -> str:
    """A sheet name without the characters XLSX cannot hold (it is no cell: no quote)."""
    return ILLEGAL_CHARACTERS_RE.sub("", naam)
