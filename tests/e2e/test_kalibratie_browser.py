"""A kalibratieronde in a real browser (issue 15): a coordinator (a manager) opens a round
of three casussen for three klantmanagers, each places all three through the pages of a
meting (one of them with the keyboard only), the round closes and the results show the
agreement and the question where the answers parted. Every page of kalibratie is checked on
the way like every other page type: axe-core, the error summary, the keyboard and reflow."""

import re

import pytest
from playwright.sync_api import expect

from ladder import casussen, vragen

pytestmark = pytest.mark.browser

ORGANISATIE = "Gemeente Kalibratiedorp"  # its own casusbank and rounds
CASUSSEN = casussen.CASUSSEN[:3]  # reference answers 5, 6 and 1
# Anna and Bram agree on everything; Cas places the first casus on trede 3, not 5: the
# answers part at V1.
PLAN = {"Anna": (5, 6, 1), "Bram": (5, 6, 1), "Cas": (3, 6, 1)}


def _h1(page):
    return page.get_by_role("heading", level=1)


def _tab_to(page, locator, max_presses: int = 80) -> None:
    """Press Tab until locator has focus (looking, not touching: the keyboard does it all)."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if locator.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"{locator} kreeg geen focus na {max_presses} keer Tab")


@pytest.fixture
def check_page(page, axe_check, error_summary_check, keyboard_check, reflow_check):
    def check(name: str) -> None:
        expect(_h1(page)).to_be_visible()
        axe_check(page, name)
        error_summary_check(page)
        keyboard_check(page)
        reflow_check(page)

    return check


def _plaats_met_muis(page, titel: str, trede: int, check=None) -> None:
    """From the round's page: place one casus by clicking; check(name) on each kind of page."""
    page.get_by_role("button", name=f"Beginnen met {titel}").click()
    _gesprek_met_muis(page, trede, check, kop=f"Casus: {titel}")
    expect(page.get_by_role("status")).to_contain_text("Uw antwoord is opgeslagen")


def _gesprek_met_muis(page, trede: int, check=None, *, kop: str, naam="kalibratie-stap"):
    """The pages of a placement, from its first question to "Antwoord afronden"; with check,
    each kind of page (and a question sent without an answer) is checked as naam-…."""
    check = check or (lambda name: None)
    eerste = True
    for code, ja in vragen.pad_naar(trede).items():
        expect(_h1(page)).to_contain_text(vragen.VRAGEN[code].tekst[:20])
        expect(page.get_by_role("main")).to_contain_text(kop)
        if eerste:
            check(f"{naam}-vraag")
            page.get_by_role("button", name="Antwoord opslaan en verder").click()
            expect(page.get_by_role("alert")).to_be_visible()
            check(f"{naam}-vraag-fouten")
            eerste = False
        page.get_by_role("radio", name="Ja" if ja else "Nee").check()
        page.get_by_role("button", name="Antwoord opslaan en verder").click()
    expect(_h1(page)).to_contain_text(f"Uitkomst: trede {trede}")
    check(f"{naam}-uitkomst")
    page.get_by_role("button", name=f"Trede {trede} bevestigen").click()
    if trede != 6:
        expect(page).to_have_url(re.compile(r"/stap/groeipotentieel$"))
        check(f"{naam}-groeipotentieel")
        page.get_by_role("radio", name="Ja").check()
        page.get_by_role("button", name="Antwoord opslaan en verder").click()
    expect(_h1(page)).to_have_text("Controleer uw antwoorden")
    check(f"{naam}-controle")
    page.get_by_label("Toelichting").fill("Geplaatst in de browser.")
    page.get_by_role("button", name="Antwoord afronden").click()


def _plaats_met_toetsenbord(page, titel: str, trede: int) -> None:
    """The same with Tab, Space, Enter and the arrow keys only: no click anywhere."""
    keyboard = page.keyboard
    _tab_to(page, page.get_by_role("button", name=f"Beginnen met {titel}"))
    keyboard.press("Enter")
    for code, ja in vragen.pad_naar(trede).items():
        expect(_h1(page)).to_contain_text(vragen.VRAGEN[code].tekst[:20])
        _tab_to(page, page.get_by_role("radio", name="Ja"))
        if ja:
            keyboard.press("Space")
        else:
            keyboard.press("ArrowRight")  # moves to "Nee" and chooses it
        expect(page.get_by_role("radio", name="Ja" if ja else "Nee")).to_be_checked()
        _tab_to(page, page.get_by_role("button", name="Antwoord opslaan en verder"))
        keyboard.press("Enter")
    expect(_h1(page)).to_contain_text(f"Uitkomst: trede {trede}")
    _tab_to(page, page.get_by_role("button", name=f"Trede {trede} bevestigen"))
    keyboard.press("Enter")
    if trede != 6:
        expect(page).to_have_url(re.compile(r"/stap/groeipotentieel$"))
        _tab_to(page, page.get_by_role("radio", name="Ja"))
        keyboard.press("Space")
        keyboard.press("Enter")
    expect(_h1(page)).to_have_text("Controleer uw antwoorden")
    _tab_to(page, page.get_by_label("Toelichting"))
    keyboard.type("Met alleen het toetsenbord.")
    _tab_to(page, page.get_by_role("button", name="Antwoord afronden"))
    keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Uw antwoord is opgeslagen")


def test_a_kalibratieronde_from_opening_to_results(page, steps, live_server, check_page):
    coordinator = live_server.create_user(
        "manager", naam="Cor Coördinator", organisatie=ORGANISATIE
    )
    deelnemers = {
        naam: live_server.create_user(
            "klantmanager", naam=f"Deelnemer {naam}", organisatie=ORGANISATIE
        )
        for naam in PLAN
    }
    main = page.get_by_role("main")
    status = page.get_by_role("status")

    # The coordinator: the overview, the casusbank, an own casus and a starter casus.
    steps.switch_user(page, coordinator)
    page.goto("/kalibratie")
    expect(_h1(page)).to_have_text("Kalibratie en intervisie")
    check_page("kalibratie-index-coordinator")
    page.get_by_role("link", name="Casusbank").click()
    expect(_h1(page)).to_have_text(f"Casusbank van {ORGANISATIE}")
    check_page("kalibratie-casusbank")
    page.get_by_role("link", name="Casus toevoegen").click()
    expect(_h1(page)).to_have_text("Casus toevoegen")
    check_page("kalibratie-casus-nieuw")
    page.get_by_role("button", name="Casus opslaan").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("kalibratie-casus-nieuw-fouten")
    page.get_by_label("Titel").fill("De vrijwilliger bij de voedselbank")
    page.get_by_label("De casus").fill(
        "Een man van 52 sorteert twee ochtenden per week bij de voedselbank, zonder loon."
    )
    page.get_by_role("button", name="Casus opslaan").click()
    expect(status).to_have_text("De casus is opgeslagen.")
    expect(_h1(page)).to_have_text("Casus: De vrijwilliger bij de voedselbank")
    check_page("kalibratie-casus-eigen")
    # Its reference answer, through the same pages (V1 nee, V3 ja: trede 4).
    page.get_by_role("button", name="Referentieantwoord geven").click()
    _gesprek_met_muis(page, 4, check_page, kop="Referentieantwoord", naam="kalibratie-referentie")
    expect(status).to_have_text("Het referentieantwoord is opgeslagen.")
    expect(main).to_contain_text("Het referentieantwoord is trede 4+.")
    check_page("kalibratie-casus-met-referentie")
    page.get_by_role("link", name="Casusbank").click()
    page.get_by_role("link", name=CASUSSEN[0].titel).click()
    expect(_h1(page)).to_have_text(f"Casus: {CASUSSEN[0].titel}")
    expect(main).to_contain_text("De tekst ligt vast")
    check_page("kalibratie-casus-starter")

    # A new round: first sent empty, then with three casussen and three deelnemers.
    page.goto("/kalibratie")
    page.get_by_role("link", name="Nieuwe ronde").click()
    expect(_h1(page)).to_have_text("Nieuwe kalibratieronde")
    check_page("kalibratie-ronde-nieuw")
    page.get_by_role("button", name="Ronde openen").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check_page("kalibratie-ronde-nieuw-fouten")
    page.get_by_label("Naam van de ronde").fill("Intervisie team Noord")
    casusgroep = page.get_by_role("group", name="Casussen")
    for casus in CASUSSEN:
        casusgroep.get_by_role("checkbox", name=casus.titel, exact=True).check()
    deelnemergroep = page.get_by_role("group", name="Deelnemers")
    for account in deelnemers.values():
        deelnemergroep.get_by_role("checkbox", name=re.compile(f"^{account.naam} ")).check()
    page.get_by_role("button", name="Ronde openen").click()
    expect(status).to_contain_text("De ronde is geopend")
    expect(_h1(page)).to_have_text("Kalibratieronde: Intervisie team Noord")
    expect(page.get_by_role("row").filter(has_text="0 van 3")).to_have_count(3)
    check_page("kalibratie-ronde-coordinator")
    ronde_url = page.url

    # The deelnemers place every casus, blind; Cas with the keyboard only.
    for naam, treden in PLAN.items():
        steps.switch_user(page, deelnemers[naam])
        page.goto(ronde_url)
        expect(page.get_by_role("row").filter(has_text="Nog niet begonnen")).to_have_count(3)
        if naam == "Anna":
            check_page("kalibratie-ronde-deelnemer")
            page.goto("/kalibratie")
            expect(page.get_by_role("link", name="Intervisie team Noord")).to_be_visible()
            check_page("kalibratie-index-deelnemer")
            page.goto(ronde_url)
        for index, (casus, trede) in enumerate(zip(CASUSSEN, treden, strict=True)):
            if naam == "Cas":
                _plaats_met_toetsenbord(page, casus.titel, trede)
            else:
                eerste = naam == "Anna" and index == 0
                _plaats_met_muis(page, casus.titel, trede, check_page if eerste else None)
            expect(_h1(page)).to_have_text("Kalibratieronde: Intervisie team Noord")
        expect(page.get_by_role("row").filter(has_text="Afgerond: trede")).to_have_count(3)
        # Blind: no results before the round closes.
        page.goto(f"{ronde_url}/uitslag")
        expect(_h1(page)).to_have_text("Kalibratieronde: Intervisie team Noord")
        expect(status).to_contain_text("zodra de ronde is gesloten")

    # The coordinator sees progress, not answers, closes the round and reads the results.
    steps.switch_user(page, coordinator)
    page.goto(ronde_url)
    expect(page.get_by_role("row").filter(has_text="3 van 3")).to_have_count(3)
    expect(main).not_to_contain_text("Afgerond: trede")
    page.get_by_role("button", name="Ronde sluiten").click()
    expect(status).to_contain_text("De ronde is gesloten")
    check_page("kalibratie-ronde-gesloten")
    page.get_by_role("link", name="Bekijk de uitslag").click()
    expect(_h1(page)).to_have_text("Uitslag: Intervisie team Noord")
    cijfers = page.get_by_role("region", name="Overeenstemming")
    expect(cijfers).to_contain_text("9 afgeronde antwoorden van 3 deelnemers op 3 casussen")
    # 9 pairs on the trede (3 per casus), 7 agree; 8 of 9 answers equal the reference.
    expect(cijfers.get_by_role("row", name=re.compile("^Exacte overeenstemming"))).to_contain_text(
        "78%"
    )
    expect(
        cijfers.get_by_role("row", name=re.compile("^Gelijk aan het referentieantwoord"))
    ).to_contain_text("89%")
    v1 = vragen.VRAGEN["V1"]
    uiteen = main.get_by_text("Hier liepen de antwoorden uiteen")
    expect(uiteen).to_have_count(1)
    expect(uiteen).to_contain_text(f"vraag {v1.nummer}, ‘{v1.tekst}’")
    for account in deelnemers.values():
        expect(main).not_to_contain_text(account.naam)  # anonymous
    expect(main).not_to_contain_text("Uw eigen antwoorden")  # the coordinator placed nothing
    check_page("kalibratie-uitslag")

    # Cas sees the same results and, alone, his own deviation.
    steps.switch_user(page, deelnemers["Cas"])
    page.goto(f"{ronde_url}/uitslag")
    eigen = page.get_by_role("region", name="Uw eigen antwoorden")
    expect(eigen.get_by_role("row").filter(has_text=CASUSSEN[0].titel)).to_contain_text("Ja")
    check_page("kalibratie-uitslag-deelnemer")


def test_the_pages_of_a_dubbelmeting(page, steps, live_server, check_page):
    """A second klantmanager places a klant the first one measured: the same pages, with
    the klant above them. No page offers the button yet, so the test sends its form."""
    eerste = live_server.create_user("klantmanager", organisatie=ORGANISATIE)
    tweede = live_server.create_user("klantmanager", organisatie=ORGANISATIE)
    steps.switch_user(page, eerste)
    achternaam = steps.register_klant(page, "Dirk")
    steps.complete_meting(page, (False, True), groei=True)  # trede 4
    page.get_by_role("link", name=f"Terug naar Dirk {achternaam}").click()
    klant_url = page.url

    steps.switch_user(page, tweede)
    page.goto(klant_url)
    token = page.locator('input[name="csrf_token"]').first.get_attribute("value")
    response = page.request.post(f"{klant_url}/dubbelmeting", form={"csrf_token": token})
    assert response.ok and "/stap/V1" in response.url, (response.status, response.url)
    page.goto(response.url)
    expect(page.get_by_role("main")).to_contain_text("telt niet mee in de rapportages")
    _gesprek_met_muis(page, 2, check_page, kop=f"Dirk {achternaam}", naam="dubbelmeting")
    expect(page.get_by_role("status")).to_contain_text("De dubbelmeting is opgeslagen")
    expect(_h1(page)).to_have_text(f"Dirk {achternaam}")
