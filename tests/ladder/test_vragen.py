"""Tests for the five questions of Table 3.1 and the routing recomputed from the answers."""

import re

import pytest

from ladder.vragen import (
    EERSTE_VRAAG,
    VRAGEN,
    Route,
    Vraag,
    alle_paden,
    bereikbare_treden,
    geldige_antwoorden,
    route,
)

# Every complete set of answers in Table 3.1, with the trede it leads to.
PADEN = [
    ({"V1": True, "V2": False}, 6),
    ({"V1": True, "V2": True}, 5),
    ({"V1": False, "V3": True}, 4),
    ({"V1": False, "V3": False, "V4": True}, 3),
    ({"V1": False, "V3": False, "V4": False, "V5": True}, 2),
    ({"V1": False, "V3": False, "V4": False, "V5": False}, 1),
]


def test_questions_in_order() -> None:
    assert EERSTE_VRAAG == "V1"
    assert list(VRAGEN) == ["V1", "V2", "V3", "V4", "V5"]
    for code, vraag in VRAGEN.items():
        assert isinstance(vraag, Vraag)
        assert vraag.code == code == f"V{vraag.nummer}"


def test_question_texts_in_sentence_case() -> None:
    assert VRAGEN["V1"].tekst == "Heeft de klant een arbeidscontract of is de klant een zzp’er?"
    for vraag in VRAGEN.values():
        assert vraag.tekst[0].isupper()
        assert vraag.tekst.endswith("?")
        assert vraag.tekst != vraag.tekst.upper()


@pytest.mark.parametrize("code", list(VRAGEN))
def test_question_texts_occur_in_table_3_1(regioplan, code: str) -> None:
    vraag = VRAGEN[code]
    assert regioplan.bevat(f"VRAAG {vraag.nummer}: {vraag.tekst}", hoofdletters=False)


def _beschrijf(doel: str | int) -> str:
    """How Table 3.1 prints a target: "vraag 3" or "trede 4"."""
    return f"trede {doel}" if isinstance(doel, int) else f"vraag {VRAGEN[doel].nummer}"


@pytest.mark.parametrize("code", list(VRAGEN))
def test_routing_matches_table_3_1(regioplan, code: str) -> None:
    vraag = VRAGEN[code]
    begin = regioplan.positie(f"VRAAG {vraag.nummer}:")
    einde = regioplan.positie("Na het beantwoorden van deze vragen", begin)
    blok = regioplan.tekst[begin:einde]
    if vraag.nummer < 5:
        blok = blok[: blok.index(f"VRAAG {vraag.nummer + 1}:")]
    assert re.search(rf"ja ?→ ?{_beschrijf(vraag.ja)}\b", blok)
    assert re.search(rf"nee ?→ ?{_beschrijf(vraag.nee)}\b", blok)


@pytest.mark.parametrize(
    ("code", "treden"),
    [("V1", (6, 5, 4)), ("V2", (6, 5)), ("V3", (4, 3)), ("V4", (3, 2)), ("V5", (2, 1))],
)
def test_beslist_tussen(code: str, treden: tuple[int, ...]) -> None:
    vraag = VRAGEN[code]
    assert vraag.beslist_tussen == treden
    # Every rung shown is reachable from here, and both answers lead to one of them.
    assert set(treden) <= set(bereikbare_treden(code))
    assert set(treden) & set(bereikbare_treden(vraag.ja))
    assert set(treden) & set(bereikbare_treden(vraag.nee))


@pytest.mark.parametrize(("antwoorden", "trede"), PADEN)
def test_every_complete_path_gives_its_trede(antwoorden: dict[str, bool], trede: int) -> None:
    uitkomst = route(antwoorden)
    assert uitkomst.trede == trede
    assert uitkomst.volgende is None
    assert uitkomst.mogelijke_treden == (trede,)
    assert [(vraag.code, antwoord) for vraag, antwoord in uitkomst.pad] == list(antwoorden.items())


def test_alle_paden_lists_the_six_paths_high_to_low() -> None:
    assert alle_paden() == PADEN


@pytest.mark.parametrize(
    ("antwoorden", "volgende", "mogelijk"),
    [
        ({}, "V1", (6, 5, 4, 3, 2, 1)),
        ({"V1": True}, "V2", (6, 5)),
        ({"V1": False}, "V3", (4, 3, 2, 1)),
        ({"V1": False, "V3": False}, "V4", (3, 2, 1)),
        ({"V1": False, "V3": False, "V4": False}, "V5", (2, 1)),
    ],
)
def test_partial_answers_give_the_next_question(
    antwoorden: dict[str, bool], volgende: str, mogelijk: tuple[int, ...]
) -> None:
    uitkomst = route(antwoorden)
    assert isinstance(uitkomst, Route)
    assert uitkomst.volgende is VRAGEN[volgende]
    assert uitkomst.trede is None
    assert uitkomst.mogelijke_treden == mogelijk
    assert len(uitkomst.pad) == len(antwoorden)


def test_answers_off_the_path_are_ignored() -> None:
    uitkomst = route({"V2": True, "V5": False, "onbekend": True})
    assert uitkomst.volgende is VRAGEN["V1"]
    assert uitkomst.pad == ()
    assert route({"V1": True, "V3": True, "V2": False}).trede == 6


def test_changing_v1_drops_the_answers_it_made_unreachable() -> None:
    antwoorden = {"V1": False, "V3": False, "V4": False, "V5": True}
    assert route(antwoorden).trede == 2
    assert geldige_antwoorden(antwoorden) == antwoorden

    antwoorden["V1"] = True
    assert geldige_antwoorden(antwoorden) == {"V1": True}
    assert route(antwoorden).volgende is VRAGEN["V2"]

    antwoorden["V2"] = False
    assert geldige_antwoorden(antwoorden) == {"V1": True, "V2": False}
    assert route(antwoorden).trede == 6


def test_geldige_antwoorden_keeps_path_order() -> None:
    antwoorden = {"V5": False, "V4": False, "V3": False, "V1": False, "V2": True}
    assert list(geldige_antwoorden(antwoorden)) == ["V1", "V3", "V4", "V5"]


@pytest.mark.parametrize("waarde", ["nee", "ja", 0, 1, None])
def test_answers_must_be_booleans(waarde: object) -> None:
    with pytest.raises(TypeError):
        route({"V1": waarde})  # type: ignore[dict-item]
