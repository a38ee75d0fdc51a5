"""The tables of the stand, the caseloads and the jaaroverzicht, built once from the result
for the page and the downloads."""

from reports.benchmark import DREMPEL, NIET_GETOOND, TE_WEINIG, Benchmark, Benchmarkrij
from reports.jaaroverzicht import Jaaroverzicht, Vergelijking
from reports.peil import CODES, TREDEN
from reports.stand import Caseloads, Ladderstand
from reports.tabel import Cel, Tabel, procent, trede_naam


def _nvt(trede: int, waarde: int) -> Cel:
    """Growth potential does not apply to trede 6 (Table 3.2)."""
    return "n.v.t." if trede == 6 else waarde


def stand_tabellen(stand: Ladderstand) -> list[Tabel]:
    """The stand per trede with percentages, codes below; the two splits."""
    totaal = stand.op_ladder
    rijen: list[tuple[Cel, ...]] = [
        (
            trede_naam(r.trede),
            r.aantal,
            procent(r.aantal, totaal),
            _nvt(r.trede, r.plus),
            None if r.trede == 6 else procent(r.plus, r.aantal),
        )
        for r in stand.treden
    ]
    rijen.append(
        (
            "Totaal op de ladder (trede 1 tot en met 6)",
            totaal,
            procent(totaal, totaal),
            sum(r.plus for r in stand.treden),
            procent(sum(r.plus for r in stand.treden), totaal),
        )
    )
    rijen += [(trede_naam(r.trede), r.aantal, None, None, None) for r in stand.codes]
    return [
        Tabel(
            "Stand per trede",
            ("Trede", "Aantal klanten", "% van de ladder", "Waarvan +", "% met +"),
            tuple(rijen),
            "Klanten met code 0, 8 of 9 staan niet op een trede en tellen niet mee in het "
            "totaal en de percentages.",
            "Stand",
        ),
        groei_tabel(stand),
        p_tabel(stand),
    ]


def groei_tabel(stand: Ladderstand) -> Tabel:
    """Per trede: met groeipotentieel, zonder, zonder – ontheffing arbeidsplicht, n.v.t."""
    return Tabel(
        "Naar groeipotentieel",
        (
            "Trede",
            "Met groeipotentieel (+)",
            "Zonder",
            "Zonder – ontheffing arbeidsplicht",
            "N.v.t.",
            "Totaal",
        ),
        tuple(
            (trede_naam(r.trede), r.plus, r.zonder, r.ontheffing, r.nvt, r.aantal)
            for r in stand.treden
        ),
        "Op trede 6 is groeipotentieel niet van toepassing.",
        "Groeipotentieel",
    )


def p_tabel(stand: Ladderstand) -> Tabel:
    """Per trede: P-instrument nieuw ingezet, lopend, geen."""
    return Tabel(
        "Naar inzet P-instrument",
        ("Trede", "Nieuw ingezet", "Lopend", "Geen", "Totaal"),
        tuple(
            (trede_naam(r.trede), r.nieuw_p, r.lopend_p, r.geen_p, r.aantal) for r in stand.treden
        ),
        sleutel="P-instrument",
    )


def _vergelijking_tabel(overzicht: Jaaroverzicht, v: Vergelijking) -> Tabel:
    """A group's treden and codes in both years, with the difference."""
    vorig, nu = overzicht.jaar - 1, overzicht.jaar
    rijen: list[tuple[Cel, ...]] = []
    for oud, nieuw in zip(
        (*v.vorig.treden, *v.vorig.codes), (*v.nu.treden, *v.nu.codes), strict=True
    ):
        rijen.append(
            (
                trede_naam(nieuw.trede),
                oud.aantal,
                nieuw.aantal,
                nieuw.aantal - oud.aantal,
                _nvt(nieuw.trede, oud.plus),
                _nvt(nieuw.trede, nieuw.plus),
            )
        )
        if nieuw.trede == 1:
            rijen.append(
                (
                    "Totaal op de ladder",
                    v.vorig.op_ladder,
                    v.nu.op_ladder,
                    v.nu.op_ladder - v.vorig.op_ladder,
                    None,
                    None,
                )
            )
    titel = v.naam if not v.code else f"Subgroep {v.code}: {v.naam}"
    return Tabel(
        titel,
        (
            "Trede",
            f"Aantal {vorig}",
            f"Aantal {nu}",
            "Verschil",
            f"Waarvan + {vorig}",
            f"Waarvan + {nu}",
        ),
        tuple(rijen),
        sleutel=v.naam if not v.code else f"Subgroep {v.code}",
    )


def jaaroverzicht_tabellen(overzicht: Jaaroverzicht) -> list[Tabel]:
    """The total, then one table per subgroep."""
    return [_vergelijking_tabel(overzicht, v) for v in (overzicht.totaal, *overzicht.subgroepen)]


def caseload_tabellen(uitkomst: Caseloads) -> list[Tabel]:
    """The caseloads side by side: the distribution, then each split as % of the trede."""
    groepen = uitkomst.groepen
    verdeling = []
    for trede in (*TREDEN, *CODES):
        cellen: list[Cel] = []
        for g in groepen:
            aantal = g.stand.rij(trede).aantal
            cellen += [aantal, procent(aantal, g.stand.op_ladder) if trede in TREDEN else None]
        verdeling.append((trede_naam(trede), *cellen))
    verdeling.insert(6, ("Totaal op de ladder", *_totalen(groepen)))
    kolommen = [k for g in groepen for k in (f"{g.naam}: aantal", f"{g.naam}: %")]
    return [
        Tabel(
            "Verdeling over de treden",
            ("Trede", *kolommen),
            tuple(verdeling),
            "Percentages van de klanten op de ladder (trede 1 tot en met 6) van elke caseload.",
            "Verdeling",
        ),
        _split_tabel(groepen, "Groeipotentieel per trede", TREDEN[1:], GROEI_DELEN),
        _split_tabel(groepen, "Inzet P-instrument per trede", TREDEN, P_DELEN),
    ]


GROEI_DELEN = (
    ("met groeipotentieel", "plus"),
    ("zonder", "zonder"),
    ("zonder – ontheffing arbeidsplicht", "ontheffing"),
)
P_DELEN = (
    ("inzet P-instrument", "nieuw_p"),
    ("lopend P-instrument", "lopend_p"),
    ("geen inzet P-instrument", "geen_p"),
)


def _totalen(groepen) -> list[Cel]:
    """The row "Totaal op de ladder": each caseload's count and 100%."""
    return [
        c
        for g in groepen
        for c in (g.stand.op_ladder, procent(g.stand.op_ladder, g.stand.op_ladder))
    ]


def _split_tabel(groepen, titel: str, treden, delen) -> Tabel:
    """Rows: trede and part of the split; columns: each caseload, as % of that trede."""
    rijen = []
    for trede in treden:
        for naam, veld in delen:
            cellen = []
            for g in groepen:
                rij = g.stand.rij(trede)
                cellen.append(procent(getattr(rij, veld), rij.aantal))
            rijen.append((f"Trede {trede} – {naam}", *cellen))
    return Tabel(
        f"{titel} (% van de trede)",
        ("Trede en deel", *(g.naam for g in groepen)),
        tuple(rijen),
        sleutel=titel[:28],
    )


def _benchmark_kop(rij: Benchmarkrij) -> tuple[Cel, Cel]:
    """The organisation (marked when it is the viewer's own) and the gemeente."""
    naam = f"{rij.organisatie} (uw organisatie)" if rij.eigen else rij.organisatie
    return naam, rij.gemeente or "Alle"


def benchmark_tabellen(uitkomst: Benchmark) -> list[Tabel]:
    """The distribution over the treden and the share with +, one row per organisation and
    gemeente; a suppressed row holds only the reason."""
    verdeling: list[tuple[Cel, ...]] = []
    groei: list[tuple[Cel, ...]] = []
    for rij in uitkomst.rijen:
        kop = _benchmark_kop(rij)
        stand = rij.stand
        if stand is None:
            verdeling.append((*kop, rij.onderdrukt, *([None] * (1 + len(TREDEN) + len(CODES)))))
            groei.append((*kop, rij.onderdrukt, *([None] * (len(TREDEN) - 1))))
            continue
        totaal = stand.op_ladder
        verdeling.append(
            (
                *kop,
                rij.geteld,
                totaal,
                *(procent(r.aantal, totaal) for r in stand.treden),
                *(r.aantal for r in stand.codes),
            )
        )
        groei.append(
            (
                *kop,
                *(procent(r.plus, r.aantal) for r in stand.treden if r.trede != 6),
                procent(sum(r.plus for r in stand.treden), totaal),
            )
        )
    drempel = (
        f"‘{TE_WEINIG}’: minder dan {DREMPEL} klanten op de ladder, daarom geen cijfers. "
        f"‘{NIET_GETOOND}’: de cijfers van deze gemeente zouden samen met die van de "
        "organisatie de cijfers van een gemeente met te weinig klanten verraden."
    )
    return [
        Tabel(
            "Verdeling over de treden",
            (
                "Organisatie",
                "Gemeente",
                "Klanten geteld",
                "Op de ladder",
                *(f"Trede {t} (%)" for t in TREDEN),
                *(f"Code {c}" for c in CODES),
            ),
            tuple(verdeling),
            "Percentages van de klanten op de ladder (trede 1 tot en met 6); klanten met "
            "code 0, 8 of 9 tellen mee in ‘klanten geteld’ maar niet in de percentages. " + drempel,
            "Verdeling",
        ),
        Tabel(
            "Aandeel met groeipotentieel (+)",
            (
                "Organisatie",
                "Gemeente",
                *(f"Trede {t}: % met +" for t in TREDEN if t != 6),
                "Op de ladder: % met +",
            ),
            tuple(groei),
            "Per trede het percentage klanten met groeipotentieel (+); in de laatste kolom van "
            "alle klanten op de ladder, zoals in de stand per peildatum (op trede 6 is "
            "groeipotentieel niet van toepassing). " + drempel,
            "Groeipotentieel",
        ),
    ]
