"""Whole tasks in a real browser against the production server: the meting conversation with
the page's own "Vorige" link and the browser's Back button, a meting with only the keyboard,
the dossierblad as a downloaded PDF, the partner's meting judged by the gemeente, and the
warning before the idle timeout (WCAG 2.2.1)."""

import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser

V1 = "Vraag 1: Heeft de klant een arbeidscontract"
V2 = "Vraag 2: Krijgt de klant ondersteuning"
V3 = "Vraag 3: Verricht de klant onbetaald werk"
V4 = "Vraag 4: Neemt de klant deel aan georganiseerde activiteiten"
GROEIVRAAG = "Verwacht u dat de klant binnen een jaar"


def _h1(page):
    return page.get_by_role("heading", level=1)


def _transcript(page):
    return page.get_by_role("region", name="Uw antwoorden tot nu toe")


def _submit_answer(page, antwoord: str) -> None:
    page.get_by_role("radio", name=antwoord).check()
    page.get_by_role("button", name="Antwoord opslaan en verder").click()


def test_going_back_and_changing_an_answer_drops_what_it_made_unreachable(
    page, login_as, klantmanager, steps
):
    """Back (the browser's and the page's own "Vorige") leads to the earlier answers, kept;
    a changed answer reshapes the rest: the questions it made unreachable drop out of the
    transcript, the check page and the saved meting, and the trede follows the new route."""
    login_as(page, klantmanager)
    achternaam = steps.register_klant(page, "Bram")
    klant_url = page.url
    steps.start_meting(page)
    steps.meetmoment(page)

    # V1 nee, V3 nee, V4 ja: trede 3.
    expect(_h1(page)).to_contain_text("arbeidscontract")
    _submit_answer(page, "Nee")
    expect(_h1(page)).to_contain_text("onbetaald werk")
    _submit_answer(page, "Nee")
    expect(_h1(page)).to_contain_text("georganiseerde activiteiten")
    _submit_answer(page, "Ja")
    expect(_h1(page)).to_have_text("Uitkomst: trede 3, Deelname georganiseerde activiteiten")
    for vraag in (V1, V3, V4):
        expect(_transcript(page)).to_contain_text(vraag)

    # The browser's Back button: V4, then V3, each with its answer still chosen.
    page.go_back()
    expect(_h1(page)).to_contain_text("georganiseerde activiteiten")
    expect(page.get_by_role("radio", name="Ja")).to_be_checked()
    page.go_back()
    expect(_h1(page)).to_contain_text("onbetaald werk")
    expect(page.get_by_role("radio", name="Nee")).to_be_checked()
    expect(_transcript(page)).to_contain_text(V1)
    expect(_transcript(page)).not_to_contain_text(V4)  # only what came before this question

    # Unpaid work after all: trede 4, and V4 is no longer part of the meting.
    _submit_answer(page, "Ja")
    expect(_h1(page)).to_have_text("Uitkomst: trede 4, Onbetaald werk")
    expect(_transcript(page)).to_contain_text(V3)
    expect(_transcript(page)).not_to_contain_text("georganiseerde activiteiten")
    page.get_by_role("button", name="Trede 4 bevestigen").click()
    expect(_h1(page)).to_contain_text(GROEIVRAAG)
    _submit_answer(page, "Nee")
    expect(_h1(page)).to_have_text("Tot welke subgroepen hoort de klant?")
    expect(_transcript(page)).to_contain_text(GROEIVRAAG)

    # The page's own "Vorige" link, step by step back to V1.
    vorige = page.get_by_role("link", name="Vorige")
    vorige.click()
    expect(_h1(page)).to_contain_text(GROEIVRAAG)
    expect(page.get_by_role("radio", name="Nee")).to_be_checked()
    vorige.click()
    expect(_h1(page)).to_have_text("Uitkomst: trede 4, Onbetaald werk")
    vorige.click()
    expect(_h1(page)).to_contain_text("onbetaald werk")
    vorige.click()
    expect(_h1(page)).to_contain_text("arbeidscontract")
    expect(page.get_by_role("radio", name="Nee")).to_be_checked()

    # A contract after all, without support: trede 6, which has no growth question.
    _submit_answer(page, "Ja")
    expect(_h1(page)).to_contain_text("ondersteuning")
    expect(_transcript(page)).to_contain_text(V1)
    expect(_transcript(page)).not_to_contain_text("onbetaald werk")
    _submit_answer(page, "Nee")
    expect(_h1(page)).to_have_text("Uitkomst: trede 6, Betaald werk")
    for weg in ("onbetaald werk", "georganiseerde activiteiten", GROEIVRAAG):
        expect(_transcript(page)).not_to_contain_text(weg)
    page.get_by_role("button", name="Trede 6 bevestigen").click()
    expect(_h1(page)).to_have_text("Tot welke subgroepen hoort de klant?")  # no growth question
    page.get_by_role("checkbox", name="De klant hoort bij geen van deze subgroepen").check()
    page.get_by_role("button", name="Subgroepen opslaan en verder").click()
    steps.kenmerken(page)

    expect(_h1(page)).to_have_text("Controleer uw antwoorden")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Uitkomst: Trede 6: Betaald werk")
    for vraag in (V1, V2):
        expect(main).to_contain_text(vraag)
    for weg in (V3, V4, GROEIVRAAG):
        expect(main).not_to_contain_text(weg)
    expect(main).to_contain_text("n.v.t.")  # groeipotentieel on trede 6
    page.get_by_role("button", name="Meting opslaan").click()

    expect(page.get_by_role("status")).to_have_text("De meting is opgeslagen.")
    expect(main.locator(".uitkomst-groot")).to_have_text("Trede 6: Betaald werk · 6")
    for weg in (V3, V4, GROEIVRAAG):
        expect(main).not_to_contain_text(weg)
    page.goto(klant_url)
    expect(page.get_by_role("region", name="Huidige stand")).to_contain_text("Trede 6 sinds")
    row = page.get_by_role("row").filter(has_text="Intake / eerste contact")
    expect(row.get_by_role("cell")).to_have_text(
        ["Intake / eerste contact", "6", klantmanager.naam, "Definitief"]
    )
    assert achternaam in page.title()


def _tab_to(page, locator, max_presses: int = 80) -> None:
    """Press Tab until locator has focus (looking, not touching: the keyboard does it all)."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} kreeg geen focus na {max_presses} keer Tab")


_FOCUS_JS = """() => {
  const el = document.activeElement;
  const group = el.type === 'radio'
    ? document.querySelector(`input[type=radio][name="${el.name}"]:checked`) : null;
  return {tag: el.tagName, type: el.type || '', name: el.name || '',
          text: (el.textContent || '').trim(), groupAnswered: Boolean(group)};
}"""


def test_a_whole_meting_with_only_the_keyboard(page, login_as, klantmanager, steps):
    """From the klant page to "Meting opslaan" with Tab, Space, Enter, the arrow keys and
    typing only: no click anywhere."""
    login_as(page, klantmanager)
    steps.register_klant(page, "Kees")
    keyboard = page.keyboard

    _tab_to(page, page.get_by_role("button", name="Nieuwe meting"))
    keyboard.press("Enter")
    expect(_h1(page)).to_have_text("Meetmoment")

    # The meetdatum is today already; the aanleiding: Tab into the group, arrow to the
    # second option (arrows move and choose in a radio group).
    _tab_to(page, page.get_by_role("radio", name="Intake / eerste contact"))
    keyboard.press("ArrowDown")
    expect(page.get_by_role("radio", name="Jaarlijkse meting")).to_be_checked()
    _tab_to(page, page.get_by_role("button", name="Meetmoment opslaan en verder"))
    keyboard.press("Enter")

    # V1: nee (Tab lands on "Ja", the right arrow chooses "Nee"); Enter sends the form.
    expect(_h1(page)).to_contain_text("arbeidscontract")
    _tab_to(page, page.get_by_role("radio", name="Ja"))
    keyboard.press("ArrowRight")
    expect(page.get_by_role("radio", name="Nee")).to_be_checked()
    keyboard.press("Enter")
    # V3: ja, with the space bar.
    expect(_h1(page)).to_contain_text("onbetaald werk")
    _tab_to(page, page.get_by_role("radio", name="Ja"))
    keyboard.press("Space")
    _tab_to(page, page.get_by_role("button", name="Antwoord opslaan en verder"))
    keyboard.press("Enter")

    expect(_h1(page)).to_have_text("Uitkomst: trede 4, Onbetaald werk")
    _tab_to(page, page.get_by_role("button", name="Trede 4 bevestigen"))
    keyboard.press("Enter")

    expect(_h1(page)).to_contain_text(GROEIVRAAG)
    _tab_to(page, page.get_by_role("radio", name="Ja"))
    keyboard.press("Space")
    keyboard.press("Enter")

    expect(_h1(page)).to_have_text("Tot welke subgroepen hoort de klant?")
    _tab_to(page, page.get_by_role("checkbox", name="Burger met gemeentelijke uitkering"))
    keyboard.press("Space")
    _tab_to(page, page.get_by_role("button", name="Subgroepen opslaan en verder"))
    keyboard.press("Enter")

    # The kenmerken: Space chooses the first answer of every group that has none yet; the
    # toelichting is typed; the next meetdatum is filled in already.
    expect(_h1(page)).to_have_text("Klantkenmerken en werkproces")
    for _ in range(120):
        keyboard.press("Tab")
        focus = page.evaluate(_FOCUS_JS)
        if focus["type"] == "radio" and not focus["groupAnswered"]:
            keyboard.press("Space")
        elif focus["name"] == "toelichting":
            keyboard.type("Ingevuld met alleen het toetsenbord.")
        elif focus["tag"] == "BUTTON" and focus["text"] == "Kenmerken opslaan en verder":
            keyboard.press("Enter")
            break
    else:
        raise AssertionError("de knop Kenmerken opslaan en verder kreeg geen focus")

    expect(_h1(page)).to_have_text("Controleer uw antwoorden")
    _tab_to(page, page.get_by_role("button", name="Meting opslaan"))
    keyboard.press("Enter")

    expect(_h1(page)).to_contain_text("Meting van")
    main = page.get_by_role("main")
    expect(main.locator(".uitkomst-groot")).to_have_text("Trede 4: Onbetaald werk · 4+")
    expect(main).to_contain_text("Jaarlijkse meting")
    expect(main).to_contain_text("Burger met gemeentelijke uitkering")
    expect(main).to_contain_text("Ingevuld met alleen het toetsenbord.")


def test_dossierblad_downloads_as_a_pdf_with_name_trede_and_meetdatum(
    page, login_as, klantmanager, steps
):
    login_as(page, klantmanager)
    achternaam = steps.register_klant(page, "Petra")
    # V1 nee, V3 nee, V4 nee, V5 ja: trede 2, with growth potential.
    steps.complete_meting(page, (False, False, False, True), groei=True, datum=(14, 2, 2025))
    expect(_h1(page)).to_have_text("Meting van 14-02-2025")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Print dossierblad").click()
    download = download_info.value
    assert download.suggested_filename == f"dossierblad-{achternaam}-2025-02-14.pdf"
    reader = PdfReader(download.path())
    text = "\n".join(p.extract_text() for p in reader.pages)
    text = " ".join(text.split())  # line breaks from the layout are not part of the words

    assert f"Petra {achternaam}" in text
    assert "Trede 2: Sociale contacten buiten de deur" in text
    assert "2+" in text
    assert "14-02-2025" in text
    assert reader.metadata.title == f"Dossierblad participatieladder – Petra {achternaam}"


def test_partner_meting_waits_for_the_gemeente_which_rejects_or_accepts_it(
    page, login_as, klantmanager, partner, steps
):
    """The klantmanager gives the partner toegang; the partner's metingen are "ter
    beoordeling" until the gemeente decides; a rejection needs a reason, which the partner
    sees; only an accepted meting counts."""
    partner_organisatie = partner.organisatie
    login_as(page, klantmanager)
    achternaam = steps.register_klant(page, "Priya")
    klant_url = page.url
    naam = f"Priya {achternaam}"

    # The gemeente gives the partner access, from today on.
    page.get_by_role("link", name="Toegang voor partners").click()
    page.get_by_label("Partnerorganisatie").select_option(label=partner_organisatie)
    page.get_by_role("button", name="Toegang geven").click()
    expect(page.get_by_role("status")).to_have_text(
        f"{partner_organisatie} heeft nu toegang tot deze klant."
    )
    expect(page.get_by_role("row").filter(has_text=partner_organisatie)).to_contain_text("Actief")

    # The partner finds the klant and records a meting (trede 3): it waits.
    steps.switch_user(page, partner)
    page.goto(f"/klanten?q={achternaam}")
    page.get_by_role("link", name=re.compile(achternaam)).click()
    expect(_h1(page)).to_have_text(naam)
    steps.complete_meting(page, (False, False, True), groei=False)
    expect(page.get_by_role("status").first).to_have_text(
        "De meting is opgeslagen en wacht op beoordeling door de gemeente."
    )
    expect(page.get_by_role("main")).to_contain_text(
        f"Deze meting van {partner_organisatie} wacht op beoordeling en telt nog niet mee."
    )
    eerste_meting = page.url

    # The klantmanager finds it under "Te beoordelen" and rejects it, with a reason.
    steps.switch_user(page, klantmanager)
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="Te beoordelen"
    ).click()
    row = page.get_by_role("row").filter(has_text=achternaam)
    expect(row.get_by_role("cell")).to_have_text(
        [re.compile("."), "3", partner_organisatie, "Pien Partner"]
    )
    row.get_by_role("link").click()
    expect(_h1(page)).to_contain_text("beoordelen")
    page.get_by_role("radio", name="Meting afwijzen").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("alert")).to_contain_text("Geef de reden van de afwijzing.")
    reden = "Vraag 4 is niet met de klant besproken."
    page.get_by_label("Reden").fill(reden)
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("status").first).to_have_text("Uw besluit is opgeslagen.")
    expect(page.get_by_role("main")).to_contain_text(
        f"Deze meting is afgewezen door {klantmanager.naam}. Reden: {reden}"
    )
    page.goto("/beoordelen")
    expect(page.get_by_role("row").filter(has_text=achternaam)).to_have_count(0)

    # The partner sees the rejection and its reason, and records a new meting (trede 4+).
    steps.switch_user(page, partner)
    page.goto(eerste_meting)
    expect(page.get_by_role("main")).to_contain_text(f"Reden: {reden}")
    page.goto(klant_url)
    expect(page.get_by_role("region", name="Huidige stand")).to_contain_text(
        "Deze klant is nog niet gemeten."
    )
    historie = page.get_by_role("region", name="Historie van metingen")
    expect(historie.get_by_role("row").filter(has_text="Afgewezen")).to_have_count(1)
    steps.complete_meting(page, (False, True), groei=True)
    expect(page.get_by_role("main")).to_contain_text("wacht op beoordeling")

    # The klantmanager sees it waiting on the klant page and accepts it.
    steps.switch_user(page, klantmanager)
    page.goto(klant_url)
    expect(page.get_by_role("main")).to_contain_text(
        "1 meting(en) van een partner wachten op beoordeling."
    )
    page.get_by_role("link", name=re.compile(r"^Beoordeel de meting van")).click()
    page.get_by_role("radio", name="Meting accepteren").check()
    page.get_by_role("button", name="Besluit opslaan").click()
    expect(page.get_by_role("status").first).to_have_text("Uw besluit is opgeslagen.")
    expect(page.get_by_role("main")).not_to_contain_text("wacht op beoordeling")

    # Now it counts, for the partner as for the gemeente.
    steps.switch_user(page, partner)
    page.goto(klant_url)
    expect(page.get_by_role("region", name="Huidige stand")).to_contain_text("Trede 4+ sinds")
    historie = page.get_by_role("region", name="Historie van metingen")
    expect(historie.get_by_role("row").filter(has_text="Definitief")).to_have_count(1)
    expect(historie.get_by_role("row").filter(has_text="Afgewezen")).to_have_count(1)


# --------------------------------------------------------------------------- idle timeout


def test_warning_before_the_idle_timeout_extends_the_session(
    page, login_as, klantmanager, axe_check, reflow_check, page_errors
):
    """Two minutes before the server ends an idle session, a dialog warns and offers to
    extend it without leaving the page; once the time is up, it says so. The browser's clock
    is moved forward (the server's idle timeout itself is tested in tests/services/test_auth.py and
    tests/services/test_sessie_verlengen.py)."""
    page.clock.install()
    login_as(page, klantmanager)
    page.goto("/klanten/nieuw")
    page.get_by_label("Voornaam").fill("Nog niet opgeslagen")
    dialog = page.get_by_role("alertdialog")
    expect(page.locator("body")).to_have_attribute("data-sessie-minuten", "30")

    page.clock.fast_forward("27:00")
    expect(dialog).to_have_count(0)  # not yet
    page.clock.fast_forward("01:00")
    expect(dialog).to_be_visible()
    expect(dialog).to_have_accessible_name("Uw sessie verloopt bijna")
    expect(dialog).to_have_accessible_description(re.compile(r"^Uw sessie verloopt over 2 minuten"))
    button = dialog.get_by_role("button", name="Sessie verlengen")
    expect(button).to_be_focused()
    axe_check(page, "sessie-waarschuwing")
    reflow_check(page)

    with page.expect_response(re.compile(r"/sessie/verlengen$")) as response_info:
        page.keyboard.press("Enter")
    assert response_info.value.status == 200
    expect(dialog).to_have_count(0)
    voornaam = page.get_by_label("Voornaam")
    expect(voornaam).to_have_value("Nog niet opgeslagen")  # the work is kept
    expect(voornaam).to_be_focused()  # back where the user was

    # Escape in the warning extends too.
    page.clock.fast_forward("28:00")
    expect(dialog).to_be_visible()
    with page.expect_response(re.compile(r"/sessie/verlengen$")) as response_info:
        page.keyboard.press("Escape")
    assert response_info.value.status == 200
    expect(dialog).to_have_count(0)

    # No answer at all: the dialog says the session has ended.
    page.clock.fast_forward("31:00")
    expect(dialog).to_have_accessible_name("Uw sessie is verlopen")
    expect(dialog.get_by_role("link", name="Opnieuw inloggen")).to_be_focused()
    axe_check(page, "sessie-verlopen")
    dialog.get_by_role("button", name="Sluiten").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_label("Voornaam")).to_have_value("Nog niet opgeslagen")  # can be copied
    assert page_errors == []  # no CSP violation, no script error


def test_without_javascript_there_is_no_warning_and_the_pages_work(
    browser, live_server, login_as, klantmanager
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        page = context.new_page()
        login_as(page, klantmanager)
        page.goto("/klanten/nieuw")
        expect(_h1(page)).to_have_text("Nieuwe klant registreren")
        expect(page.get_by_role("alertdialog")).to_have_count(0)
        expect(page.get_by_role("button", name="Sessie verlengen")).to_have_count(0)
    finally:
        context.close()
