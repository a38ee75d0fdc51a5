"""The nine aanvullende klantkenmerken of the data set (CP-ICT impact analysis, Bijlage 1).

They are recorded with every meting, next to the trede and the groeipotentieel, so
reports can be split by income situation, use of a participatie-instrument and so on.
"""

from dataclasses import dataclass

JA_NEE: tuple[tuple[str, str], ...] = (("ja", "Ja"), ("nee", "Nee"))


@dataclass(frozen=True)
class Kenmerk:
    """One klantkenmerk: the question or label, and its options as (value, label) pairs."""

    nummer: int
    code: str
    vraag: str
    opties: tuple[tuple[str, str], ...]
    # Bijlage 1 allows "ja/nee (of gemeentelijke code)" for item 6 only.
    eigen_code_toegestaan: bool = False


KLANTKENMERKEN: tuple[Kenmerk, ...] = (
    Kenmerk(
        nummer=1,
        code="inkomenssituatie",
        vraag="Inkomenssituatie",
        opties=(
            ("gemeentelijke_uitkering", "Gemeentelijke uitkering"),
            ("uwv_uitkering", "UWV-uitkering"),
            ("nugger", "NUGger"),
            ("werk", "Werk"),
        ),
    ),
    Kenmerk(2, "startkwalificatie", "Startkwalificatie", JA_NEE),
    Kenmerk(3, "inburgeringsplichtig", "Inburgeringsplichtig", JA_NEE),
    Kenmerk(4, "inburgeringsbehoeftig", "Inburgeringsbehoeftig", JA_NEE),
    Kenmerk(5, "laaggeletterd", "Laaggeletterd", JA_NEE),
    Kenmerk(
        6,
        "vrijstelling_arbeidsplicht",
        "Vrijstelling arbeidsplicht",
        JA_NEE,
        eigen_code_toegestaan=True,
    ),
    Kenmerk(7, "vrijstelling_inburgeringsplicht", "Vrijstelling inburgeringsplicht", JA_NEE),
    Kenmerk(
        8,
        "lopend_p_instrument",
        "Wordt er al gebruik gemaakt van een participatie-instrument?",
        JA_NEE,
    ),
    Kenmerk(
        9,
        "nieuw_p_instrument",
        "Wordt een (aanvullend/nieuw) participatie-instrument ingezet?",
        JA_NEE,
    ),
)
