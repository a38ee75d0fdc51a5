"""The accountability report of a placement project for one period (seeds/003 §4.5.1), and
its tables: the page, the PDF and the workbook all show the same `Tabel`s."""

import datetime
from dataclasses import dataclass

from peewee import fn

from ladder.verantwoording import AARDEN, OPLEIDINGSNIVEAUS, Periode, aandelen, duur_maanden
from models import Plaatsing, Project
from reports.export import Blad, xlsx_bladen
from reports.tabel import Procent, Tabel


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


@dataclass(frozen=True)
class Tabellen:
    """The figures of a verantwoording as tables; `kern` holds what the page and the PDF say
    in sentences around the others."""

    kern: Tabel
    aard: Tabel
    niveau: Tabel
    sector: Tabel
    duur: Tabel


def tabellen(r: Verantwoording) -> Tabellen:
    """Each breakdown ends in its Totaal row: the denominator of the shares."""
    gestart = f"de {r.gestart} in deze periode gestarte plaatsingen"
    return Tabellen(
        kern=_kern(r),
        aard=Tabel(
            f"Aard van de gestarte plaatsingen tegen het streven (aandeel van {gestart})",
            ("Aard", "Aantal", "Aandeel", "Streven"),
            (
                *(
                    (label, r.per_aard[aard], Procent(r.aandelen[aard]), Procent(r.doelen[aard]))
                    for aard, label in AARDEN.items()
                ),
                (
                    "Totaal",
                    r.gestart,
                    Procent(100.0 if r.gestart else 0.0),
                    Procent(sum(r.doelen.values())),
                ),
            ),
        ),
        niveau=_aantallen(
            f"Opleidingsniveau van de geplaatste klanten ({gestart})",
            "Opleidingsniveau",
            _per_niveau(r.per_niveau),
        ),
        sector=_aantallen(f"Sector van {gestart}", "Sector", list(r.per_sector.items())),
        duur=Tabel(
            "Duur per plaatsing",
            ("Begin", "Aard", "Sector", "Duur (maanden)", "Status"),
            tuple(
                (
                    p.begindatum,
                    AARDEN.get(p.aard, p.aard),
                    p.sector,
                    maanden,
                    "loopt" if lopend else "beëindigd",
                )
                for p, maanden, lopend in r.duren
            ),
        ),
    )


def _kern(r: Verantwoording) -> Tabel:
    return Tabel(
        f"Verantwoording {r.project.naam}, {r.periode.label}, peildatum "
        + r.peildatum.strftime("%d-%m-%Y"),
        ("Plaatsingen", "Aantal", "Aandeel", "Doel"),
        (
            ("Gestarte plaatsingen", r.gestart, None, None),
            (
                "Plaatsingen sinds de start van het project",
                r.totaal_tot_nu,
                None,
                r.project.doel_aantal,
            ),
            (
                f"Minimaal {r.project.minimale_duur_maanden} maanden bereikt",
                r.zes_maanden,
                Procent(round(r.aandeel_minimale_duur, 1)),
                None,
            ),
        ),
    )


def _per_niveau(per_niveau: dict[str, int]) -> list[tuple[str, int]]:
    """Every level of the list, then values outside it that occur (an older or empty one)."""
    rijen = [(label, per_niveau.get(niveau, 0)) for niveau, label in OPLEIDINGSNIVEAUS.items()]
    rijen += [
        (niveau or "Niet vastgelegd", aantal)
        for niveau, aantal in per_niveau.items()
        if niveau not in OPLEIDINGSNIVEAUS and aantal
    ]
    return rijen


def _aantallen(titel: str, kolom: str, rijen: list[tuple[str, int]]) -> Tabel:
    """A count per value with its Totaal row; no rows at all without any placement."""
    totaal = (("Totaal", sum(n for _, n in rijen)),) if rijen else ()
    return Tabel(titel, (kolom, "Aantal"), (*rijen, *totaal))


def werkboek(r: Verantwoording) -> bytes:
    """The tables as a workbook: the figures on one sheet, the placements on a second."""
    t = tabellen(r)
    return xlsx_bladen(
        [
            Blad("Verantwoording", (t.kern, t.aard, t.niveau, t.sector)),
            Blad("Duur per plaatsing", (t.duur,), titels=False),
        ]
    )
