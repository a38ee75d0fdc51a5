"""Klanten to measure: the next meetdatum has passed or comes within N weeks, the latest
definitive meting is older than twelve months (§2.3: at least once a year), or there has
never been a definitive meting at all.

A klant that was never measured has no counted meting, so the reach and the filter apply to
the klant itself: its klantmanager and team as registered at the inschrijving, and its
gemeente. A choice of aanleiding, subgroep or klantkenmerk selects on a meting, which these
klanten lack, so it leaves them all out."""

import calendar
import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from peewee import JOIN, Expression, fn

from ladder.meetmomenten import MINIMALE_FREQUENTIE_MAANDEN
from models import Gebruiker, Klant, Meting, Team
from reports.filters import Filter
from reports.peil import geteld
from reports.tabel import KlantCel, Tabel

STANDAARD_WEKEN = 4
NEDERLAND = ZoneInfo("Europe/Amsterdam")  # Klant.aangemaakt is stored in UTC
NOOIT_GEMETEN = "Nooit gemeten"  # the table's sleutel (XLSX sheet, HTML id)


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
class NooitGemeten:
    """A klant registered by the peildatum without any definitive meting on or before it."""

    klant_id: int
    naam: str
    klantmanager: str
    team: str
    ingeschreven: datetime.date


@dataclass(frozen=True)
class TeMeten:
    peildatum: datetime.date
    weken: int
    tot: datetime.date  # the next meetdatum falls on or before this date
    ouder_dan: datetime.date  # the latest meting lies before this date
    binnenkort: tuple[Klantregel, ...]
    verouderd: tuple[Klantregel, ...]
    nooit_gemeten: tuple[NooitGemeten, ...] = ()

    def nooit_gemeten_tabel(self) -> Tabel:
        """The never-measured klanten as a table, each linked to its page."""
        return Tabel(
            "Nog nooit gemeten",
            ("Klantmanager", "Klant", "Klantnummer", "Team", "Ingeschreven op"),
            tuple(
                (r.klantmanager, KlantCel(r.klant_id, r.naam), r.klant_id, r.team, r.ingeschreven)
                for r in self.nooit_gemeten
            ),
            "Klanten die op de peildatum ingeschreven stonden en nog geen definitieve meting "
            "hadden. Klantmanager en team zijn die van de inschrijving. Een gekozen aanleiding, "
            "subgroep of klantkenmerk hoort bij een meting en laat deze klanten dus weg.",
            NOOIT_GEMETEN,
        )

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


def _naam(achternaam, tussenvoegsel, voorletters, voornaam) -> str:
    """The name as sorted in Dutch lists: 'Poel, J. van der'."""
    rest = " ".join(p for p in (voorletters or voornaam, tussenvoegsel) if p)
    return f"{achternaam}, {rest}" if rest else achternaam


def _regel(klant_id, achternaam, tussenvoegsel, voorletters, voornaam, km, team, *meting):
    """One row of the query as a Klantregel."""
    naam = _naam(achternaam, tussenvoegsel, voorletters, voornaam)
    return Klantregel(klant_id, naam, km or "(geen klantmanager)", team or "", *meting)


def einde_van(peildatum: datetime.date) -> datetime.datetime:
    """Midnight after the peildatum in the Netherlands, as naive UTC (how aangemaakt is kept)."""
    middernacht = datetime.datetime.combine(
        peildatum + datetime.timedelta(days=1), datetime.time(), tzinfo=NEDERLAND
    )
    return middernacht.astimezone(datetime.UTC).replace(tzinfo=None)


def _klant_voorwaarden(filter_: Filter) -> list[Expression]:
    """The reach and the filter on the klant itself, for klanten without a counted meting:
    a klantmanager or intaker sees those registered to them or to their team."""
    bereik = filter_.bereik
    lijst = [Klant.organisatie == bereik.organisatie_id, Klant.geanonimiseerd.is_null()]
    if bereik.beperkt:
        eigen = Klant.klantmanager == bereik.klantmanager_id
        if bereik.team_id is not None:
            eigen = eigen | (Klant.team == bereik.team_id)
        lijst.append(eigen)
    if filter_.gemeente_id is not None:
        lijst.append(Klant.gemeente == filter_.gemeente_id)
    if filter_.team_id is not None:
        lijst.append(Klant.team == filter_.team_id)
    if filter_.klantmanager_id is not None:
        lijst.append(Klant.klantmanager == filter_.klantmanager_id)
    return lijst


def _nooit_gemeten(peildatum: datetime.date, filter_: Filter) -> tuple[NooitGemeten, ...]:
    """Klanten registered on or before the peildatum with no definitive meting on or before
    it (so never uitgestroomd either), in one query; by klantmanager, longest waiting first."""
    if filter_.aanleiding or filter_.subgroep or filter_.kenmerken:
        return ()
    gemeten = Meting.alias("gemeten")
    ooit_gemeten = gemeten.select(gemeten.id).where(
        (gemeten.klant == Klant.id)
        & (gemeten.status == "definitief")
        & (gemeten.meetdatum <= peildatum)
    )
    query = (
        Klant.select(
            Klant.id,
            Klant.achternaam,
            Klant.tussenvoegsel,
            Klant.voorletters,
            Klant.voornaam,
            Gebruiker.naam,
            Team.naam,
            Klant.aangemaakt,
        )
        .join_from(Klant, Gebruiker, JOIN.LEFT_OUTER, on=(Klant.klantmanager == Gebruiker.id))
        .join_from(Klant, Team, JOIN.LEFT_OUTER, on=(Klant.team == Team.id))
        .where(
            *_klant_voorwaarden(filter_),
            Klant.aangemaakt < einde_van(peildatum),
            ~fn.EXISTS(ooit_gemeten),
        )
        .order_by(Gebruiker.naam.asc(nulls="LAST"), Klant.aangemaakt, *Klant.dutch_order())
    )
    return tuple(
        NooitGemeten(
            klant_id,
            _naam(achternaam, tussenvoegsel, voorletters, voornaam),
            km or "(geen klantmanager)",
            team or "",
            aangemaakt.replace(tzinfo=datetime.UTC).astimezone(NEDERLAND).date(),
        )
        for klant_id, achternaam, tussenvoegsel, voorletters, voornaam, km, team, aangemaakt in (
            query.tuples()
        )
    )


def te_meten(peildatum: datetime.date, filter_: Filter, weken: int = STANDAARD_WEKEN) -> TeMeten:
    """Who is due for a meting at the peildatum (or within `weken`), who is overdue, and who
    was never measured."""
    tot = peildatum + datetime.timedelta(weeks=weken)
    ouder_dan = maanden_terug(peildatum, MINIMALE_FREQUENTIE_MAANDEN)
    return TeMeten(
        peildatum=peildatum,
        weken=weken,
        tot=tot,
        ouder_dan=ouder_dan,
        binnenkort=_regels(peildatum, filter_, Meting.volgende_meetdatum <= tot),
        verouderd=_regels(peildatum, filter_, Meting.meetdatum < ouder_dan),
        nooit_gemeten=_nooit_gemeten(peildatum, filter_),
    )
