"""The “Let op” notes on the question pages of a meting (ladder/aandachtspunten.py), as a
klantmanager sees them while deciding."""

import html
import re

import pytest

from ladder import aandachtspunten


@pytest.fixture
def klant(logged_in, make_klant):
    return make_klant(logged_in("klantmanager").organisatie)


def _leesbaar(stuk: str) -> str:
    """Tags dropped, entities decoded, whitespace collapsed, none before punctuation."""
    tekst = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", stuk)))
    return re.sub(r" ([.,:)])", r"\1", tekst)


def _let_op(response) -> str:
    """The text of the "Let op" section alone."""
    pagina = response.get_data(as_text=True)
    sectie = re.search(r'<section class="melding let-op".*?</section>', pagina, re.S)
    assert sectie, "geen Let op op de pagina"
    return _leesbaar(sectie.group(0))


def _assert_notes_shown(tekst: str, punten) -> None:
    assert "Let op" in tekst
    for punt, antwoord in punten:
        # Quote, where it stands, why it matters here, and the answer it implies, in order.
        assert f"{punt.citaat} {punt.herkomst} {punt.waarom}" in tekst, punt.citaat
        if antwoord:
            assert re.search(rf"{re.escape(punt.waarom)} .*?: {antwoord}\.", tekst)


def test_notes_on_v3_and_v4(client, meting, klant):
    url = meting.meetmoment(meting.start(klant.id))
    url = meting.answer(url, False)  # V1 nee
    assert url.endswith("/stap/V3")
    v3 = client.get(url)
    tekst = _let_op(v3)
    _assert_notes_shown(tekst, aandachtspunten.bij_vraag("V3"))
    assert "Mantelzorg voor huisgenoten Voorbeeld bij trede 1: Geïsoleerd (tabel 2.1)" in tekst
    assert "Niet in de vraag: ‘fysiek’, ‘bij het uitvoeren van het onbetaalde werk’." in tekst
    # The notes stand in the form, between the question and its button.
    pagina = v3.get_data(as_text=True)
    vraag, knop = pagina.index("<h1>Verricht de klant"), pagina.index("Antwoord opslaan en verder")
    assert vraag < pagina.index('class="melding let-op"') < knop

    url = meting.answer(url, False)  # V3 nee
    assert url.endswith("/stap/V4")
    tekst = _let_op(client.get(url))
    _assert_notes_shown(tekst, aandachtspunten.bij_vraag("V4"))
    assert (
        "Vrijwilligerswerk (minder dan 1x per week contact) Voorbeeld bij trede 3: "
        "Deelname georganiseerde activiteiten (tabel 2.1)"
    ) in tekst
    assert "Bij dit voorbeeld antwoordt u hier: ja." in tekst
    assert "Bij dit voorbeeld antwoordt u hier: nee." in tekst  # kerk/moskeebezoek, trede 2


def test_notes_on_every_question_along_two_paths(client, meting, klant):
    base = meting.meetmoment(meting.start(klant.id)).rsplit("/", 1)[0]
    for code, antwoord in (("V1", True), ("V2", True)):
        _assert_notes_shown(_let_op(client.get(f"{base}/{code}")), aandachtspunten.bij_vraag(code))
        meting.answer(f"{base}/{code}", antwoord)
    for code, antwoord in (("V1", False), ("V3", False), ("V4", False), ("V5", True)):
        _assert_notes_shown(_let_op(client.get(f"{base}/{code}")), aandachtspunten.bij_vraag(code))
        meting.answer(f"{base}/{code}", antwoord)


@pytest.mark.parametrize(("antwoorden", "trede"), [([False, True], 4), ([True, True], 5)])
def test_notes_on_the_growth_question(client, meting, klant, antwoorden, trede):
    url = meting.meetmoment(meting.start(klant.id))
    for antwoord in antwoorden:
        url = meting.answer(url, antwoord)
    url = meting.post(url, {})  # confirm the uitkomst
    assert url.endswith("/stap/groeipotentieel")
    tekst = _let_op(client.get(url))
    _assert_notes_shown(tekst, aandachtspunten.bij_groeivraag(trede))
    if trede == 4:
        assert "Is dit wat u over een jaar verwacht, dan antwoordt u: ja." in tekst
    else:
        assert "Bij dit voorbeeld antwoordt u hier: nee." in tekst  # BBL: 0
