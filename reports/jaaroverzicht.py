"""The annual overview for the council: the stand at 31 December (or 30 June) of a year next
to the same day a year earlier, in total and per subgroep (§3.2: the latest meting counts).

A klant can belong to several subgroepen (§2.5), so the subgroepen add up to more than the
total.
"""

import datetime
from dataclasses import dataclass

from ladder.subgroepen import SUBGROEPEN
from models import Meting, MetingSubgroep, OrganisatieSubgroep
from reports.filters import Filter
from reports.peil import geteld
from reports.stand import Ladderstand, kolommen, maak_stand, stand

MOMENTEN = {"12-31": "31 december", "06-30": "30 juni"}


@dataclass(frozen=True)
class Vergelijking:
    """One group (the total, or a subgroep) at the peildatum and a year before."""

    code: str
    naam: str
    nu: Ladderstand
    vorig: Ladderstand


@dataclass(frozen=True)
class Jaaroverzicht:
    jaar: int
    peildatum: datetime.date
    vorige_peildatum: datetime.date
    totaal: Vergelijking
    subgroepen: tuple[Vergelijking, ...]


def peildatum(jaar: int, moment: str) -> datetime.date:
    """31 December or 30 June of the year."""
    maand, dag = (int(deel) for deel in moment.split("-"))
    return datetime.date(jaar, maand, dag)


def per_subgroep(peil: datetime.date, filter_: Filter) -> dict[str, Ladderstand]:
    """The stand per subgroep of the counted meting, in one aggregate query."""
    query = (
        geteld(peil, filter_, *kolommen(MetingSubgroep.subgroep))
        .join_from(Meting, MetingSubgroep)
        .group_by(MetingSubgroep.subgroep, Meting.trede)
    )
    rijen: dict[str, list[tuple]] = {}
    for code, *rij in query.tuples():
        rijen.setdefault(code, []).append(tuple(rij))
    return {code: maak_stand(peil, r) for code, r in rijen.items()}


def subgroepnamen(organisatie_id: int) -> dict[str, str]:
    """The seven subgroepen of Table 3.3 and the organisation's own, by code."""
    namen = {str(code): subgroep.naam for code, subgroep in SUBGROEPEN.items()}
    eigen = OrganisatieSubgroep.select().where(OrganisatieSubgroep.organisatie == organisatie_id)
    namen.update({s.code: s.naam for s in eigen})
    return namen


def jaaroverzicht(jaar: int, moment: str, filter_: Filter) -> Jaaroverzicht:
    """The stand of the year against the previous year, in total and per subgroep."""
    nu, vorig = peildatum(jaar, moment), peildatum(jaar - 1, moment)
    namen = subgroepnamen(filter_.bereik.organisatie_id)
    groepen_nu, groepen_vorig = per_subgroep(nu, filter_), per_subgroep(vorig, filter_)
    codes = sorted(set(groepen_nu) | set(groepen_vorig), key=_sorteer)
    leeg_nu, leeg_vorig = maak_stand(nu, []), maak_stand(vorig, [])
    subgroepen = tuple(
        Vergelijking(
            code,
            namen.get(code, code),
            groepen_nu.get(code, leeg_nu),
            groepen_vorig.get(code, leeg_vorig),
        )
        for code in codes
    )
    totaal = Vergelijking("", "Alle klanten", stand(nu, filter_), stand(vorig, filter_))
    return Jaaroverzicht(jaar, nu, vorig, totaal, subgroepen)


def _sorteer(code: str) -> tuple[int, int, str]:
    """The seven of Table 3.3 in their order, then the organisation's own by code."""
    return (0, int(code), "") if code.isdigit() else (1, 0, code)
