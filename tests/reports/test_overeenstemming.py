"""The agreement figures of a kalibratieronde, checked against Krippendorff's own worked
example, against a plain Python computation of alpha, and on small hand-made rounds."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports import overeenstemming
from reports.overeenstemming import alpha, exacte_overeenstemming

# K. Krippendorff, "Computing Krippendorff's Alpha-Reliability" (2011), section C: four
# observers, twelve units, missing values (None). Published: nominal 0.743, ordinal 0.815,
# interval 0.849.
WAARNEMERS = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}
VOORBEELD = {u: {w: waarden[u] for w, waarden in WAARNEMERS.items()} for u in range(12)}


@pytest.mark.parametrize(
    ("niveau", "gepubliceerd"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849)]
)
def test_krippendorffs_worked_example(niveau, gepubliceerd):
    assert round(alpha(VOORBEELD, niveau), 3) == gepubliceerd


def test_the_trede_is_ordinal_on_one_to_six():
    # Values 1-5 are treden; the unused trede 6 changes nothing.
    uitkomst = overeenstemming.trede(VOORBEELD, herhalingen=50)
    assert round(uitkomst.alpha, 3) == 0.815
    # Unit 12 has one value and does not count: the paper's n = 40 pairable values.
    assert (uitkomst.casussen, uitkomst.waarden) == (11, 40)


def _alpha_met_de_hand(antwoorden) -> float | None:
    """Nominal alpha from the coincidence matrix, as Krippendorff (2011) writes it out."""
    o: dict[tuple[int, int], float] = {}
    for per in antwoorden.values():
        waarden = [w for w in per.values() if w is not None]
        m = len(waarden)
        if m < 2:
            continue
        for i, c in enumerate(waarden):
            for j, k in enumerate(waarden):
                if i != j:
                    o[c, k] = o.get((c, k), 0) + 1 / (m - 1)
    n_c: dict[int, float] = {}
    for (c, _), aantal in o.items():
        n_c[c] = n_c.get(c, 0) + aantal
    n = sum(n_c.values())
    verschil_waargenomen = sum(aantal for (c, k), aantal in o.items() if c != k)
    verschil_verwacht = sum(n_c[c] * n_c[k] for c in n_c for k in n_c if c != k)
    if verschil_verwacht == 0:
        return None
    return 1 - (n - 1) * verschil_waargenomen / verschil_verwacht


RONDES = st.dictionaries(
    st.integers(0, 20),
    st.dictionaries(st.sampled_from("abcde"), st.none() | st.integers(1, 4), max_size=5),
    max_size=8,
)


@settings(deadline=None, max_examples=300)
@given(RONDES)
def test_nominal_alpha_equals_the_coincidence_matrix_by_hand(antwoorden):
    verwacht = _alpha_met_de_hand(antwoorden)
    berekend = alpha(antwoorden, "nominal")
    if verwacht is None:
        assert berekend is None
    else:
        assert math.isclose(berekend, verwacht, rel_tol=0, abs_tol=1e-9)


@settings(deadline=None, max_examples=100)
@given(st.integers(2, 5), st.lists(st.lists(st.integers(1, 3), min_size=5, max_size=5)))
def test_with_complete_data_exact_agreement_is_one_minus_observed_disagreement(m, rijen):
    # Every casus placed by the same m deelnemers: pooled pairs = Krippendorff's 1 - D_o.
    antwoorden = {u: dict(enumerate(rij[:m])) for u, rij in enumerate(rijen)}
    exact, paren = exacte_overeenstemming(antwoorden)
    assert paren == len(rijen) * m * (m - 1) // 2
    if rijen:
        ongelijk = sum(
            sum(1 for i in range(m) for j in range(m) if i != j and r[i] != r[j]) / (m - 1)
            for r in (rij[:m] for rij in rijen)
        )
        assert math.isclose(exact, 1 - ongelijk / (len(rijen) * m), abs_tol=1e-12)
    else:
        assert exact is None


RONDE = {
    "A": {"an": 4, "bo": 4, "cor": 3},  # 3 pairs, 1 agrees
    "B": {"an": 2, "bo": 2, "cor": None},  # 1 pair, agrees
    "C": {"an": 5},  # one value: no pair
    "D": {"an": 8, "bo": 3},  # code 8 left out: no pair
}
REFERENTIES = {"A": 4, "B": 1, "C": 5, "D": 3, "E": 2}


def test_exact_agreement_pools_the_pairs_of_all_casussen():
    uitkomst = overeenstemming.trede(RONDE, herhalingen=20)
    assert (uitkomst.exact, uitkomst.paren, uitkomst.casussen, uitkomst.codes) == (0.5, 4, 2, 1)


def test_agreement_with_the_reference_counts_every_placement_and_a_code_as_different():
    uitkomst = overeenstemming.trede(RONDE, REFERENTIES, herhalingen=20)
    # A 2 of 3, B 0 of 2, C 1 of 1, D 1 of 2 (the code 8 differs from 3); E has no placements.
    assert (uitkomst.referentie, uitkomst.referentie_antwoorden) == (0.5, 8)


def test_without_references_or_pairs_the_figures_are_none():
    uitkomst = overeenstemming.trede({"A": {"an": 4}, "B": {"an": 9, "bo": 2}}, herhalingen=20)
    assert uitkomst.exact is None and uitkomst.alpha is None and uitkomst.interval is None
    assert (uitkomst.referentie, uitkomst.referentie_antwoorden, uitkomst.paren) == (None, 0, 0)


def test_all_the_same_gives_full_agreement_but_no_alpha():
    uitkomst = overeenstemming.trede({"A": {"an": 3, "bo": 3}, "B": {"an": 3, "bo": 3}})
    assert uitkomst.exact == 1.0
    assert uitkomst.alpha is None and uitkomst.interval is None
    assert uitkomst.herhalingen_gebruikt == 0


def test_groeipotentieel_is_nominal_and_nvt_is_missing():
    antwoorden = {
        "A": {"an": "+", "bo": "+", "cor": "0"},
        "B": {"an": "0", "bo": "0", "cor": None},  # n.v.t. (trede 6)
        "C": {"an": "+", "bo": "0"},
    }
    uitkomst = overeenstemming.groeipotentieel(antwoorden, {"A": "+", "B": None}, 50)
    assert (uitkomst.exact, uitkomst.paren) == (2 / 5, 5)
    assert (uitkomst.referentie, uitkomst.referentie_antwoorden) == (2 / 3, 3)
    getallen = {
        c: {d: {"0": 0, "+": 1}.get(w) for d, w in per.items()} for c, per in antwoorden.items()
    }
    assert uitkomst.alpha == pytest.approx(_alpha_met_de_hand(getallen), abs=1e-9)


@pytest.mark.parametrize(
    ("functie", "waarde"),
    [
        (overeenstemming.trede, 7),
        (overeenstemming.trede, True),
        (overeenstemming.groeipotentieel, "ja"),
    ],
)
def test_an_unknown_value_is_refused(functie, waarde):
    with pytest.raises(ValueError):
        functie({"A": {"an": waarde, "bo": waarde}})


def test_the_bootstrap_interval_holds_the_estimate_and_repeats_with_the_seed():
    eerste = overeenstemming.trede(VOORBEELD, herhalingen=500, seed=7)
    tweede = overeenstemming.trede(VOORBEELD, herhalingen=500, seed=7)
    ander = overeenstemming.trede(VOORBEELD, herhalingen=500, seed=8)
    onder, boven = eerste.interval
    assert onder <= eerste.alpha <= boven <= 1
    assert tweede.interval == eerste.interval
    assert ander.interval != eerste.interval
    assert eerste.herhalingen_gebruikt == 500


def test_bootstrap_draws_without_alpha_are_left_out():
    # A draw of only casus A (all 3) has no alpha; such draws do not count.
    antwoorden = {"A": {"an": 3, "bo": 3}, "B": {"an": 3, "bo": 4}, "C": {"an": 2, "bo": 2}}
    interval, gebruikt = overeenstemming.bootstrap_interval(antwoorden, "ordinal", herhalingen=200)
    assert 0 < gebruikt < 200
    assert interval[0] <= interval[1]
