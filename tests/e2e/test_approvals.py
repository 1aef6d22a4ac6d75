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
    assert page.locator("#inbox-count").is_hidden()  # no tasks: no "0", the badge stays for the next swap
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


def test_decisions_in_the_inbox_show_the_facts_keep_the_badge_and_log_no_errors(page, cast) -> None:
    """Issue 18, section 5: the facts on each task, "approve selected" with nothing selected says so, the
    badge follows approve and reject, and neither logs an error (CSP) in the console. axe itself logs CSP
    errors (it injects styles), so the console is checked before axe runs."""
    from datetime import timedelta

    from django.utils import timezone

    from intranet.approvals.general_requests import general_request_create
    from tests.fixtures.world import working_day
    from timekeeping.leave.models import LeaveType
    from timekeeping.leave.services import entitlement_grant, leave_request_create

    soon = working_day(timezone.localdate() + timedelta(days=21), 1)
    entitlement_grant(person=cast.ada, year=soon.year)
    leave_request_create(by=cast.ada, leave_type=LeaveType.objects.get(code="erholungsurlaub"), start=soon,
                         end=soon + timedelta(days=1))
    general_request_create(by=cast.ada, subject="Stundenreduzierung", text="Auf 30 Stunden ab Januar.")
    general_request_create(by=cast.bea, subject="Mobile Arbeit", text="Dienstags von zu Hause.")
    sign_in(page, "ben")
    page.goto("/aufgaben/")
    expect(page.locator(".task__facts").first).to_contain_text("Dienstags von zu Hause.")
    leave = page.locator(".task", has_text="Erholungsurlaub")
    expect(leave.locator(".task__facts")).to_contain_text("Resturlaub danach")
    expect(leave.locator(".task__facts")).to_contain_text("Niemand sonst.")
    page.get_by_text("Ablehnen …").first.click()
    screenshot(page, "inbox-facts")
    assert_no_axe_violations(page)
    # Playwright's screenshot and axe inject styles that the CSP logs: the console checks start on a fresh page.
    page.reload()
    page.wait_for_load_state("networkidle")
    page.console_errors.clear()
    page.evaluate("window.__noReload = true")
    assert page.locator("#inbox-count").inner_text() == "3"
    # Nothing selected: said in the messages, nothing changes.
    page.get_by_role("button", name="Ausgewählte genehmigen").click()
    expect(page.locator("#messages")).to_contain_text("Bitte wählen Sie mindestens einen Antrag aus.")
    assert page.locator(".task").count() == 3
    assert page.locator("#inbox-count").inner_text() == "3"
    # Reject one: with its reason, the row turns into the rejection, the badge counts down.
    page.get_by_text("Ablehnen …").first.click()
    page.get_by_label("Begründung (erforderlich)").first.fill("Bitte erst im Team abstimmen.")
    page.get_by_role("button", name="Ablehnen", exact=True).first.click()
    expect(page.locator(".task--rejected")).to_have_count(1)
    expect(page.locator("#inbox-count")).to_have_text("2")
    expect(page.locator("#messages")).to_contain_text("Abgelehnt:")
    # Approve the other.
    page.get_by_role("button", name="Genehmigen: Stundenreduzierung").click()
    expect(page.locator("#inbox-count")).to_have_text("1")
    expect(page.locator("#messages")).to_contain_text("Genehmigt: Stundenreduzierung")
    assert page.evaluate("window.__noReload") is True
    assert page.console_errors == []
    screenshot(page, "inbox-decided-both")
    assert_no_axe_violations(page)
