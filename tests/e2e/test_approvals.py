"""In a real browser: an employee submits a general request, the supervisor decides it in place."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_layout import sign_in
from tests.fixtures.browser import PHONE, assert_no_axe_violations, follow_nav, screenshot

pytestmark = pytest.mark.e2e


def sign_out(page) -> None:
    page.get_by_role("button", name="Abmelden").click()
    page.wait_for_url("**/accounts/login/")


def test_submit_approve_in_place_and_see_the_decision(page, cast) -> None:
    sign_in(page, "ada")
    follow_nav(page, "Meine Anträge")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Neuer sonstiger Antrag").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Antrag einreichen").click()
    # Bad input: messages, nothing lost, nothing saved.
    assert page.get_by_text("Bitte korrigieren Sie die markierten Felder.").is_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Betreff").fill("Mobile Arbeit am Freitag")
    page.get_by_label("Ihr Anliegen").fill("Ich bitte um einen Tag mobile Arbeit pro Woche.")
    screenshot(page, "general-request-form")
    page.get_by_role("button", name="Antrag einreichen").click()
    assert page.get_by_text("Ihr Antrag wurde an Ben Bauer gesendet.").is_visible()
    assert page.get_by_text("wartet auf Entscheidung von Ben Bauer").is_visible()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "ben")
    page.get_by_role("link", name="Meine Aufgaben").click()
    assert page.locator("#inbox-count").inner_text() == "1"
    assert_no_axe_violations(page)
    screenshot(page, "inbox")
    page.evaluate("window.__noReload = true")
    # Reject without a reason: the error appears in place.
    page.get_by_text("Ablehnen …").click()
    page.get_by_role("button", name="Ablehnen", exact=True).click()
    page.get_by_text("Bitte begründen Sie die Ablehnung.").wait_for()
    screenshot(page, "inbox-reject-error")
    assert_no_axe_violations(page)
    # Approve in place.
    page.get_by_role("button", name="Genehmigen: Mobile Arbeit am Freitag").click()
    page.get_by_text("Genehmigt:").first.wait_for()
    assert page.locator("#inbox-count").inner_text() == "0"
    assert page.evaluate("window.__noReload") is True  # htmx swapped the row, no page load
    # Keyboard focus moves to the decided row (htmx settles it a moment after the swap).
    # (expect polls from Python: wait_for_function would evaluate a string, which the CSP rightly forbids)
    expect(page.locator(":focus")).to_have_class(re.compile(r"\btask--done\b"), timeout=3000)
    assert_no_axe_violations(page)
    screenshot(page, "inbox-decided")
    sign_out(page)

    sign_in(page, "ada")
    follow_nav(page, "Meine Anträge")
    assert page.get_by_text("Genehmigt").first.is_visible()
    page.get_by_role("link", name="Mobile Arbeit am Freitag").click()
    assert page.get_by_text("Genehmigt – Ben Bauer").is_visible()
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    screenshot(page, "request-detail-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_inbox_by_keyboard_on_a_phone(page, cast) -> None:
    from intranet.approvals.general_requests import general_request_create

    general_request_create(by=cast.ada, subject="Stundenreduzierung", text="Auf 30 Stunden.")
    page.set_viewport_size(PHONE)
    sign_in(page, "ben")
    page.goto("/aufgaben/")
    assert_no_axe_violations(page)
    screenshot(page, "inbox-phone")
    page.get_by_role("button", name="Genehmigen: Stundenreduzierung").focus()
    page.keyboard.press("Enter")
    page.get_by_text("Genehmigt:").first.wait_for()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
