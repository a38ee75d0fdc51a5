"""A small chart of trede over time, drawn as SVG by the templates from these numbers."""

from dataclasses import dataclass

from services.dates import datum

BREEDTE, HOOGTE, MARGE = 480, 200, 36


@dataclass(frozen=True)
class Punt:
    x: float
    y: float
    label: str  # "4+"
    datum: str


def trede_grafiek(metingen) -> list[Punt]:
    """Points for treden 1-6 in date order (codes 0, 8, 9 have no height on the ladder)."""
    from ladder.treden import label

    reeks = sorted(
        (m for m in metingen if m.trede in range(1, 7) and m.meetdatum),
        key=lambda m: (m.meetdatum, m.id),
    )
    if not reeks:
        return []
    eerste, laatste = reeks[0].meetdatum, reeks[-1].meetdatum
    span = max((laatste - eerste).days, 1)
    punten = []
    for m in reeks:
        x = MARGE + (BREEDTE - 2 * MARGE) * (
            (m.meetdatum - eerste).days / span if len(reeks) > 1 else 0.5
        )
        y = HOOGTE - MARGE - (HOOGTE - 2 * MARGE) * (m.trede - 1) / 5
        punten.append(
            Punt(round(x, 1), round(y, 1), label(m.trede, m.groeipotentieel), datum(m.meetdatum))
        )
    return punten
