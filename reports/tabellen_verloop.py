"""The tables of the stromen, the estimates and the lists of klanten to measure, built once
from the result for the page and the downloads."""

from ladder.treden import label
from reports.inschattingen import Groep as InschattingGroep
from reports.inschattingen import Inschattingen, Uitkomst
from reports.peil import TREDEN
from reports.stromen import Stromen, matrix
from reports.tabel import Cel, KlantCel, Tabel, procent, trede_naam
from reports.te_meten import Klantregel, TeMeten


def stromen_tabellen(uitkomst: Stromen) -> list[Tabel]:
    """Herkomst per trede at t1, bestemming per trede at t0, and the transition matrix."""
    treden = TREDEN
    herkomst = tuple(
        (
            trede_naam(t),
            rij["nieuw"],
            rij["zelfde"],
            *(rij.get(v) for v in treden),
            sum(rij.values()),
        )
        for t, rij in uitkomst.herkomst.items()
    )
    bestemming = tuple(
        (trede_naam(t), rij["af"], rij["zelfde"], *(rij.get(n) for n in treden), sum(rij.values()))
        for t, rij in uitkomst.bestemming.items()
    )
    return [
        Tabel(
            "Herkomst per trede op de tweede peildatum",
            (
                "Trede nu",
                "Nieuw op de ladder",
                "Zelfde trede",
                *(f"Van trede {v}" for v in treden),
                "Totaal",
            ),
            herkomst,
            sleutel="Herkomst",
        ),
        Tabel(
            "Bestemming per trede op de eerste peildatum",
            (
                "Trede toen",
                "Van de ladder af",
                "Zelfde trede",
                *(f"Naar trede {n}" for n in treden),
                "Totaal",
            ),
            bestemming,
            sleutel="Bestemming",
        ),
        matrix_tabel(uitkomst),
    ]


def matrix_tabel(uitkomst: Stromen) -> Tabel:
    """Rows: where klanten stood at t0; columns: where they stand at t1."""
    rijen: list[tuple[Cel, ...]] = []
    for van, cellen in matrix(uitkomst):
        naam: Cel = "Niet op de ladder" if van is None else f"Trede {van}"
        rij: list[Cel] = [*cellen[:-1], None] if van is None else list(cellen)
        rijen.append((naam, *rij, sum(cellen)))
    rijen.append(("Totaal", *(sum(r[i] or 0 for r in rijen) for i in range(1, 9))))
    return Tabel(
        "Overgangsmatrix",
        (
            "Eerste peildatum ↓ / tweede →",
            *(f"Trede {t}" for t in TREDEN),
            "Van de ladder af",
            "Totaal",
        ),
        tuple(rijen),
        "Rijen: de trede op de eerste peildatum; kolommen: de trede op de tweede.",
        "Matrix",
    )


def _uitkomst_rij(naam: str, groei: str, u: Uitkomst) -> tuple[Cel, ...]:
    """One row of the estimates table."""
    return (
        naam,
        groei,
        u.aantal,
        u.gestegen,
        procent(u.gestegen, u.aantal),
        u.gelijk,
        u.gedaald,
        u.af,
        u.onbekend,
    )


def _inschatting_tabel(titel: str, soort: str, groepen, totaal: InschattingGroep) -> Tabel:
    """Two rows per klantmanager or team: those with + at t0, then those with 0."""
    rijen = []
    for g in (*groepen, totaal):
        rijen += [_uitkomst_rij(g.naam, "+", g.plus), _uitkomst_rij(g.naam, "0", g.nul)]
    return Tabel(
        titel,
        (
            soort,
            "Groeipotentieel",
            "Aantal",
            "Gestegen",
            "% gestegen",
            "Gelijk",
            "Gedaald",
            "Van de ladder af",
            "Onbekend (code)",
        ),
        tuple(rijen),
        sleutel=f"Per {soort.lower()}",
    )


def inschattingen_tabellen(uitkomst: Inschattingen) -> list[Tabel]:
    """The outcome per klantmanager and per team, + next to 0."""
    return [
        _inschatting_tabel(
            "Per klantmanager", "Klantmanager", uitkomst.per_klantmanager, uitkomst.totaal
        ),
        _inschatting_tabel("Per team", "Team", uitkomst.per_team, uitkomst.totaal),
    ]


def _klant_rij(lijst: TeMeten, r: Klantregel) -> tuple[Cel, ...]:
    """One klant of a list, linked to its page."""
    status = "verlopen" if lijst.verlopen(r) else ("binnenkort" if r.volgende_meetdatum else "")
    return (
        r.klantmanager,
        KlantCel(r.klant_id, r.naam),
        r.klant_id,
        r.team,
        label(r.trede, r.groeipotentieel),
        r.meetdatum,
        r.volgende_meetdatum,
        status,
    )


def te_meten_tabellen(lijst: TeMeten) -> list[Tabel]:
    """Per klantmanager the numbers; then the lists of klanten, the never measured last."""
    kolommen = (
        "Klantmanager",
        "Klant",
        "Klantnummer",
        "Team",
        "Trede",
        "Laatste meting",
        "Volgende meetdatum",
        "Status",
    )
    return [
        Tabel(
            "Per klantmanager",
            ("Klantmanager", "Te meten", "Waarvan verlopen", "Laatste meting ouder dan 12 maanden"),
            tuple(lijst.per_klantmanager()),
            sleutel="Per klantmanager",
        ),
        Tabel(
            f"Volgende meetdatum verlopen of binnen {lijst.weken} weken",
            kolommen,
            tuple(_klant_rij(lijst, r) for r in lijst.binnenkort),
            sleutel="Te meten",
        ),
        Tabel(
            "Laatste meting ouder dan 12 maanden",
            kolommen,
            tuple(_klant_rij(lijst, r) for r in lijst.verouderd),
            sleutel="Ouder dan 12 maanden",
        ),
        lijst.nooit_gemeten_tabel(),
    ]
