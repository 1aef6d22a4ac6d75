"""In a real browser: request leave with the live quote, the supervisor approves in the inbox,
the balance drops; the team calendar on desktop and phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from intranet.core.workdays import is_working_day
from tests.e2e.test_approvals import sign_out
from tests.e2e.test_layout import sign_in
from tests.fixtures.browser import PHONE, assert_no_axe_violations, follow_nav, screenshot
from timekeeping.leave.services import entitlement_grant

pytestmark = pytest.mark.e2e


def next_monday() -> date:
    """A Monday at least a week ahead whose five days are all working days: a holiday (Christmas in the
    week two weeks ahead, as from 7 December) would make the request cost fewer than five days."""
    today = timezone.localdate()
    monday = today + timedelta(days=7 - today.weekday() + 7)
    while not all(is_working_day(monday + timedelta(days=n)) for n in range(5)) or (
            monday.month == 12 and monday.day > 17):  # 24 and 31 December are days off in the city's rules too
        monday += timedelta(days=7)
    return monday


def test_request_leave_approve_and_the_balance_drops(page, cast) -> None:
    monday = next_monday()
    if monday.year != timezone.localdate().year or (monday + timedelta(days=4)).year != monday.year:
        monday = date(timezone.localdate().year + 1, 2, 1) + timedelta(days=(7 - date(
            timezone.localdate().year + 1, 2, 1).weekday()) % 7)
    for person in (cast.ada, cast.ben):
        entitlement_grant(person=person, year=monday.year)
    sign_in(page, "ada")
    follow_nav(page, "Urlaub und Abwesenheiten")
    assert page.get_by_text("30 Tage verfügbar").first.is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Urlaub beantragen oder Abwesenheit melden").click()
    page.get_by_label("Art der Abwesenheit").select_option(label="Erholungsurlaub")
    page.get_by_label("Von").fill(monday.isoformat())
    page.get_by_label("Bis").fill((monday + timedelta(days=4)).isoformat())
    page.get_by_label("Bis").dispatch_event("change")
    page.get_by_text("5 Urlaubstage").wait_for()  # the live quote, before sending
    assert page.get_by_text("30 jetzt verfügbar, 25 nach diesem Antrag").is_visible()
    assert_no_axe_violations(page)
    screenshot(page, "leave-form")
    page.get_by_role("button", name="Absenden").click()
    page.get_by_text("Ihr Antrag wurde eingereicht.").wait_for()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "ben")
    page.get_by_role("link", name="Meine Aufgaben").click()
    page.get_by_role("link", name=f"Erholungsurlaub {monday:%d.%m.%Y}", exact=False).click()
    assert page.get_by_text("In dieser Zeit ebenfalls abwesend").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Meine Aufgaben").click()
    page.get_by_role("button", name=f"Genehmigen: Erholungsurlaub {monday:%d.%m.%Y}", exact=False).click()
    page.get_by_text("Genehmigt:").first.wait_for()
    page.goto(f"/abwesenheiten/team/?month={monday:%Y-%m}")
    assert page.get_by_role("cell", name="Erholungsurlaub").first.is_visible()
    assert_no_axe_violations(page)
    screenshot(page, "team-calendar")
    page.set_viewport_size(PHONE)
    screenshot(page, "team-calendar-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_out(page)

    sign_in(page, "ada")
    follow_nav(page, "Urlaub und Abwesenheiten")
    assert page.get_by_text("25 Tage verfügbar").first.is_visible()
    # The calendar subscription, switched on by keyboard.
    page.goto("/einstellungen/")
    page.get_by_role("button", name="Einschalten").focus()
    page.keyboard.press("Enter")
    page.get_by_text("/persoenlich.ics").wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "preferences-feeds")
