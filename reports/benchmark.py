"""Report 7, the benchmark: organisations of one installation compared on the stand and the
share with groeipotentieel (+), only those whose beheerder opted in (Organisatie.
benchmark_deelname), and only aggregates: no klant, team or klantmanager crosses over.

Every klant counts with the meting that counts for it at the peildatum (`peil.koppel_getelde`,
an uitstroom meting takes it off the ladder), grouped in one aggregate query by organisation,
gemeente of the klant and trede. An organisation whose klanten live in more than one gemeente
(an ISD) is also shown per gemeente.

Small numbers are suppressed: a row with fewer than DREMPEL klanten on the ladder (trede 1-6,
the base of every percentage) shows "te weinig klanten" and no figures at all. That is at
least as strict as "fewer than DREMPEL klanten counted", since the counted klanten are those on
the ladder plus those with a code 0, 8 or 9. The rows per gemeente add up to their
organisation's row, so a suppressed gemeente could be recovered by subtraction; as long as the
suppressed gemeenten of an organisation have fewer than DREMPEL klanten on the ladder together,
the next smallest gemeente is left out too (secondary suppression, "niet getoond"). There is
no total over all organisations, which would give away a suppressed one the same way.
"""

import datetime
from dataclasses import dataclass

from peewee import SQL, fn

from ladder.meetmomenten import UITSTROOM
from models import Gemeente, Klant, Meting, MetingSubgroep, Organisatie
from reports.peil import koppel_getelde, som
from reports.stand import Ladderstand, maak_stand

# Who sees the benchmark: managers see their whole organisation and are who compares it with
# others. Not a klantmanager or intaker (their reports cover their own caseload), not a
# partner (its organisation is no gemeente), not a beheerder (no reports at all).
ROLLEN = ("manager",)

# The smallest number of klanten on the ladder for which a row shows figures. Ten is the
# usual floor for published aggregates about people (e.g. CBS tables about small groups).
DREMPEL = 10

TE_WEINIG = "te weinig klanten"
NIET_GETOOND = "niet getoond"
ONBEKENDE_GEMEENTE = "(gemeente niet vastgelegd)"


@dataclass(frozen=True)
class Benchmarkrij:
    """An organisation as a whole (gemeente None) or one gemeente of it, with its stand, or
    the reason it has none (`onderdrukt`)."""

    organisatie_id: int
    organisatie: str
    gemeente: str | None
    stand: Ladderstand | None
    onderdrukt: str = ""
    eigen: bool = False

    @property
    def geteld(self) -> int:
        """Klanten counted: on the ladder and with a code."""
        return self.stand.op_ladder + self.stand.met_code if self.stand else 0


@dataclass(frozen=True)
class Benchmark:
    peildatum: datetime.date
    subgroep: str | None
    rijen: tuple[Benchmarkrij, ...]

    @property
    def organisaties(self) -> tuple[Benchmarkrij, ...]:
        """The rows of whole organisations, in name order."""
        return tuple(r for r in self.rijen if r.gemeente is None)


def doet_mee(organisatie_id: int) -> bool:
    """Has this organisation opted in to the benchmark?"""
    return (
        Organisatie.select()
        .where((Organisatie.id == organisatie_id) & Organisatie.benchmark_deelname)
        .exists()
    )


def _tellingen(peildatum: datetime.date, subgroep: str | None) -> list[tuple]:
    """(organisatie, gemeente, trede, aantal, plus) for the organisations that opted in."""
    query = koppel_getelde(
        Klant.select(
            Klant.organisatie,
            Klant.gemeente,
            Meting.trede,
            fn.COUNT(SQL("*")),
            som(Meting.groeipotentieel == "+"),
        ),
        peildatum,
        installatie=True,
    )
    query = (
        query.join_from(Klant, Organisatie)
        .where(Organisatie.benchmark_deelname & (Meting.aanleiding != UITSTROOM))
        .group_by(Klant.organisatie, Klant.gemeente, Meting.trede)
    )
    if subgroep:
        query = query.where(
            fn.EXISTS(
                MetingSubgroep.select(MetingSubgroep.id).where(
                    (MetingSubgroep.meting == Meting.id) & (MetingSubgroep.subgroep == subgroep)
                )
            )
        )
    return list(query.tuples())


def benchmark(peildatum: datetime.date, subgroep: str | None, eigen_id: int) -> Benchmark:
    """The participating organisations (and their gemeenten) at the peildatum."""
    per_groep: dict[int, dict[int | None, list[tuple]]] = {}
    for organisatie_id, gemeente_id, trede, aantal, plus in _tellingen(peildatum, subgroep):
        groepen = per_groep.setdefault(organisatie_id, {})
        groepen.setdefault(gemeente_id, []).append((trede, aantal, plus))
    deelnemers = list(
        Organisatie.select(Organisatie.id, Organisatie.naam)
        .where(Organisatie.benchmark_deelname)
        .order_by(Organisatie.naam)
        .tuples()
    )
    gemeenten = dict(Gemeente.select(Gemeente.id, Gemeente.naam).tuples())
    rijen: list[Benchmarkrij] = []
    for organisatie_id, naam in deelnemers:
        tellingen = per_groep.get(organisatie_id, {})
        groepen = {g: maak_stand(peildatum, r) for g, r in tellingen.items()}
        totaal = maak_stand(peildatum, _opgeteld(tellingen.values()))
        eigen = organisatie_id == eigen_id
        rijen.append(_rij(organisatie_id, naam, None, totaal, eigen))
        if len(groepen) < 2 or totaal.op_ladder < DREMPEL:
            continue
        getoond = _niet_herleidbaar(groepen)
        namen = {g: gemeenten.get(g, ONBEKENDE_GEMEENTE) for g in groepen}
        for gemeente_id in sorted(groepen, key=lambda g: (g is None, namen[g].lower())):
            stand = groepen[gemeente_id]
            rij = _rij(organisatie_id, naam, namen[gemeente_id], stand, eigen)
            if rij.stand is not None and gemeente_id not in getoond:
                rij = Benchmarkrij(
                    organisatie_id, naam, namen[gemeente_id], None, NIET_GETOOND, eigen
                )
            rijen.append(rij)
    return Benchmark(peildatum, subgroep, tuple(rijen))


def _opgeteld(groepen) -> list[tuple[int, int, int]]:
    """(trede, aantal, plus) of several gemeenten added up per trede."""
    som_per_trede: dict[int, tuple[int, int]] = {}
    for rijen in groepen:
        for trede, aantal, plus in rijen:
            oud_aantal, oud_plus = som_per_trede.get(trede, (0, 0))
            som_per_trede[trede] = (oud_aantal + aantal, oud_plus + plus)
    return [(trede, aantal, plus) for trede, (aantal, plus) in som_per_trede.items()]


def _rij(
    organisatie_id: int, naam: str, gemeente: str | None, stand: Ladderstand, eigen: bool
) -> Benchmarkrij:
    """A row with its stand, or suppressed below the threshold."""
    if stand.op_ladder < DREMPEL:
        return Benchmarkrij(organisatie_id, naam, gemeente, None, TE_WEINIG, eigen)
    return Benchmarkrij(organisatie_id, naam, gemeente, stand, "", eigen)


def _niet_herleidbaar(groepen: dict) -> set:
    """The gemeenten whose figures can be shown without giving away a suppressed one by
    subtracting from the organisation's row: the suppressed ones together reach DREMPEL."""
    klein = {g for g, s in groepen.items() if s.op_ladder < DREMPEL}
    if klein:
        rest = sorted(set(groepen) - klein, key=lambda g: (groepen[g].op_ladder, g is None, g or 0))
        while rest and sum(groepen[g].op_ladder for g in klein) < DREMPEL:
            klein.add(rest.pop(0))
    return set(groepen) - klein
