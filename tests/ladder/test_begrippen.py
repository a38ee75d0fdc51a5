"""The outdated terms of the instrument are found where its texts use them."""

from ladder import begrippen, klantkenmerken, meetmomenten, subgroepen, treden, vragen


def _termen(*teksten: str) -> list[str]:
    return [b.term for b in begrippen.in_tekst(*teksten)]


def test_terms_are_found_as_words_only():
    assert _termen("Inschrijving voor een WWB-uitkering") == ["WWB"]
    assert _termen("Nugger/ANW’er die ingeschreven staat als werkzoekend bij het CWI") == [
        "CWI",
        "Nugger",
        "ANW",
    ]
    assert _termen("NUGger") == ["Nugger"]
    assert _termen("WSWerk of KWIK-bank") == []


def test_every_term_occurs_in_the_instrument_and_has_its_own_anchor():
    """No explanation of a term the instrument does not use, and none missing its entry."""
    teksten = [
        *(t.alle_tekst for t in treden.TREDEN.values()),
        *(v.tekst for v in vragen.VRAGEN.values()),
        *(d for s in subgroepen.SUBGROEPEN.values() for d in s.definities),
        *meetmomenten.AANLEIDINGEN.values(),
        *(label for k in klantkenmerken.KLANTKENMERKEN for _code, label in k.opties),
    ]
    gevonden = set(_termen(*teksten))
    assert gevonden == {b.term for b in begrippen.BEGRIPPEN}
    ankers = [b.anker for b in begrippen.BEGRIPPEN]
    assert len(set(ankers)) == len(ankers)
