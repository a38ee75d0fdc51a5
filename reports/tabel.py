"""A report table as plain data: the page, the CSV and the XLSX all render the same cells."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from babel.numbers import format_currency

from ladder.treden import CODES, TREDEN


@dataclass(frozen=True)
class KlantCel:
    """A klant in a table: a link to /klanten/<id> on the page, the name in a download."""

    klant_id: int
    naam: str

    def __str__(self) -> str:
        return self.naam


@dataclass(frozen=True)
class Procent:
    """A percentage read with its sign ("50,0%"; a whole number "55%"), for tables whose
    column header does not say %; a plain number in a workbook."""

    waarde: float | int

    def __str__(self) -> str:
        return getal(self.waarde) + "%"


@dataclass(frozen=True)
class Bedrag:
    """An amount in euros ("€ 1.000,00"); a number in a workbook."""

    waarde: Decimal

    def __str__(self) -> str:
        return format_currency(self.waarde, "EUR", locale="nl_NL")


# A cell: a count, a percentage (float, or Procent), an amount, a text, a date, a klant, or
# empty.
Cel = int | float | Procent | Bedrag | str | datetime.date | KlantCel | None


@dataclass(frozen=True)
class Tabel:
    """A titled table; the first cell of each row is its row header."""

    titel: str
    kolommen: tuple[str, ...]
    rijen: tuple[tuple[Cel, ...], ...]
    toelichting: str = ""
    sleutel: str = ""  # a short name for the XLSX sheet and the HTML id

    def __post_init__(self) -> None:
        for rij in self.rijen:
            if len(rij) != len(self.kolommen):
                raise ValueError(f"Rij past niet bij de kolommen van {self.titel!r}: {rij!r}")

    @property
    def getallen(self) -> tuple[bool, ...]:
        """Per column: does it hold numbers? (The page aligns those to the right.)"""
        return tuple(
            any(isinstance(rij[i], int | float | Procent | Bedrag) for rij in self.rijen)
            for i in range(len(self.kolommen))
        )


def procent(deel: int, geheel: int) -> float | None:
    """deel as a percentage of geheel, one decimal; None when geheel is 0."""
    return round(100 * deel / geheel, 1) if geheel else None


def trede_naam(trede: int) -> str:
    """'Trede 4: Onbetaald werk' or 'Code 8: uit het zicht van de gemeente geraakt'."""
    if trede in TREDEN:
        return f"Trede {trede}: {TREDEN[trede].naam}"
    return f"Code {trede}: {CODES[trede]}"


def getal(waarde: float | int) -> str:
    """A number the Dutch way: a decimal comma, no thousands separator (as in Figure 2.2)."""
    if isinstance(waarde, float):
        return f"{waarde:.1f}".replace(".", ",")
    return str(waarde)


def als_tekst(cel: Cel) -> str:
    """A cell as text: dates dd-mm-jjjj, decimals with a comma, empty for None."""
    if cel is None:
        return ""
    if isinstance(cel, bool):
        return "ja" if cel else "nee"
    if isinstance(cel, int | float):
        return getal(cel)
    if isinstance(cel, datetime.date):
        return cel.strftime("%d-%m-%Y")
    return str(cel)
