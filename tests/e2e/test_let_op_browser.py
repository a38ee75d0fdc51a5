"""The “Let op” notes in a real browser: on V3, V4, V5 and a growth question, at phone width
(390 CSS px) and through axe, keyboard and reflow checks like every other page type."""

import os

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_let_op_notes_are_accessible_on_a_phone(
    page, steps, klantmanager, axe_check, error_summary_check, keyboard_check, reflow_check
):
    def check(name: str) -> None:
        let_op = page.get_by_role("region", name="Let op")
        expect(let_op).to_be_visible()
        expect(let_op.get_by_role("heading", level=2, name="Let op")).to_be_visible()
        expect(let_op.get_by_role("listitem").first).to_be_visible()
        page.set_viewport_size({"width": 390, "height": 844})
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 390, f"{name}: {breedte} CSS-pixels breed op een telefoon"
        if os.environ.get("LET_OP_SCHERMAFDRUK"):  # for a human look: LET_OP_SCHERMAFDRUK=/tmp
            page.screenshot(path=f"{os.environ['LET_OP_SCHERMAFDRUK']}/{name}.png", full_page=True)
        axe_check(page, name)
        error_summary_check(page)
        keyboard_check(page)
        reflow_check(page)
        page.set_viewport_size({"width": 1280, "height": 800})

    steps.switch_user(page, klantmanager)
    steps.register_klant(page, "Lotte")
    steps.start_meting(page)
    steps.meetmoment(page)
    h1 = page.get_by_role("heading", level=1)
    steps.answer(page, False)  # V1
    for naam, tekst, antwoord in (
        ("let-op-v3", "onbetaald werk", False),
        ("let-op-v4", "georganiseerde activiteiten", False),
        ("let-op-v5", "huisgenoten", True),
    ):
        expect(h1).to_contain_text(tekst)
        check(naam)
        steps.answer(page, antwoord)
    expect(h1).to_contain_text("Uitkomst: trede 2")
    page.get_by_role("button", name="Trede 2 bevestigen").click()
    expect(h1).to_contain_text("georganiseerde activiteiten (inclusief trajecten)")
    check("let-op-groeipotentieel-2")
