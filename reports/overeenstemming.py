"""Agreement between participants of a kalibratieronde (issue 15): do several klantmanagers
place the same casus on the same trede, with the same groeipotentieel?

The input is the placements of a round: casus -> deelnemer -> value, where a value may be
missing (None, or the deelnemer absent). Each figure says on which values it is computed:

- **Pairable values.** As in Krippendorff's alpha, only a casus with at least two values
  counts: one lone placement cannot agree or disagree with anyone.
- **Exact agreement** is the share of pairs that agree, pooled over all casussen: every casus
  with m values gives m(m-1)/2 pairs, and the figure is (agreeing pairs) / (all pairs). A
  casus placed by more people weighs more, because it has more pairs. When every casus has
  the same number of values this equals Krippendorff's observed agreement 1 - D_o (nominal).
- **Krippendorff's alpha** comes from the ``krippendorff`` library: ordinal for the trede
  (1-6), nominal for groeipotentieel. Alpha is None when it is undefined: fewer than two
  pairable values, or all pairable values the same (no expected disagreement, 0/0).
- **Bootstrap 95% interval** for alpha: draw the casussen (the units) with replacement, as
  many as there are, ``herhalingen`` times, with a ``random.Random(seed)`` so the same
  seed gives the same interval; compute alpha on each draw and take the 2.5 and 97.5
  percentiles (numpy's default linear interpolation). Draws where alpha is undefined (e.g.
  every drawn casus placed the same) are left out and counted in ``herhalingen_gebruikt``;
  with none left the interval is None. With few casussen the interval is wide and coarse:
  it shows how much the figure rests on which casussen happened to be chosen.
- **Agreement with the reference**: of the placements of casussen that have a reference
  answer, the share equal to it. Here every given placement counts, also a lone one.

The codes 0, 8 and 9 are not on the ordinal scale of the treden ("trede niet bepaald" is
not a rung between 1 and 6). For the trede they are treated as missing in the exact
agreement and in alpha, as the stand per trede leaves them out of its percentages; how many
were left out is reported (``codes``). Against a reference trede a code counts as a
placement that differs: the deelnemer did not reach the reference answer.
"""

import random
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import krippendorff
import numpy

from ladder.treden import CODES, TREDEN, controleer

Niveau = Literal["nominal", "ordinal", "interval"]
# casus -> deelnemer -> value; None (or an absent deelnemer) is a missing value.
Kalibratieantwoorden = Mapping[Hashable, Mapping[Hashable, float | None]]

HERHALINGEN = 1000
SEED = 15
# Groeipotentieel is nominal: the numbers only name the two answers for the library.
GROEIPOTENTIEEL = {"0": 0, "+": 1}


@dataclass(frozen=True)
class Overeenstemming:
    """The agreement figures of one round for one variable (trede or groeipotentieel)."""

    casussen: int  # casussen with at least two values (pairable)
    waarden: int  # pairable values, the n of alpha
    paren: int  # pairs of values within a casus
    exact: float | None  # share of agreeing pairs, 0..1; None without pairs
    alpha: float | None
    interval: tuple[float, float] | None  # bootstrap 95% interval for alpha
    herhalingen_gebruikt: int  # bootstrap draws in which alpha was defined
    referentie: float | None  # share of placements equal to the reference, 0..1
    referentie_antwoorden: int  # answers compared with a reference
    codes: int = 0  # placements with code 0, 8 or 9, left out of exact and alpha


def _paarbaar(casussen: Iterable[Mapping[Hashable, float | None]]) -> list[list[float]]:
    """Per casus the values given, only casussen with at least two."""
    gegeven = ([w for w in per.values() if w is not None] for per in casussen)
    return [waarden for waarden in gegeven if len(waarden) >= 2]


def exacte_overeenstemming(antwoorden: Kalibratieantwoorden) -> tuple[float | None, int]:
    """(share of agreeing pairs over all casussen, number of pairs); share None without pairs."""
    gelijk = paren = 0
    for waarden in _paarbaar(antwoorden.values()):
        m = len(waarden)
        paren += m * (m - 1) // 2
        gelijk += sum(n * (n - 1) // 2 for n in Counter(waarden).values())
    return (gelijk / paren if paren else None), paren


def alpha(
    antwoorden: Kalibratieantwoorden, niveau: Niveau, domein: Sequence[float] | None = None
) -> float | None:
    """Krippendorff's alpha of the placements; None when undefined (see the module)."""
    return _alpha(list(antwoorden.values()), niveau, domein)


def _alpha(
    casussen: Sequence[Mapping[Hashable, float | None]],
    niveau: Niveau,
    domein: Sequence[float] | None,
) -> float | None:
    # Checked here, not left to the library: it raises or divides 0 by 0 (a warning).
    if len(set().union(*_paarbaar(casussen))) < 2:
        return None
    deelnemers = list(dict.fromkeys(d for per in casussen for d in per))
    matrix = numpy.full((len(deelnemers), len(casussen)), numpy.nan)
    for j, per in enumerate(casussen):
        for i, deelnemer in enumerate(deelnemers):
            if (waarde := per.get(deelnemer)) is not None:
                if domein is not None and waarde not in domein:
                    raise ValueError(f"Waarde buiten het domein {list(domein)}: {waarde!r}")
                matrix[i, j] = waarde
    return float(
        krippendorff.alpha(
            reliability_data=matrix, value_domain=domein, level_of_measurement=niveau
        )
    )


def bootstrap_interval(
    antwoorden: Kalibratieantwoorden,
    niveau: Niveau,
    domein: Sequence[float] | None = None,
    herhalingen: int = HERHALINGEN,
    seed: int = SEED,
) -> tuple[tuple[float, float] | None, int]:
    """(95% interval for alpha from casussen drawn with replacement, draws that counted)."""
    casussen = list(antwoorden.values())
    if not casussen:
        return None, 0
    toeval = random.Random(seed)  # noqa: S311 -- a reproducible draw, not a secret
    waarden = []
    for _ in range(herhalingen):
        trekking = toeval.choices(casussen, k=len(casussen))
        uitkomst = _alpha(trekking, niveau, domein)
        if uitkomst is not None:
            waarden.append(uitkomst)
    if not waarden:
        return None, 0
    onder, boven = numpy.quantile(waarden, [0.025, 0.975])
    return (float(onder), float(boven)), len(waarden)


def referentie_overeenstemming(
    antwoorden: Kalibratieantwoorden, referenties: Mapping[Hashable, float | None]
) -> tuple[float | None, int]:
    """(share of placements equal to the reference of their casus, answers compared)."""
    gelijk = vergeleken = 0
    for casus, per in antwoorden.items():
        referentie = referenties.get(casus)
        if referentie is None:
            continue
        for waarde in per.values():
            if waarde is not None:
                vergeleken += 1
                gelijk += waarde == referentie
    return (gelijk / vergeleken if vergeleken else None), vergeleken


def overeenstemming(
    antwoorden: Kalibratieantwoorden,
    niveau: Niveau,
    domein: Sequence[float] | None = None,
    referenties: Mapping[Hashable, float | None] | None = None,
    herhalingen: int = HERHALINGEN,
    seed: int = SEED,
) -> Overeenstemming:
    """All figures for already cleaned placements (None = missing)."""
    exact, paren = exacte_overeenstemming(antwoorden)
    interval, gebruikt = bootstrap_interval(antwoorden, niveau, domein, herhalingen, seed)
    referentie, vergeleken = referentie_overeenstemming(antwoorden, referenties or {})
    paarbaar = _paarbaar(antwoorden.values())
    return Overeenstemming(
        casussen=len(paarbaar),
        waarden=sum(len(w) for w in paarbaar),
        paren=paren,
        exact=exact,
        alpha=alpha(antwoorden, niveau, domein),
        interval=interval,
        herhalingen_gebruikt=gebruikt,
        referentie=referentie,
        referentie_antwoorden=vergeleken,
    )


def trede(
    antwoorden: Mapping[Hashable, Mapping[Hashable, int | None]],
    referenties: Mapping[Hashable, int | None] | None = None,
    herhalingen: int = HERHALINGEN,
    seed: int = SEED,
) -> Overeenstemming:
    """Agreement on the trede: ordinal alpha on 1-6, the codes 0, 8, 9 as missing."""
    schoon: dict[Hashable, dict[Hashable, int | None]] = {}
    codes = 0
    for casus, per in antwoorden.items():
        schoon[casus] = {}
        for deelnemer, waarde in per.items():
            if waarde is not None:
                controleer(waarde)  # ValueError for anything but 1-6, 0, 8, 9
            codes += waarde in CODES
            schoon[casus][deelnemer] = None if waarde in CODES else waarde
    uitkomst = overeenstemming(schoon, "ordinal", sorted(TREDEN), None, herhalingen, seed)
    # Against the reference the codes count as they were given (see the module).
    referentie, vergeleken = referentie_overeenstemming(antwoorden, referenties or {})
    return replace(uitkomst, referentie=referentie, referentie_antwoorden=vergeleken, codes=codes)


def groeipotentieel(
    antwoorden: Mapping[Hashable, Mapping[Hashable, str | None]],
    referenties: Mapping[Hashable, str | None] | None = None,
    herhalingen: int = HERHALINGEN,
    seed: int = SEED,
) -> Overeenstemming:
    """Agreement on groeipotentieel "+" / "0": nominal alpha; None (n.v.t.) as missing."""

    def getal(waarde: str | None) -> int | None:
        if waarde is not None and waarde not in GROEIPOTENTIEEL:
            raise ValueError(f"Onbekend groeipotentieel: {waarde!r}")
        return None if waarde is None else GROEIPOTENTIEEL[waarde]

    getallen = {c: {d: getal(w) for d, w in per.items()} for c, per in antwoorden.items()}
    referentie = {c: getal(w) for c, w in (referenties or {}).items()}
    domein = sorted(GROEIPOTENTIEEL.values())
    return overeenstemming(getallen, "nominal", domein, referentie, herhalingen, seed)
