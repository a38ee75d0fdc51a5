"""The cases a kalibratieronde starts with are the sources' own, with the sources' rung."""

import re

import pytest

from ladder import gesprek, treden, vragen
from ladder.casussen import BROCHURE, CASUSSEN, TABEL_2_1


@pytest.mark.parametrize("casus", CASUSSEN, ids=lambda c: c.code)
def test_each_case_is_written_from_its_source_verbatim(casus, brochure, regioplan):
    bron = brochure if casus.bron == BROCHURE else regioplan
    for citaat in (*casus.citaten, casus.uitkomst):
        assert bron.bevat(citaat), citaat


@pytest.mark.parametrize("casus", [c for c in CASUSSEN if c.bron == BROCHURE], ids=lambda c: c.code)
def test_the_reference_is_the_rung_the_brochure_gives(casus):
    """The brochure's own sentence names the rung (and a + where it says so)."""
    [getal] = re.findall(r"(?:niveau|trede|Participatieniveau) (\d)", casus.uitkomst)
    assert int(getal) == casus.trede
    assert ("+" in casus.uitkomst) == (casus.groeipotentieel == "+")


@pytest.mark.parametrize(
    "casus", [c for c in CASUSSEN if c.bron == TABEL_2_1], ids=lambda c: c.code
)
def test_an_example_of_table_2_1_is_an_example_of_its_rung(casus):
    assert casus.uitkomst in treden.TREDEN[casus.trede].voorbeelden


@pytest.mark.parametrize("casus", CASUSSEN, ids=lambda c: c.code)
def test_a_participant_reads_no_rung(casus):
    assert not re.search(r"\b(niveau|trede|ladder)\b|\b[1-6]\+?\b", casus.tekst, re.IGNORECASE)


@pytest.mark.parametrize("casus", CASUSSEN, ids=lambda c: c.code)
def test_the_reference_answers_lead_to_the_reference_rung(casus):
    assert vragen.route(casus.antwoorden).trede == casus.trede
    if casus.groeipotentieel is not None:
        assert gesprek.heeft_groeivraag(casus.trede)


def test_codes_are_unique_and_every_rung_is_practised():
    assert len({c.code for c in CASUSSEN}) == len(CASUSSEN)
    assert {c.trede for c in CASUSSEN} == set(treden.TREDEN)
