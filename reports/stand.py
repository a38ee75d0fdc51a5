"""The stand per peildatum (Figure 2.2) and caseloads side by side, with their two splits.

Groeipotentieel: "met groeipotentieel" (+), "zonder" (0, no vrijstelling arbeidsplicht),
"zonder – ontheffing arbeidsplicht" (0 with a vrijstelling: "ja" or a municipal code), and
n.v.t. for trede 6 and the codes. P-instrument: "nieuw ingezet" (nieuw_p_instrument ja),
"lopend" (lopend ja, not nieuw) and "geen".
"""

import datetime
from dataclasses import dataclass

from peewee import SQL, fn

from models import Gebruiker, Gemeente, Klant, Meting, Team
from reports.filters import GEEN_VRIJSTELLING, Filter
from reports.peil import CODES, TREDEN, geteld, som

# What the caseloads can be compared by: the column of the counted meting or of the klant.
VERGELIJKINGEN = {
    "klantmanager": "Klantmanager",
    "team": "Team",
    "gemeente": "Gemeente",
}


@dataclass(frozen=True)
class Tredetelling:
    """One trede or code at the peildatum: how many klanten, and the splits."""

    trede: int
    aantal: int = 0
    plus: int = 0
    zonder: int = 0
    ontheffing: int = 0
    nieuw_p: int = 0
    lopend_p: int = 0

    @property
    def nvt(self) -> int:
        """Klanten without a groeipotentieel: trede 6 and the codes."""
        return self.aantal - self.plus - self.zonder - self.ontheffing

    @property
    def geen_p(self) -> int:
        """Klanten for whom no P-instrument is used or started."""
        return self.aantal - self.nieuw_p - self.lopend_p


@dataclass(frozen=True)
class Ladderstand:
    """The stand at a peildatum: treden 6 down to 1, then the codes 0, 8, 9."""

    peildatum: datetime.date
    treden: tuple[Tredetelling, ...]
    codes: tuple[Tredetelling, ...]

    @property
    def op_ladder(self) -> int:
        """Klanten on a rung 1-6 (the base of the percentages)."""
        return sum(rij.aantal for rij in self.treden)

    @property
    def met_code(self) -> int:
        return sum(rij.aantal for rij in self.codes)

    def rij(self, trede: int) -> Tredetelling:
        """The row of one trede or code."""
        return next(r for r in (*self.treden, *self.codes) if r.trede == trede)


@dataclass(frozen=True)
class Groep:
    """One caseload: a klantmanager, team or gemeente (id None: none recorded)."""

    id: int | None
    naam: str
    stand: Ladderstand


@dataclass(frozen=True)
class Caseloads:
    peildatum: datetime.date
    vergelijking: str
    groepen: tuple[Groep, ...]


def kolommen(groep=None) -> list:
    """The aggregates per trede (and per group, when one is given)."""
    nul = Meting.groeipotentieel == "0"
    vrijstelling = Meting.vrijstelling_arbeidsplicht
    nieuw = Meting.nieuw_p_instrument
    lijst = [
        Meting.trede,
        fn.COUNT(SQL("*")),
        som(Meting.groeipotentieel == "+"),
        som(nul & vrijstelling.in_(GEEN_VRIJSTELLING)),
        som(nul & vrijstelling.not_in(GEEN_VRIJSTELLING)),
        som(nieuw == "ja"),
        som((Meting.lopend_p_instrument == "ja") & (nieuw != "ja")),
    ]
    return lijst if groep is None else [groep, *lijst]


def maak_stand(peildatum: datetime.date, rijen: list[tuple]) -> Ladderstand:
    """Rows (trede, aantal, …) from the database into a Stand with every trede present."""
    per_trede = {rij[0]: Tredetelling(*rij) for rij in rijen}
    return Ladderstand(
        peildatum=peildatum,
        treden=tuple(per_trede.get(t, Tredetelling(t)) for t in TREDEN),
        codes=tuple(per_trede.get(c, Tredetelling(c)) for c in CODES),
    )


def stand(peildatum: datetime.date, filter_: Filter) -> Ladderstand:
    """Per trede and code: the klanten that count at the peildatum, with the splits."""
    query = geteld(peildatum, filter_, *kolommen()).group_by(Meting.trede)
    return maak_stand(peildatum, list(query.tuples()))


def groep_kolom(vergelijking: str):
    """The column a caseload comparison groups by."""
    return {
        "klantmanager": Meting.klantmanager,
        "team": Meting.team,
        "gemeente": Klant.gemeente,
    }[vergelijking]


def caseloads(
    peildatum: datetime.date, filter_: Filter, vergelijking: str, ids: tuple[int, ...] = ()
) -> Caseloads:
    """The stand per klantmanager, team or gemeente; only the given ids, or all found."""
    kolom = groep_kolom(vergelijking)
    query = geteld(peildatum, filter_, *kolommen(kolom)).group_by(kolom, Meting.trede)
    if ids:
        query = query.where(kolom.in_(ids))
    per_groep: dict[int | None, list[tuple]] = {gid: [] for gid in ids}
    for groep_id, *rij in query.tuples():
        per_groep.setdefault(groep_id, []).append(tuple(rij))
    namen = groepsnamen(vergelijking, [g for g in per_groep if g is not None])
    groepen = [
        Groep(g, namen.get(g, "(niet vastgelegd)"), maak_stand(peildatum, rijen))
        for g, rijen in per_groep.items()
    ]
    groepen.sort(key=lambda g: (g.id is None, g.naam.lower()))
    return Caseloads(peildatum, vergelijking, tuple(groepen))


def groepsnamen(vergelijking: str, ids: list[int]) -> dict[int, str]:
    """The names of klantmanagers, teams or gemeenten by id."""
    if not ids:
        return {}
    model, naam = {
        "klantmanager": (Gebruiker, Gebruiker.naam),
        "team": (Team, Team.naam),
        "gemeente": (Gemeente, Gemeente.naam),
    }[vergelijking]
    return dict(model.select(model.id, naam).where(model.id.in_(ids)).tuples())
