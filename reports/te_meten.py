"""Klanten to measure: the next meetdatum has passed or comes within N weeks, or the latest
definitive meting is older than twelve months (§2.3: at least once a year)."""

import calendar
import datetime
from dataclasses import dataclass

from peewee import JOIN

from ladder.meetmomenten import MINIMALE_FREQUENTIE_MAANDEN
from models import Gebruiker, Klant, Meting, Team
from reports.filters import Filter
from reports.peil import geteld

STANDAARD_WEKEN = 4


@dataclass(frozen=True)
class Klantregel:
    """A klant with its counted meting."""

    klant_id: int
    naam: str
    klantmanager: str
    team: str
    trede: int
    groeipotentieel: str | None
    meetdatum: datetime.date
    volgende_meetdatum: datetime.date | None


@dataclass(frozen=True)
class TeMeten:
    peildatum: datetime.date
    weken: int
    tot: datetime.date  # the next meetdatum falls on or before this date
    ouder_dan: datetime.date  # the latest meting lies before this date
    binnenkort: tuple[Klantregel, ...]
    verouderd: tuple[Klantregel, ...]

    def per_klantmanager(self) -> list[tuple[str, int, int, int]]:
        """(klantmanager, te meten, waarvan verlopen, ouder dan 12 maanden) per klantmanager."""
        namen = sorted({r.klantmanager for r in (*self.binnenkort, *self.verouderd)})
        return [
            (
                naam,
                sum(r.klantmanager == naam for r in self.binnenkort),
                sum(r.klantmanager == naam and self.verlopen(r) for r in self.binnenkort),
                sum(r.klantmanager == naam for r in self.verouderd),
            )
            for naam in namen
        ]

    def verlopen(self, regel: Klantregel) -> bool:
        """The next meetdatum lies before the peildatum."""
        return regel.volgende_meetdatum is not None and regel.volgende_meetdatum < self.peildatum


def maanden_terug(datum: datetime.date, maanden: int) -> datetime.date:
    """The same day a number of months earlier; 31 March minus one month is 28/29 February."""
    jaren, index = divmod(datum.month - 1 - maanden, 12)
    jaar, maand = datum.year + jaren, index + 1
    return datetime.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


def _regels(peildatum: datetime.date, filter_: Filter, voorwaarde) -> tuple[Klantregel, ...]:
    """The klanten whose counted meting meets the condition, by klantmanager then date."""
    query = (
        geteld(
            peildatum,
            filter_,
            Klant.id,
            Klant.achternaam,
            Klant.tussenvoegsel,
            Klant.voorletters,
            Klant.voornaam,
            Gebruiker.naam,
            Team.naam,
            Meting.trede,
            Meting.groeipotentieel,
            Meting.meetdatum,
            Meting.volgende_meetdatum,
        )
        .join_from(Meting, Gebruiker, JOIN.LEFT_OUTER, on=(Meting.klantmanager == Gebruiker.id))
        .join_from(Meting, Team, JOIN.LEFT_OUTER, on=(Meting.team == Team.id))
        .where(voorwaarde, Klant.geanonimiseerd.is_null())
        .order_by(Gebruiker.naam, Meting.volgende_meetdatum, Meting.meetdatum, *Klant.dutch_order())
    )
    return tuple(_regel(*rij) for rij in query.tuples())


def _regel(klant_id, achternaam, tussenvoegsel, voorletters, voornaam, km, team, *meting):
    """One row of the query as a Klantregel, the name as sorted in Dutch lists."""
    rest = " ".join(p for p in (voorletters or voornaam, tussenvoegsel) if p)
    naam = f"{achternaam}, {rest}" if rest else achternaam
    return Klantregel(klant_id, naam, km or "(geen klantmanager)", team or "", *meting)


def te_meten(peildatum: datetime.date, filter_: Filter, weken: int = STANDAARD_WEKEN) -> TeMeten:
    """Who is due for a meting at the peildatum (or within `weken`), and who is overdue."""
    tot = peildatum + datetime.timedelta(weeks=weken)
    ouder_dan = maanden_terug(peildatum, MINIMALE_FREQUENTIE_MAANDEN)
    return TeMeten(
        peildatum=peildatum,
        weken=weken,
        tot=tot,
        ouder_dan=ouder_dan,
        binnenkort=_regels(peildatum, filter_, Meting.volgende_meetdatum <= tot),
        verouderd=_regels(peildatum, filter_, Meting.meetdatum < ouder_dan),
    )
