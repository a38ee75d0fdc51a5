"""Small charts over time, drawn as SVG by the templates from these numbers: the trede of a
klant, and the agreement (Krippendorff's alpha) of an organisation's kalibratierondes."""

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
        x = _x((m.meetdatum - eerste).days / span if len(reeks) > 1 else 0.5)
        y = _y((m.trede - 1) / 5)
        punten.append(
            Punt(round(x, 1), round(y, 1), label(m.trede, m.groeipotentieel), datum(m.meetdatum))
        )
    return punten


def _x(fractie: float) -> float:
    """Across the plot area: 0 at the left margin, 1 at the right."""
    return MARGE + (BREEDTE - 2 * MARGE) * fractie


def _y(fractie: float) -> float:
    """Up the plot area: 0 at the bottom margin, 1 at the top."""
    return HOOGTE - MARGE - (HOOGTE - 2 * MARGE) * fractie


@dataclass(frozen=True)
class Alphagrafiek:
    punten: list[Punt]  # the rounds with an alpha; label "0,72", datum of closing
    lijnen: list[tuple[float, str]]  # horizontal grid lines: (y, "0,5")


def alpha_grafiek(verloop) -> Alphagrafiek | None:
    """Alpha per closed round (services.kalibratie.verloop), oldest first. Each round has an
    equal slot and stands in its middle, not placed by date: two rounds may close on one day,
    the chart shows the sequence, and no point or date sits on the scale's labels. A round
    without alpha has no point (the table beside it says why). The scale runs from 0 to 1,
    or from -1 when a round agreed worse than chance."""
    if not any(v.alpha is not None for v in verloop):
        return None
    onder = -1.0 if any(v.alpha is not None and v.alpha < 0 for v in verloop) else 0.0
    stap = 0.5 if onder < 0 else 0.25
    n = len(verloop)
    punten = [
        Punt(
            round(_x((i + 0.5) / n), 1),
            round(_y((v.alpha - onder) / (1 - onder)), 1),
            komma(v.alpha),
            datum(v.ronde.gesloten_op),
        )
        for i, v in enumerate(verloop)
        if v.alpha is not None
    ]
    stappen = round((1 - onder) / stap)
    lijnen = [
        (round(_y(k / stappen), 1), komma(onder + k * stap, 1 if stap == 0.5 else 2))
        for k in range(stappen + 1)
    ]
    return Alphagrafiek(punten, lijnen)


def komma(getal: float, decimalen: int = 2) -> str:
    """0.725 -> "0,73": a Dutch decimal comma."""
    return f"{getal:.{decimalen}f}".replace(".", ",")
