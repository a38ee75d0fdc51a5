"""The relation between the participatieladder and the ministry's SRG ladder (Table 1.1).

The SRG ladder only needs filling in for klanten with an instrument financed from the
participatiebudget. Klanten without one get SRG code 0; footnote 5 of the report adds
that this says nothing about how employable they are, only that no instrument is used.
"""

from collections.abc import Mapping

from ladder.treden import TREDEN, controleer

# Participatieladder trede -> (SRG code, SRG name), Table 1.1.
SRG_TREDEN: dict[int, tuple[str, str]] = {
    6: ("5b", "Regulier werk"),
    5: ("5a", "Werk m.b.v. re-integratie"),
    4: ("4", "Arbeidstoeleiding"),
    3: ("3", "Arbeidsactivering"),
    2: ("2", "Maatschappelijke activering"),
    1: ("1", "Zorg"),
}

# "0. Nulfase: er wordt niets gedaan met de klant." (§1.3, Ad 7)
GEEN_INSTRUMENT = "0"
# "99: Diagnose loopt / nog in te delen." (§1.3, Ad 7)
NOG_IN_TE_DELEN = "99"

# Names of the two SRG codes that are not in Table 1.1, as listed in §1.3 (Ad 7).
SRG_OVERIGE_CODES: dict[str, str] = {
    GEEN_INSTRUMENT: "Nulfase: er wordt niets gedaan met de klant",
    NOG_IN_TE_DELEN: "Diagnose loopt / nog in te delen",
}


# The report does not say how the codes 0, 8 and 9 translate to the SRG ladder: ``codes``
# lets a municipality choose, and every code it leaves out becomes "99" (nog in te delen).
def srg_code(trede: int, p_instrument: bool, codes: Mapping[int, str] | None = None) -> str:
    """The SRG code of a meting: "0" without a participatie-instrument, else Table 1.1."""
    controleer(trede)
    if not p_instrument:
        return GEEN_INSTRUMENT
    if trede in TREDEN:
        return SRG_TREDEN[trede][0]
    return (codes or {}).get(trede, NOG_IN_TE_DELEN)


def omschrijving(code: str) -> str:
    """An SRG code with its name, "5a: Werk m.b.v. re-integratie" (Table 1.1)."""
    namen = {c: naam for c, naam in SRG_TREDEN.values()} | SRG_OVERIGE_CODES
    return f"{code}: {namen[code]}" if code in namen else code
