"""Accountability for placements: the reporting periods, the shares against the targets and
the duration of a placement (seeds/003 §4.5.1, Banenoffensief Vluchtelingen).

"Verantwoording over de resultaten naar het ministerie vindt drie maal per jaar plaats
(over de perioden: januari-april; mei-augustus en september-december)." The target is
55 % paid work, 30 % unpaid work and 15 % training, for placements of at least six months.
"""

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

AARDEN: dict[str, str] = {
    "betaald_werk": "Betaald werk",
    "onbetaald_werk": "Onbetaald werk",
    "opleidingstraject": "Opleidingstraject",
}

OPLEIDINGSNIVEAUS: dict[str, str] = {
    "geen": "Geen of basisonderwijs",
    "vmbo": "Vmbo / mbo 1",
    "mbo": "Mbo 2–4",
    "havo_vwo": "Havo / vwo",
    "hbo_wo": "Hbo / wo",
    "onbekend": "Onbekend",
}

# Banenoffensief Vluchtelingen: "55% naar betaald werk ...; 30% naar onbetaald werk en
# 15% een opleidingstraject".
STANDAARD_DOELEN: dict[str, int] = {
    "betaald_werk": 55,
    "onbetaald_werk": 30,
    "opleidingstraject": 15,
}
MINIMALE_DUUR_MAANDEN = 6
MAANDNAMEN = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


@dataclass(frozen=True)
class Periode:
    """One of the three reporting periods of a year."""

    jaar: int
    nummer: int  # 1: januari–april, 2: mei–augustus, 3: september–december

    @property
    def begin(self) -> date:
        return date(self.jaar, 4 * (self.nummer - 1) + 1, 1)

    @property
    def eind(self) -> date:
        maand = 4 * self.nummer
        return date(self.jaar, maand, calendar.monthrange(self.jaar, maand)[1])

    @property
    def label(self) -> str:
        eerste, laatste = MAANDNAMEN[4 * (self.nummer - 1)], MAANDNAMEN[4 * self.nummer - 1]
        return f"{eerste}–{laatste} {self.jaar}"

    def bevat(self, datum: date) -> bool:
        return self.begin <= datum <= self.eind


def periode_van(datum: date) -> Periode:
    """The reporting period a date falls in: 30 April in the first, 1 May in the second."""
    return Periode(datum.year, (datum.month - 1) // 4 + 1)


def aandelen(aantallen: Mapping[str, int]) -> dict[str, float]:
    """Each aard's share (percent) of all placements started; 0 when there are none."""
    totaal = sum(aantallen.values())
    return {aard: (100 * aantallen.get(aard, 0) / totaal if totaal else 0.0) for aard in AARDEN}


def duur_maanden(begin: date, eind: date) -> int:
    """Whole calendar months from begin to eind (15 Jan → 14 Jul is 5, → 15 Jul is 6)."""
    maanden = (eind.year - begin.year) * 12 + eind.month - begin.month
    if eind.day < begin.day and not _laatste_dag(eind):
        maanden -= 1
    return max(maanden, 0)


def _laatste_dag(datum: date) -> bool:
    return datum.day == calendar.monthrange(datum.year, datum.month)[1]


def haalt_minimale_duur(
    begin: date, eind: date | None, peildatum: date, maanden: int = MINIMALE_DUUR_MAANDEN
) -> bool:
    """Whether a placement lasted (or has lasted so far, if still running) the minimum."""
    return duur_maanden(begin, min(eind or peildatum, peildatum)) >= maanden
