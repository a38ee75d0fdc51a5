"""The printed dossierblad and historieoverzicht: content, PDF/A, safety, access, audit."""

import re
import shutil
import subprocess
import tempfile
import xml.etree.ElementTree as ET
from io import BytesIO
from pathlib import Path

import pytest
from markupsafe import escape
from pypdf import PdfReader

from ladder.treden import TREDEN
from ladder.vragen import VRAGEN
from models import (
    Afdruk,
    Auditregel,
    Gebruiker,
    Gemeente,
    Klant,
    Meting,
    Organisatie,
    OrganisatieGemeente,
    Team,
    db,
)
from services import clock
from services import pdf as pdf_service
from services.grafiek import HOOGTE, MARGE
from services.samenvatting import samenvatting
from views import pdf as pdf_views

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = '<img src="file:///etc/passwd"> <img src="http://127.0.0.1:9/x.png">'
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"


@pytest.fixture
def klantmanager(logged_in, make_organisatie):
    organisatie = make_organisatie()
    gemeente = Gemeente.create(cbs_code="9999", naam="Testdorp")
    OrganisatieGemeente.create(organisatie=organisatie, gemeente=gemeente)
    return logged_in("klantmanager", organisatie=organisatie, naam="Karin Klantmanager")


@pytest.fixture
def klant(klantmanager, make_klant):
    return make_klant(
        klantmanager.organisatie,
        achternaam="Öztürk-Berg",
        tussenvoegsel="van",
        voornaam="Ayşe",
        adres="Dorpsstraat 1",
        postcode="1234 AB",
        woonplaats="Testdorp",
    )


@pytest.fixture
def fetched(monkeypatch):
    """Every URL WeasyPrint asks the fetcher for, during this test."""
    urls = []
    original = pdf_service.StaticFetcher.fetch

    def record(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf_service.StaticFetcher, "fetch", record)
    return urls


@pytest.fixture
def printed_html(monkeypatch):
    """The HTML of every print made during this test, as handed to the PDF renderer."""
    pages = []
    original = pdf_views.render_pdf

    def record(html, **kwargs):
        pages.append(html)
        return original(html, **kwargs)

    monkeypatch.setattr(pdf_views, "render_pdf", record)
    return pages


def compact(text: str) -> str:
    """Text without any whitespace: line breaks in the PDF fall where the layout puts them."""
    return "".join(text.split())


def read(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def get_pdf(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/pdf"
    return response


def test_dossierblad_prints_the_meting(clock, client, meting, klant, fetched, printed_html):
    saved = meting.complete(klant.id, [False, True], groei=True, toelichting="Werkt 2 dagen.")
    reader, text = read(get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf").data)
    flat = compact(text)
    for expected in (
        "Ayşe van Öztürk-Berg",
        "111222333",
        "2 maart 2026",  # meetdatum in words
        "17 mei 1980",
        "Dorpsstraat 1, 1234 AB Testdorp",
        "Gemeente Testdorp",
        "Voor de gemeente Testdorp",
        "Trede 4: Onbetaald werk",
        "4+",
        "Werkt 2 dagen.",
        "Karin Klantmanager",
        "pagina 1 van",
        "Vastgelegd op 02-03-2026 10:00 door Karin Klantmanager",
    ):
        assert compact(expected) in flat, expected
    # Every row of the shared summary is on paper, question and answer side by side.
    for sectie in samenvatting(saved).secties:
        for regel in sectie.regels:
            assert compact(regel.label + (regel.waarde or "–")) in flat, regel
    for code in ("V1", "V3"):
        assert compact(VRAGEN[code].tekst) in flat
    # The definition of the rung, verbatim.
    assert compact("voert taken uit en heeft daarbij verantwoordelijkheden naar anderen EN") in flat
    assert fetched and all(u.startswith(pdf_service.STATIC_PREFIX) for u in fetched)
    # The drawn ladder marks the klant's own rung, and only that one: on paper the arrow and
    # label next to trede 4, in the markup the highlight (.hier) on that step.
    assert text.count("◀") == 1
    assert compact("4 Onbetaald werk ◀ 4+") in flat
    assert compact("De participatieladder; deze klant staat op trede 4+") in flat
    [html] = printed_html
    gemarkeerd = re.findall(r'<li class="hier">(.*?)</li>', html, re.S)
    assert [" ".join(re.sub("<[^>]+>", " ", li).split()) for li in gemarkeerd] == [
        f"4 {TREDEN[4].naam} ◀ 4+"
    ]


def test_a_code_marks_no_rung_and_prints_its_explanation(client, meting, klant):
    saved = meting.complete(klant.id, code=8)
    _, text = read(get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf").data)
    flat = compact(text)
    assert compact("Code 8: uit het zicht van de gemeente geraakt") in flat
    assert compact("deze meting heeft geen trede") in flat
    assert compact("Toelichting bij de codeKlant niet bereikbaar") in flat
    assert "◀" not in text


def assert_pdfa_2a(data: bytes, title: str, author: str):
    reader, _ = read(data)
    catalog = reader.trailer["/Root"]
    xmp = ET.fromstring(catalog["/Metadata"].get_object().get_data())  # noqa: S314 - our own
    ids = {}
    for element in xmp.iter():
        for key, value in element.attrib.items():
            if key.startswith(PDFAID):
                ids[key.removeprefix(PDFAID)] = value
    assert ids == {"part": "2", "conformance": "A"}
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    assert catalog["/Lang"] == "nl"
    assert reader.metadata.title == title and reader.metadata.author == author
    assert reader.metadata.subject
    fonts = 0
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, descriptor
                assert "Ladder-Sans" in descriptor["/FontName"]  # ours, not a system font
                fonts += 1
    assert fonts >= 2  # regular and bold


def structuur(data: bytes) -> list[str]:
    """The structure types (/Table, /TH, /TD, …) of a tagged PDF's structure tree, in order."""
    soorten = []

    def loop(node):
        node = node.get_object()
        if isinstance(node, list):
            for kind in node:
                loop(kind)
        elif isinstance(node, dict):
            if "/S" in node:
                soorten.append(str(node["/S"]))
            if "/K" in node:
                loop(node["/K"])

    loop(PdfReader(BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return soorten


def test_both_pdfs_are_tagged_pdfa_2a_with_embedded_fonts(client, meting, klant, printed_html):
    saved = meting.complete(klant.id, [True, False], groei=False)
    naam = "Ayşe van Öztürk-Berg"
    response = get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf")
    assert_pdfa_2a(response.data, f"Dossierblad participatieladder – {naam}", "Gemeente Testdorp")
    # A screen reader reads the dossierblad's tables with their header cells: every <th>
    # (Naam, BSN, … and each question of the summary) is a TH in the structure tree.
    dossier_html, soorten = printed_html[0], structuur(response.data)
    assert soorten.count("/Table") == dossier_html.count("<table") > 3
    assert soorten.count("/TH") >= dossier_html.count("<th ") > 10
    response = get_pdf(client, f"/klanten/{klant.id}/historie.pdf")
    assert_pdfa_2a(
        response.data, f"Historieoverzicht participatieladder – {naam}", "Gemeente Testdorp"
    )
    soorten = structuur(response.data)
    assert "/THead" in soorten and soorten.count("/TH") >= printed_html[1].count("<th ")


def test_historie_lists_every_saved_meting_oldest_first(
    clock, client, auth, meting, klant, klantmanager, logged_in, printed_html
):
    meting.complete(klant.id, [False, False, False, True], groei=False, datum=(5, 1, 2025))
    meting.complete(klant.id, [False, False, True], groei=True, datum=(3, 6, 2025))
    auth.logout()  # the third meting is entered by a colleague
    logged_in("klantmanager", organisatie=klantmanager.organisatie, naam="Bram Collega")
    meting.complete(klant.id, [False, True], groei=True, datum=(2, 2, 2026))
    response = get_pdf(client, f"/klanten/{klant.id}/historie.pdf")
    _, text = read(response.data)
    flat = compact(text)
    assert "Trededoordetijd" in flat and "3opgeslagenmetingen" in flat
    for verwacht in (
        "Historieoverzicht – Ayşe van Öztürk-Berg",
        "Naam Ayşe van Öztürk-Berg",
        "BSN 111222333",
        "Gemeente Testdorp",
        "Voor de gemeente Testdorp",
    ):
        assert compact(verwacht) in flat, verwacht
    # One row per meting, oldest first, each with who entered it.
    regels = [" ".join(r.split()) for r in text.splitlines()]
    rijen = [
        "05-01-2025 Intake / eerste contact 2 0 Karin Klantmanager Definitief",
        "03-06-2025 Intake / eerste contact 3+ + Karin Klantmanager Definitief",
        "02-02-2026 Intake / eerste contact 4+ + Bram Collega Definitief",
    ]
    posities = [regels.index(rij) for rij in rijen]
    assert posities == sorted(posities)
    assert flat.count("Definitief") == 3
    # The chart: one point per meting, left to right in date order, higher for a higher rung.
    [html] = printed_html
    svg = re.search(r'<svg class="grafiek".*?</svg>', html, re.S).group(0)
    punten = [
        (float(x), float(y)) for x, y in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    ]
    assert len(punten) == 3
    assert [x for x, _ in punten] == sorted({x for x, _ in punten})
    hoogte = [HOOGTE - MARGE - (HOOGTE - 2 * MARGE) * (t - 1) / 5 for t in (2, 3, 4)]
    assert [y for _, y in punten] == [round(h, 1) for h in hoogte]
    assert "05-01-2025 trede 2; 03-06-2025 trede 3+; 02-02-2026 trede 4+" in svg
    # Its text is printed too: the axis 1-6, then each point's trede and meetdatum.
    y_as = regels.index("trede")
    assert regels[y_as - 6 : y_as] == ["1", "2", "3", "4", "5", "6"]
    assert regels[y_as + 1 : y_as + 7] == [
        "2",
        "05-01-2025",
        "3+",
        "03-06-2025",
        "4+",
        "02-02-2026",
    ]
    naam = response.headers["Content-Disposition"]
    assert naam == 'attachment; filename="historieoverzicht-Ozturk-Berg-2026-03-02.pdf"'


def test_hostile_toelichting_is_printed_as_text_and_fetches_nothing(client, meting, klant, fetched):
    saved = meting.complete(klant.id, [False, True], groei=True, toelichting=HOSTILE)
    _, text = read(get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf").data)
    assert compact(HOSTILE) in compact(text)
    assert all(u.startswith(pdf_service.STATIC_PREFIX) for u in fetched), fetched


def test_fetcher_serves_static_files_only():
    fetcher = pdf_service.StaticFetcher(ROOT / "static")
    response = fetcher.fetch(pdf_service.STATIC_PREFIX + "fonts/DejaVuSans.ttf")
    assert response.read(4) == b"\x00\x01\x00\x00"
    response.close()
    refused = [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.png",
        "https://example.org/font.ttf",
        "data:image/png;base64,iVBORw0KGgo=",
        pdf_service.BASE_URL + "app.py",
        pdf_service.STATIC_PREFIX + "../app.py",
        pdf_service.STATIC_PREFIX + "%2e%2e/app.py",
        pdf_service.STATIC_PREFIX + "fonts/DejaVuSans.ttf?x=1",
        pdf_service.STATIC_PREFIX + "fonts/",
        pdf_service.STATIC_PREFIX + "fonts/DejaVuSans.ttf%00",
        pdf_service.STATIC_PREFIX + "x" * 5000,
    ]
    for url in refused:
        with pytest.raises(ValueError, match="Niet toegestaan"):
            fetcher.fetch(url)
    assert fetcher.geweigerd == refused


def test_render_pdf_leaves_out_what_it_may_not_fetch():
    """Even markup that did reach the renderer cannot read files or call out."""
    fetcher = pdf_service.StaticFetcher(ROOT / "static")
    html = (
        '<html lang="nl"><title>t</title>'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
        '<style>@font-face { font-family: X; src: url("file:///etc/passwd") }</style>'
        '<p>Tekst</p><img alt="" src="file:///etc/passwd">'
        '<img alt="" src="http://127.0.0.1:9/x.png"></html>'
    )
    data = pdf_service.render_pdf(html, title="t", author="a", subject="s", fetcher=fetcher)
    assert "Tekst" in read(data)[1]
    assert sorted(fetcher.geweigerd) == [
        "file:///etc/passwd",
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.css",
        "http://127.0.0.1:9/x.png",
    ]


def test_headers_name_and_no_store(client, meting, klant):
    saved = meting.complete(klant.id, [False, True], groei=True)
    response = get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="dossierblad-Ozturk-Berg-2026-03-02.pdf"'
    )
    assert response.headers["Cache-Control"] == "no-store"


def test_bestandsnaam_is_ascii_letters_digits_and_hyphens():
    naam = pdf_service.bestandsnaam("dossierblad", 'Ç"a;\r\nb/../x', "2026-03-02")
    assert naam == "dossierblad-C-a-b-x-2026-03-02.pdf"
    assert pdf_service.bestandsnaam("", "ﬁ…") == "fi.pdf"
    assert pdf_service.bestandsnaam("", "中文") == "afdruk.pdf"


def test_a_print_is_logged(client, meting, klant, klantmanager):
    saved = meting.complete(klant.id, [False, True], groei=True)
    get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf")
    get_pdf(client, f"/klanten/{klant.id}/historie.pdf")
    regels = list(Auditregel.select().where(Auditregel.actie == "printen").order_by(Auditregel.id))
    assert [
        (r.object_type, r.object_id, r.klant_id, r.gebruiker_id, r.omschrijving) for r in regels
    ] == [
        ("meting", str(saved.id), klant.id, klantmanager.id, "dossierblad"),
        ("klant", str(klant.id), klant.id, klantmanager.id, "historieoverzicht"),
    ]


def test_another_organisation_gets_404_and_is_logged(
    client, auth, meting, klant, make_gebruiker, make_organisatie
):
    saved = meting.complete(klant.id, [False, True], groei=True)
    auth.logout()
    vreemde = make_gebruiker("klantmanager", organisatie=make_organisatie("Gemeente Elders"))
    auth.login(vreemde.email)
    assert client.get(f"/metingen/{saved.id}/dossierblad.pdf").status_code == 404
    assert client.get(f"/klanten/{klant.id}/historie.pdf").status_code == 404
    geweigerd = list(
        Auditregel.select()
        .where((Auditregel.actie == "geweigerd") & (Auditregel.gebruiker_id == vreemde.id))
        .order_by(Auditregel.id)
    )
    assert [(r.object_type, r.object_id) for r in geweigerd] == [
        ("meting", str(saved.id)),
        ("klant", str(klant.id)),
    ]
    assert not Auditregel.select().where(Auditregel.actie == "printen").exists()


def test_not_logged_in_or_beheerder_cannot_print(client, auth, meting, klant, logged_in):
    saved = meting.complete(klant.id, [False, True], groei=True)
    auth.logout()
    response = client.get(f"/metingen/{saved.id}/dossierblad.pdf")
    assert response.status_code in (302, 303, 401)
    logged_in("beheerder", organisatie=klant.organisatie)
    assert client.get(f"/klanten/{klant.id}/historie.pdf").status_code == 404


def test_a_concept_is_not_printed(client, meting, klant):
    url = meting.start(klant.id)
    meting.meetmoment(url)
    concept = Meting.get(Meting.status == "concept")
    assert client.get(f"/metingen/{concept.id}/dossierblad.pdf").status_code == 404
    assert not Auditregel.select().where(Auditregel.actie == "printen").exists()


def test_correction_and_replaced_meting_say_so(client, meting, klant):
    oud = meting.complete(klant.id, [False, True], groei=True)
    response = client.submit(f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}")
    meting.post(response.headers["Location"], {"correctiereden": "Verkeerde datum ingevuld"})
    nieuw = Meting.get(Meting.corrigeert == oud)
    _, text = read(get_pdf(client, f"/metingen/{nieuw.id}/dossierblad.pdf").data)
    assert compact("Vervangt de meting van02-03-2026") in compact(text)
    assert compact("Reden van de correctieVerkeerde datum ingevuld") in compact(text)
    _, text = read(get_pdf(client, f"/metingen/{oud.id}/dossierblad.pdf").data)
    assert compact("Deze meting is vervangen door de correctie") in compact(text)
    assert compact("StatusVervangen") in compact(text)


def test_status_history_and_srg_are_the_same_on_page_and_paper(client, meting, klant):
    """Status, history of corrections (with the reason) and the SRG position are sections of
    the one summary: the meting page and the dossierblad print the same rows and notice."""
    oud = meting.complete(klant.id, [False, True], groei=True, lopend_p_instrument="ja")
    response = client.submit(f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}")
    meting.post(response.headers["Location"], {"correctiereden": "Verkeerde datum ingevuld"})
    nieuw = Meting.get(Meting.corrigeert == oud)
    for saved in (Meting.get_by_id(oud.id), nieuw):
        overzicht = samenvatting(saved)
        assert overzicht.srg == "4: Arbeidstoeleiding"
        page = client.get(f"/metingen/{saved.id}").get_data(as_text=True)
        _, text = read(get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf").data)
        flat = compact(text)
        srg = "Positie op de SRG-ladder (tabel 1.1): 4: Arbeidstoeleiding"
        assert srg in page and compact(srg) in flat
        for sectie in overzicht.secties:
            assert f">{sectie.titel}</h2>" in page and compact(sectie.titel) in flat
            for regel in sectie.regels:
                waarde = regel.waarde or "–"
                label, tekst = (re.escape(escape(t)) for t in (regel.label, waarde))
                assert re.search(rf"<dt>{label}</dt>\s*<dd>{tekst}</dd>", page), regel
                assert compact(regel.label + waarde) in flat, regel
        historie = {
            r.label: r.waarde for s in overzicht.secties if s.titel == "Historie" for r in s.regels
        }
        if saved == nieuw:
            assert overzicht.melding is None
            assert historie == {
                "Vervangt de meting van": "02-03-2026",
                "Reden van de correctie": "Verkeerde datum ingevuld",
            }
        else:
            assert overzicht.melding.vervanger_id == nieuw.id
            assert overzicht.melding.tekst in page and compact(overzicht.melding.tekst) in flat
            assert historie["Reden van die correctie"] == "Verkeerde datum ingevuld"
            assert f'href="/metingen/{nieuw.id}">Bekijk de correctie' in page
    # The klant's history table says why the old meting was replaced, on screen and on paper.
    reden = 'Vervangen (gecorrigeerd)<br><span class="klein">Reden: Verkeerde datum ingevuld'
    assert reden in client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    _, text = read(get_pdf(client, f"/klanten/{klant.id}/historie.pdf").data)
    assert compact("Vervangen (gecorrigeerd) Reden: Verkeerde datum ingevuld") in compact(text)


def test_print_links_on_the_meting_and_klant_pages(client, meting, klant):
    saved = meting.complete(klant.id, [False, True], groei=True)
    page = client.get(f"/metingen/{saved.id}").get_data(as_text=True)
    assert f'href="/metingen/{saved.id}/dossierblad.pdf">Print dossierblad' in page
    page = client.get(f"/klanten/{klant.id}").get_data(as_text=True)
    assert f'href="/klanten/{klant.id}/historie.pdf">Print historieoverzicht' in page


def test_page_one_as_png(client, meting, klant, tmp_path):
    """Page 1 of a dossierblad as an image in test-artifacts/, to look at."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) ontbreekt")
    saved = meting.complete(
        klant.id, [False, True], groei=True, toelichting="Doet vrijwilligerswerk bij de kringloop."
    )
    pdf = tmp_path / "dossierblad.pdf"
    pdf.write_bytes(get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf").data)
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(pdf)]
        + [str(out / "dossierblad-pagina-1")],
        check=True,
        timeout=60,
    )
    png = out / "dossierblad-pagina-1.png"
    assert png.stat().st_size > 10_000
    with png.open("rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"


def test_a_long_toelichting_flows_over_the_pages_and_stays_on_them(client, meting, klant):
    """A pasted URL ran off the page, and a 5000-character toelichting was pushed whole to
    the next page, leaving one mostly empty."""
    url = "https://voorbeeld.nl/dossier?sleutel=" + "a1b2c3d4e5" * 30 + "einde"
    woorden = "De klant vertelt uitgebreid over werk, zorg en het gezin. "
    toelichting = (url + " " + woorden * 90)[:5000]
    saved = meting.complete(klant.id, [False, True], groei=True, toelichting=toelichting)
    pdf = get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf").data
    reader, text = read(pdf)
    assert compact("einde") in compact(text)
    assert _rechterrand_is_leeg(pdf), "tekst loopt van de pagina af"
    for page in reader.pages[:-1]:  # every page but the last is well filled
        assert len(page.extract_text()) > 1500, len(page.extract_text())


def _rechterrand_is_leeg(pdf: bytes) -> bool:
    """Every page drawn (pdftoppm): nothing dark in the right-hand 4 mm, inside the margin."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as map_:
        (Path(map_) / "blad.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "40", "-gray", "-png", "blad.pdf", "blad"], cwd=map_, check=True
        )
        for png in sorted(Path(map_).glob("blad*.png")):
            with Image.open(png) as beeld:
                breedte, hoogte = beeld.size
                rand = beeld.convert("L").crop((int(breedte * 0.98), 0, breedte, hoogte))
                if rand.getextrema()[0] < 200:
                    return False
    return True


# --- stored prints: rendered once, served again while nothing printed on them changed ---


def printen():
    """(object_type, gebruiker id) of every print logged, in order."""
    regels = Auditregel.select().where(Auditregel.actie == "printen").order_by(Auditregel.id)
    return [(r.object_type, r.gebruiker_id) for r in regels]


def test_a_repeat_print_is_the_stored_copy_checked_and_logged(
    clock, app, client, auth, meting, klant, klantmanager, make_gebruiker, make_organisatie
):
    from tests.conftest import Auth, FormClient

    saved = meting.complete(klant.id, [False, True], groei=True)
    dossier, historie = f"/metingen/{saved.id}/dossierblad.pdf", f"/klanten/{klant.id}/historie.pdf"
    eerst = {url: get_pdf(client, url).data for url in (dossier, historie)}
    assert Afdruk.select().count() == 2
    clock.advance(minutes=20)
    collega = make_gebruiker("klantmanager", organisatie=klantmanager.organisatie, naam="Bram")
    tweede = FormClient(app.test_client())
    Auth(tweede).login(collega.email)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(pdf_views, "render_pdf", lambda html, **kw: pytest.fail("opnieuw gerenderd"))
        for url, data in eerst.items():
            assert get_pdf(client, url).data == data
            assert get_pdf(tweede, url).data == data  # identical: nothing of who prints
    for data in eerst.values():
        flat = compact(read(data)[1])
        assert compact("Vastgelegd op 02-03-2026 10:00 door Karin Klantmanager") in flat
        assert "Geprint" not in flat and "Bram" not in flat
    assert printen() == [
        ("meting", klantmanager.id),
        ("klant", klantmanager.id),
        ("meting", klantmanager.id),
        ("meting", collega.id),
        ("klant", klantmanager.id),
        ("klant", collega.id),
    ]
    # Someone without access gets no stored copy either: 404, logged as refused.
    auth.logout()
    vreemde = make_gebruiker("klantmanager", organisatie=make_organisatie("Gemeente Elders"))
    auth.login(vreemde.email)
    for url in (dossier, historie):
        assert client.get(url).status_code == 404
    geweigerd = Auditregel.select().where(
        (Auditregel.actie == "geweigerd") & (Auditregel.gebruiker_id == vreemde.id)
    )
    assert geweigerd.count() == 2 and len(printen()) == 6
    auth.logout()
    assert client.get(dossier).status_code in (302, 303, 401)


def test_a_correction_or_a_status_change_prints_anew(client, meting, klant, klantmanager):
    from services import metingen

    oud = meting.complete(klant.id, [False, True], groei=True)
    dossier = f"/metingen/{oud.id}/dossierblad.pdf"
    eerst = get_pdf(client, dossier).data
    get_pdf(client, f"/klanten/{klant.id}/historie.pdf")
    response = client.submit(f"/metingen/{oud.id}/corrigeer", {}, token_from=f"/metingen/{oud.id}")
    meting.post(response.headers["Location"], {"correctiereden": "Verkeerde datum ingevuld"})
    assert not Afdruk.select().exists()  # the correction dropped the klant's stored copies
    opnieuw = get_pdf(client, dossier).data
    assert opnieuw != eerst
    assert compact("Deze meting is vervangen door de correctie") in compact(read(opnieuw)[1])
    _, text = read(get_pdf(client, f"/klanten/{klant.id}/historie.pdf").data)
    assert compact("2 opgeslagen metingen") in compact(text)
    # A status change through the service: a meting waiting for review is rejected.
    nieuw = Meting.get(Meting.corrigeert == oud)
    Meting.update(status="ter_beoordeling").where(Meting.id == nieuw.id).execute()
    _, text = read(get_pdf(client, f"/metingen/{nieuw.id}/dossierblad.pdf").data)
    assert compact("wacht op beoordeling") in compact(text)
    metingen.beoordeel(Meting.get_by_id(nieuw.id), klantmanager, akkoord=False, reden="Onjuist")
    assert not Afdruk.select().exists()
    _, text = read(get_pdf(client, f"/metingen/{nieuw.id}/dossierblad.pdf").data)
    assert compact("Deze meting is afgewezen door Karin Klantmanager. Reden: Onjuist") in compact(
        text
    )


def test_a_klant_edit_or_anonymisation_prints_anew_without_the_old_data(
    client, meting, klant, printed_html
):
    from services.privacy import anonimiseer
    from tests.fixtures.klant import KLANT_FORMULIER

    saved = meting.complete(klant.id, [False, True], groei=True, toelichting="Ayşe vertelt.")
    urls = (f"/metingen/{saved.id}/dossierblad.pdf", f"/klanten/{klant.id}/historie.pdf")
    for url in urls:
        assert compact("Ayşe van Öztürk-Berg") in compact(read(get_pdf(client, url).data)[1])
    response = client.submit(
        f"/klanten/{klant.id}/bewerken",
        {**KLANT_FORMULIER, "bsn": klant.bsn, "achternaam": "Jansen", "versie": "1"},
    )
    assert response.status_code == 303 and not Afdruk.select().exists()
    for url in urls:
        flat = compact(read(get_pdf(client, url).data)[1])
        assert compact("Jan van der Jansen") in flat and "Öztürk" not in flat
    assert len(printed_html) == 4
    with db.atomic():
        anonimiseer(Klant.get_by_id(klant.id), clock.now())
    assert not Afdruk.select().exists()  # nothing with the name is kept
    for url in urls:
        flat = compact(read(get_pdf(client, url).data)[1])
        assert "Geanonimiseerd" in flat
        for weg in ("Jansen", "111222333", "Oudegracht", "Ayşe"):
            assert weg not in flat, weg


def test_the_historieoverzicht_changes_with_a_new_meting(clock, client, meting, klant):
    meting.complete(klant.id, [False, True], groei=True, datum=(5, 1, 2026))
    url = f"/klanten/{klant.id}/historie.pdf"
    _, text = read(get_pdf(client, url).data)
    assert compact("1 opgeslagen meting") in compact(text)
    clock.advance(minutes=20)
    meting.complete(klant.id, [False, False, True], groei=False)
    _, text = read(get_pdf(client, url).data)
    flat = compact(text)
    assert compact("2 opgeslagen metingen") in flat
    assert compact("Vastgelegd op 02-03-2026 10:20 door Karin Klantmanager") in flat


def test_whatever_changes_what_is_printed_prints_anew(client, meting, klant, klantmanager):
    """The fingerprint, not only the services that drop copies: a renamed organisation (no
    service of a meting or klant involved) is printed with its new name."""
    saved = meting.complete(klant.id, [False, True], groei=True)
    url = f"/metingen/{saved.id}/dossierblad.pdf"
    get_pdf(client, url)
    Organisatie.update(naam="Gemeente Nieuwdorp").where(
        Organisatie.id == klantmanager.organisatie_id
    ).execute()
    _, text = read(get_pdf(client, url).data)
    assert "Nieuwdorp" in text and Afdruk.select().count() == 1


def test_a_copy_rendered_while_the_klant_changed_is_not_kept(client, meting, klant):
    """A print that began before an edit or anonymisation must not store the old name."""
    from services import afdrukken

    verouderd = Klant.get_by_id(klant.id)
    Klant.update(achternaam="Geanonimiseerd", versie=Klant.versie + 1).where(
        Klant.id == klant.id
    ).execute()
    with db.atomic():
        gelukt = afdrukken.bewaar("historieoverzicht:1", verouderd, "f" * 64, b"%PDF", clock.now())
    assert not gelukt and not Afdruk.select().exists()


def test_a_renamed_invoerder_or_team_prints_anew(client, meting, klant, klantmanager):
    """The fingerprints are made of the rows as read, with the names a print shows (the
    invoerder in the history, team and invoerder on the dossierblad): a rename, which no
    service of a meting or klant makes, still prints anew."""
    saved = meting.complete(klant.id, [False, True], groei=True)
    team = Team.create(organisatie=klantmanager.organisatie, naam="Team Oud")
    Meting.update(team=team).where(Meting.id == saved.id).execute()
    dossier = f"/metingen/{saved.id}/dossierblad.pdf"
    historie = f"/klanten/{klant.id}/historie.pdf"
    for url in (dossier, historie):
        assert compact("Karin Klantmanager") in compact(read(get_pdf(client, url).data)[1])
    assert compact("Team Oud") in compact(read(get_pdf(client, dossier).data)[1])

    Gebruiker.update(naam="Karin Hoven").where(Gebruiker.id == klantmanager.id).execute()
    Team.update(naam="Team Nieuw").where(Team.id == team.id).execute()
    flat = compact(read(get_pdf(client, dossier).data)[1])
    assert compact("Karin Hoven") in flat and compact("Team Nieuw") in flat
    assert compact("Karin Hoven") in compact(read(get_pdf(client, historie).data)[1])
    assert Afdruk.select().count() == 2


def test_a_meting_of_another_organisation_prints_under_its_name(
    client, meting, klant, make_organisatie
):
    """The head of a dossierblad names the organisation that made the meting (a partner's
    meting of the gemeente's klant), not the organisation of whoever prints it; the
    historieoverzicht names the klant's own."""
    saved = meting.complete(klant.id, [False, True], groei=True)
    partner = make_organisatie("Reïntegratie Noord", soort="reintegratiebedrijf")
    Meting.update(organisatie=partner).where(Meting.id == saved.id).execute()
    reader, text = read(get_pdf(client, f"/metingen/{saved.id}/dossierblad.pdf").data)
    assert compact("Reïntegratie Noord") in compact(text)
    assert reader.metadata.author == "Reïntegratie Noord"
    _, text = read(get_pdf(client, f"/klanten/{klant.id}/historie.pdf").data)
    assert compact("Voor de gemeente Testdorp") in compact(text)
