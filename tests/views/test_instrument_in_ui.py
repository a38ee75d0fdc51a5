"""Every question, definition and example of Tables 2.1, 3.1, 3.2 and 3.3 is on the page
where the user decides (checked against the instrument package, the single source)."""

import html
import re

from ladder import groeipotentieel, subgroepen, treden, vragen
from tests.test_verhalen import PAD


def _text(response) -> str:
    """The page's text as a reader sees it: entities decoded, whitespace collapsed."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body)).replace(" :", ":")


def _assert_trede_shown(page: str, trede: treden.Trede):
    assert f"Trede {trede.nummer}: {trede.naam}" in page
    if trede.inleiding:
        assert trede.inleiding in page
    for regel in trede.voorwaarden + trede.voorbeelden:
        assert regel in page, regel
    if trede.voetnoot:
        assert trede.voetnoot in page


def test_questions_and_rung_definitions_on_the_question_pages(
    client, logged_in, make_klant, meting
):
    km = logged_in()
    klant = make_klant(km.organisatie)
    base = meting.meetmoment(meting.start(klant.id)).rsplit("/", 1)[0]
    shown = set()
    for antwoorden in (PAD[5], PAD[1]):  # via V1, V2 and via V1, V3, V4, V5
        for index, antwoord in enumerate(antwoorden):
            code = list(vragen.route(dict(zip(_codes(antwoorden), antwoorden, strict=True))).pad)[
                index
            ][0].code
            page = _text(client.get(f"{base}/{code}"))
            vraag = vragen.VRAGEN[code]
            assert vraag.tekst in page
            for nummer in vraag.beslist_tussen:
                _assert_trede_shown(page, treden.TREDEN[nummer])
                shown.add(nummer)
            meting.answer(f"{base}/{code}", antwoord)
    assert shown == {1, 2, 3, 4, 5, 6}


def _codes(antwoorden):
    """The question codes along a path of answers."""
    codes, doel = [], "V1"
    for antwoord in antwoorden:
        codes.append(doel)
        doel = vragen.VRAGEN[doel].na(antwoord)
    return codes


def test_outcome_and_growth_question_with_examples_for_every_rung(
    client, logged_in, make_klant, meting
):
    km = logged_in()
    klant = make_klant(km.organisatie)
    base = meting.meetmoment(meting.start(klant.id)).rsplit("/", 1)[0]
    for trede in (6, 5, 4, 3, 2, 1):
        for code, antwoord in zip(_codes(PAD[trede]), PAD[trede], strict=True):
            meting.answer(f"{base}/{code}", antwoord)
        page = _text(client.get(f"{base}/uitkomst"))
        _assert_trede_shown(page, treden.TREDEN[trede])
        url = meting.post(f"{base}/uitkomst", {})
        vraag = groeipotentieel.groeivraag(trede)
        if vraag is None:
            assert url.endswith("/subgroepen")
            continue
        page = _text(client.get(url))
        assert vraag.tekst in page
        for voorbeeld in vraag.voorbeelden:
            assert f"{voorbeeld.tekst}: {voorbeeld.uitkomst}" in page
        assert groeipotentieel.UITLEG["+"] in page and groeipotentieel.UITLEG["0"] in page


def test_subgroups_with_their_definitions_and_the_codes(client, logged_in, make_klant, meting):
    km = logged_in()
    klant = make_klant(km.organisatie)
    url = meting.start(klant.id)
    page = _text(client.get(url))
    for code, tekst in treden.CODES.items():
        assert f"Code {code}: {tekst}" in page
    url = meting.meetmoment(url)
    url = meting.answer(url, True)
    url = meting.answer(url, False)
    url = meting.post(url, {})
    page = _text(client.get(url))
    for sub in subgroepen.SUBGROEPEN.values():
        assert sub.naam in page
        for definitie in sub.definities:
            assert definitie in page, definitie


def test_handleiding_holds_the_whole_instrument(client, logged_in):
    logged_in()
    page = _text(client.get("/handleiding"))
    for trede in treden.TREDEN.values():
        _assert_trede_shown(page, trede)
    for vraag in vragen.VRAGEN.values():
        assert vraag.tekst in page
    for vraag in groeipotentieel.GROEIVRAGEN.values():
        assert vraag.tekst in page
    for sub in subgroepen.SUBGROEPEN.values():
        assert all(d in page for d in sub.definities)


def test_handleiding_explains_kalibratie_and_every_link_in_it_lands(client, logged_in):
    """Issue 15: the section the kalibratie pages link to (handleiding#kalibratie) is there,
    in the table of contents, with its steps; every anchor on the page is unique and every
    link within the page has a target."""
    logged_in()
    response = client.get("/handleiding")
    pagina, tekst = response.get_data(as_text=True), _text(response)
    ids = re.findall(r'\bid="([^"]+)"', pagina)
    assert len(ids) == len(set(ids)), [i for i in ids if ids.count(i) > 1]
    assert '<h2 id="kalibratie">Kalibratie en intervisie</h2>' in pagina
    assert '<a href="#kalibratie">' in pagina
    for doel in re.findall(r'href="#([^"]+)"', pagina):
        assert doel in ids, doel
    for kop in (
        "Stap 1: de casusbank en referentieantwoorden",
        "Stap 2: een ronde openen",
        "Stap 3: de casussen plaatsen",
        "Stap 4: de ronde sluiten",
        "Stap 5: de uitslag lezen",
        "Stap 6: het intervisieoverleg",
        "De dubbelmeting",
    ):
        assert f">{kop}</h3>" in pagina, kop
    for begrip in ("Krippendorffs alfa", "Niet te bepalen", "Mag kalibratierondes coördineren"):
        assert begrip in tekst, begrip


def test_outdated_terms_link_to_their_explanation_where_they_appear(
    client, logged_in, make_klant, meting
):
    """WWB, CWI, Nugger…: the instrument's wording stays, the page explains the term."""
    from ladder.begrippen import BEGRIPPEN

    km = logged_in()
    response = client.get("/handleiding")
    handleiding, tekst = response.get_data(as_text=True), _text(response)
    assert "<title>Handleiding" in handleiding and handleiding.count('id="begrippen"') == 1
    for b in BEGRIPPEN:
        assert f'<dt id="{b.anker}">' in handleiding and b.uitleg in tekst
    url = meting.start(make_klant(km.organisatie).id)
    assert 'href="/handleiding#begrip-wwb"' in client.get(url).get_data(as_text=True)
    url = meting.meetmoment(url)  # V1: arbeidscontract?
    v2 = meting.answer(url, True)
    assert 'href="/handleiding#begrip-wsw"' in client.get(v2).get_data(as_text=True)
    url = meting.post(meting.answer(v2, False), {})  # trede 6: no growth question
    pagina = client.get(url).get_data(as_text=True)
    for term in ("wwb", "cwi", "nugger", "anw", "ioaw"):
        assert f'href="/handleiding#begrip-{term}"' in pagina, term
    url = meting.post(url, {"subgroepen": ["1"]})
    assert 'href="/handleiding#begrip-nugger"' in client.get(url).get_data(as_text=True)
