"""The effect report per instrument: observed movement on the ladder between the start and
the end of trajecten, and what it cost. Observed movement, not a causal effect. Laid out as
one `Tabel`."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from peewee import JOIN

from ladder.meetmomenten import standaard_volgende_meetdatum
from ladder.stromen import beweging
from ladder.verantwoording import duur_maanden
from models import Instrument, Meting, Organisatie, Traject
from reports.tabel import Bedrag, Tabel, procent

# The aanbieder filter's value for instruments the organisation delivers itself.
EIGEN_AANBOD = "eigen"


@dataclass
class Effect:
    instrument: Instrument
    trajecten: int = 0
    klanten: set = field(default_factory=set)
    gestegen: int = 0
    gelijk: int = 0
    gedaald: int = 0
    onbekend: int = 0  # no rung (1-6) measured at the start or at the end
    plus_bij_start: int = 0
    plus_gestegen: int = 0
    treden_gewonnen: int = 0
    kosten: Decimal = Decimal("0")

    @property
    def kosten_per_klant(self) -> Decimal | None:
        return (self.kosten / len(self.klanten)).quantize(Decimal("0.01")) if self.klanten else None

    @property
    def kosten_per_trede(self) -> Decimal | None:
        if not self.treden_gewonnen:
            return None
        return (self.kosten / self.treden_gewonnen).quantize(Decimal("0.01"))

    @property
    def gemeten(self) -> int:
        """Trajecten with a rung at the start and at the end: the denominator of the shares."""
        return self.gestegen + self.gelijk + self.gedaald


def effecten(
    organisatie_id: int,
    van: datetime.date | None = None,
    tot: datetime.date | None = None,
    domein: str = "",
    maanden_na: int = 0,
    aanbieder: str = "",
) -> list[Effect]:
    """Per instrument: trajecten that ended (afgerond or uitgevallen) in [van, tot], with the
    rung at their start and at their end (or `maanden_na` months after the end).

    `aanbieder` is the filter's value: "" all instruments, EIGEN_AANBOD those the
    organisation delivers itself (no aanbieder recorded), otherwise an aanbieder's id."""
    query = (
        Traject.select(Traject, Instrument)
        .join(Instrument, JOIN.INNER)
        .where((Instrument.organisatie == organisatie_id) & (Traject.status != "lopend"))
    )
    if van:
        query = query.where(Traject.einddatum >= van)
    if tot:
        query = query.where(Traject.einddatum <= tot)
    if domein:
        query = query.where(Instrument.domein == domein)
    if aanbieder == EIGEN_AANBOD:
        query = query.where(Instrument.aanbieder.is_null())
    elif aanbieder:
        query = query.where(Instrument.aanbieder == int(aanbieder))
    per_instrument: dict[int, Effect] = {}
    for traject in query.order_by(Instrument.naam, Traject.id):
        effect = per_instrument.setdefault(traject.instrument_id, Effect(traject.instrument))
        eind = traject.einddatum
        if maanden_na:
            eind = standaard_volgende_meetdatum(eind, maanden_na)
        _tel(effect, traject, _meting_op(traject, traject.begindatum), _meting_op(traject, eind))
    return list(per_instrument.values())


def tabel(effecten: list[Effect], jaar: int, maanden_na: int = 0) -> Tabel:
    """One row per instrument: the movement, each as a share of the measured trajecten."""
    return Tabel(
        f"Beweging op de ladder per instrument, trajecten beëindigd in {jaar}",
        (
            "Instrument",
            "Trajecten",
            "Klanten",
            "Gestegen",
            "Gestegen (%)",
            "Gelijk",
            "Gelijk (%)",
            "Gedaald",
            "Gedaald (%)",
            "Niet gemeten",
            "Met + bij start",
            "Met + bij start: gestegen",
            "Kosten per klant",
            "Kosten per gewonnen trede",
        ),
        tuple(_rij(e) for e in effecten),
        toelichting=(
            "Trede bij de start: de laatste definitieve meting op of voor de begindatum. Trede "
            "aan het einde: de laatste op of voor de einddatum"
            + (f" plus {maanden_na} maanden" if maanden_na else "")
            + ". Kosten: de werkelijke kosten, of anders de prijs uit de catalogus. Kosten per "
            "gewonnen trede: alle kosten gedeeld door het totaal aantal treden dat klanten "
            "stegen. Gestegen, gelijk en gedaald: als % van de trajecten met een trede bij de "
            "start en aan het einde."
        ),
        sleutel="effect",
    )


def _rij(e: Effect) -> tuple:
    beweging = (
        cel
        for aantal in (e.gestegen, e.gelijk, e.gedaald)
        for cel in (aantal, procent(aantal, e.gemeten))
    )
    return (
        e.instrument.naam,
        e.trajecten,
        len(e.klanten),
        *beweging,
        e.onbekend,
        e.plus_bij_start,
        e.plus_gestegen,
        *(Bedrag(k) if k is not None else None for k in (e.kosten_per_klant, e.kosten_per_trede)),
    )


def aanbieders_in_catalogus(organisatie_id: int):
    """The aanbieders that occur in the organisation's catalogue: the effect report's filter
    offers only these, so it never lists organisations that deliver nothing here."""
    in_catalogus = Instrument.select(Instrument.aanbieder).where(
        (Instrument.organisatie == organisatie_id) & Instrument.aanbieder.is_null(False)
    )
    return Organisatie.select().where(Organisatie.id.in_(in_catalogus)).order_by(Organisatie.naam)


def _meting_op(traject: Traject, datum: datetime.date) -> Meting | None:
    """The klant's latest definitive meting on `datum` (ties: the one linked to the traject)."""
    return (
        Meting.select()
        .where(
            (Meting.klant == traject.klant_id)
            & (Meting.status == "definitief")
            & (Meting.meetdatum <= datum)
        )
        .order_by(
            Meting.meetdatum.desc(),
            (Meting.traject == traject.id).desc(),
            Meting.definitief_op.desc(nulls="LAST"),  # as everywhere (models.meting)
            Meting.id.desc(),
        )
        .first()
    )


def _tel(effect: Effect, traject: Traject, start: Meting | None, eind: Meting | None) -> None:
    effect.trajecten += 1
    effect.klanten.add(traject.klant_id)
    effect.kosten += _kosten(traject)
    if not (start and eind and start.trede in range(1, 7) and eind.trede in range(1, 7)):
        effect.onbekend += 1
        return
    richting = beweging(start.trede, eind.trede)
    setattr(effect, richting, getattr(effect, richting) + 1)
    effect.treden_gewonnen += max(eind.trede - start.trede, 0)
    if start.groeipotentieel == "+":
        effect.plus_bij_start += 1
        effect.plus_gestegen += richting == "gestegen"


def _kosten(traject: Traject) -> Decimal:
    """Actual cost when recorded, else the catalogue price (per traject, or per month run)."""
    if traject.werkelijke_kosten is not None:
        return Decimal(traject.werkelijke_kosten)
    instrument = traject.instrument
    if instrument.kosten_per_traject is not None:
        return Decimal(instrument.kosten_per_traject)
    if instrument.kosten_per_maand is not None and traject.einddatum:
        maanden = max(duur_maanden(traject.begindatum, traject.einddatum), 1)
        return Decimal(instrument.kosten_per_maand) * maanden
    return Decimal("0")
