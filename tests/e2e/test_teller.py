"""The count of characters under a text area with a limit (static/js/teller.js), in a real
browser: a pasted toelichting over 5000 characters is no longer cut off silently; the page
says how much is too much, and the server refuses it with its message beside the field
(issue 16, desk)."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def _naar_kenmerken(page, steps) -> None:
    """A new klant, a meting on trede 6 (contract, no support), up to the kenmerken."""
    h1 = page.get_by_role("heading", level=1)
    steps.register_klant(page)
    steps.start_meting(page)
    steps.meetmoment(page)
    steps.answer(page, True)
    steps.answer(page, False)
    page.get_by_role("button", name="Trede 6 bevestigen").click()
    expect(h1).to_have_text("Tot welke subgroepen hoort de klant?")
    page.get_by_role("checkbox", name="De klant hoort bij geen van deze subgroepen").check()
    page.get_by_role("button", name="Subgroepen opslaan en verder").click()
    expect(h1).to_have_text("Klantkenmerken en werkproces")


def test_a_toelichting_too_long_is_counted_and_refused_not_cut(
    page, page_errors, login_as, klantmanager, steps
):
    login_as(page, klantmanager)
    _naar_kenmerken(page, steps)
    veld = page.locator("textarea[name=toelichting]")
    hint = page.locator("#toelichting-teller")
    stand = page.locator(".veld__teller[aria-hidden=true]")
    omroep = page.locator(".veld__teller + [aria-live=polite]")

    # The hint stays the field's description for screen readers; the count is what one sees.
    expect(hint).to_have_text("Maximaal 5000 tekens.")
    expect(hint).to_have_class("veld__hint veld__teller visueel-verborgen")
    assert "toelichting-teller" in veld.get_attribute("aria-describedby").split()
    expect(stand).to_have_text("Nog 5000 tekens")
    expect(omroep).to_have_text("")

    # Typing far from the limit is not announced; the last tenth is, once.
    veld.press_sequentially("Werkt")
    expect(stand).to_have_text("Nog 4995 tekens")
    expect(omroep).to_have_text("")
    veld.fill("x" * 4600)
    expect(omroep).to_have_text("Nog 400 tekens")
    veld.press_sequentially("yy")
    expect(stand).to_have_text("Nog 398 tekens")
    expect(omroep).to_have_text("Nog 400 tekens")

    # A paste over the limit: nothing is cut, the count says by how much.
    veld.fill("")
    veld.focus()
    page.keyboard.insert_text("x" * 5010)
    expect(stand).to_have_text("10 tekens te veel")
    expect(omroep).to_have_text("10 tekens te veel")
    assert veld.input_value() == "x" * 5010

    # The server refuses it with its own message beside the field, and keeps the text.
    steps.kenmerken(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Klantkenmerken en werkproces")
    expect(page.locator("#toelichting-fout")).to_contain_text("Gebruik maximaal 5000 tekens.")
    expect(page.get_by_role("alert")).to_contain_text("Gebruik maximaal 5000 tekens.")
    assert veld.input_value() == "x" * 5010
    expect(stand).to_have_text("10 tekens te veel")

    # Counted as the server counts: a line break is two characters (CR LF), so this text is
    # exactly at the limit, and the server takes it.
    veld.fill("x" * 4997 + "\n" + "x")
    expect(stand).to_have_text("Nog 0 tekens")
    steps.kenmerken(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Controleer uw antwoorden")
    # No script error and no CSP violation; the refusal itself is a 422 the console notes.
    assert [e for e in page_errors if "status of 422" not in e] == []
