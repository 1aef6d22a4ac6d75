"""In a real browser: clock in and out, record a period, submit the month, the supervisor signs it off."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_approvals import sign_out
from tests.e2e.test_layout import sign_in
from tests.fixtures.browser import PHONE, assert_no_axe_violations, screenshot

pytestmark = pytest.mark.e2e


def test_clock_record_submit_and_sign_off(page, cast) -> None:
    sign_in(page, "ada")
    page.get_by_role("button", name="Kommen").click()
    page.get_by_text("anwesend seit").wait_for()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Gehen").click()
    page.get_by_text("nicht eingestempelt").wait_for()

    last_month = timezone.localdate().replace(day=1) - timedelta(days=1)
    workday = last_month.replace(day=10)
    while workday.weekday() >= 5:
        workday += timedelta(days=1)
    page.goto(f"/arbeitszeit/{last_month:%Y-%m}/")
    assert_no_axe_violations(page)
    page.get_by_label("Tag:").fill(workday.isoformat())
    page.get_by_label("Von:").fill("08:00")
    page.get_by_label("Bis:").fill("16:30")
    page.get_by_role("button", name="Erfassen").click()
    page.get_by_text("Der Zeitraum wurde erfasst.").wait_for()
    assert page.get_by_text("Pause zu kurz").first.is_visible()
    screenshot(page, "month-sheet")
    page.get_by_role("button", name="Monat zur Abzeichnung einreichen").click()
    page.get_by_text("Ihr Monat wurde zur Abzeichnung eingereicht.").wait_for()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "ben")
    page.get_by_role("link", name="Meine Aufgaben").click()
    page.get_by_role("button", name="Genehmigen: Arbeitszeitnachweis", exact=False).click()
    page.get_by_text("Genehmigt:").first.wait_for()
    page.goto(f"/arbeitszeit/team/?month={last_month:%Y-%m}")
    assert page.get_by_role("link", name="Abgezeichnet").is_visible()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "ada")
    page.goto(f"/arbeitszeit/{last_month:%Y-%m}/")
    assert page.get_by_text("Abgezeichnet").first.is_visible()
    assert page.get_by_role("button", name="Erfassen").count() == 0  # locked
    page.set_viewport_size(PHONE)
    screenshot(page, "month-sheet-phone")
    assert_no_axe_violations(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_label("Tag:").fill((workday + timedelta(days=1)).isoformat())
    page.get_by_label("Von:").fill("09:00")
    page.get_by_label("Bis:").fill("11:00")
    page.get_by_label("Begründung:").fill("Außentermin nicht erfasst")
    page.get_by_role("button", name="Zur Genehmigung senden").click()
    page.get_by_text("Ihre Korrektur wurde Ihren Vorgesetzten gesendet.").wait_for()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "hanna")
    page.goto(f"/arbeitszeit/{last_month:%Y-%m}/")
    page.get_by_role("main").get_by_role("link", name="Bericht für den Personalrat").click()
    page.get_by_role("button", name="Anzeigen").click()
    page.get_by_role("heading", name="Beschäftigte mit Hinweisen").wait_for()
    assert page.locator("code", has_text="P-").count() >= 1
    screenshot(page, "council-report")
    assert_no_axe_violations(page)
