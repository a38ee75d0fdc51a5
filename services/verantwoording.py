"""The accountability report of a placement project for one period (seeds/003 §4.5.1)."""

import datetime
from dataclasses import dataclass

from peewee import fn

from ladder.verantwoording import AARDEN, OPLEIDINGSNIVEAUS, Periode, aandelen, duur_maanden
from models import Plaatsing, Project


@dataclass(frozen=True)
class Verantwoording:
    project: Project
    periode: Periode
    peildatum: datetime.date
    gestart: int
    per_aard: dict[str, int]
    aandelen: dict[str, float]
    doelen: dict[str, int]
    per_niveau: dict[str, int]
    per_sector: dict[str, int]
    duren: list[tuple[Plaatsing, int, bool]]  # placement, months so far, still running
    zes_maanden: int  # started in the period and reached the minimum duration by the peildatum
    totaal_tot_nu: int  # all placements of the project started up to the end of the period

    @property
    def aandeel_minimale_duur(self) -> float:
        return 100 * self.zes_maanden / self.gestart if self.gestart else 0.0


def _plaatsingen(project: Project, organisatie_id: int | None):
    query = Plaatsing.select().where(Plaatsing.project == project)
    if organisatie_id is not None:  # a partner accounts only for its own placements
        query = query.where(Plaatsing.organisatie == organisatie_id)
    return query


def _tellen(query, veld) -> dict[str, int]:
    rows = query.select(veld, fn.COUNT(Plaatsing.id).alias("n")).group_by(veld).tuples()
    return {waarde: n for waarde, n in rows}


def verantwoording(
    project: Project, periode: Periode, peildatum: datetime.date, organisatie_id: int | None = None
) -> Verantwoording:
    """Counts over the placements started in the period; shares have those as denominator."""
    alle = _plaatsingen(project, organisatie_id)
    in_periode = alle.where(Plaatsing.begindatum.between(periode.begin, periode.eind))
    per_aard = {aard: 0 for aard in AARDEN} | _tellen(in_periode, Plaatsing.aard)
    per_niveau = {niveau: 0 for niveau in OPLEIDINGSNIVEAUS} | _tellen(
        in_periode, Plaatsing.opleidingsniveau
    )
    duren = []
    for plaatsing in in_periode.order_by(Plaatsing.begindatum, Plaatsing.id):
        einde = min(plaatsing.einddatum or peildatum, peildatum)
        lopend = plaatsing.einddatum is None or plaatsing.einddatum > peildatum
        duren.append((plaatsing, duur_maanden(plaatsing.begindatum, einde), lopend))
    return Verantwoording(
        project=project,
        periode=periode,
        peildatum=peildatum,
        gestart=sum(per_aard.values()),
        per_aard=per_aard,
        aandelen=aandelen(per_aard),
        doelen={
            "betaald_werk": project.doel_betaald_pct,
            "onbetaald_werk": project.doel_onbetaald_pct,
            "opleidingstraject": project.doel_opleiding_pct,
        },
        per_niveau=per_niveau,
        per_sector=dict(sorted(_tellen(in_periode, Plaatsing.sector).items())),
        duren=duren,
        zes_maanden=sum(1 for _, maanden, _ in duren if maanden >= project.minimale_duur_maanden),
        totaal_tot_nu=alle.where(Plaatsing.begindatum <= periode.eind).count(),
    )
