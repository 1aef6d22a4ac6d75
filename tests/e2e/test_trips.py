"""In a real browser: apply for a business trip, the supervisor approves, claim the travel costs."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.e2e.test_approvals import sign_out
from tests.e2e.test_layout import sign_in
from tests.fixtures.browser import PHONE, assert_no_axe_violations, follow_nav, screenshot
from timekeeping.travel.models import Trip

pytestmark = pytest.mark.e2e


def test_apply_approve_and_claim(page, cast) -> None:
    day = timezone.localdate() + timedelta(days=7)
    sign_in(page, "ada")
    follow_nav(page, "Dienstreisen und Fortbildungen")
    page.get_by_role("link", name="Dienstreise beantragen").click()
    page.get_by_label("Ziel").fill("Kassel")
    page.get_by_label("Zweck").fill("Fachtagung Digitalisierung")
    page.get_by_label("Abreise (Tag)").fill(day.isoformat())
    page.get_by_label("Abreise (Uhrzeit)").fill("07:00")
    page.get_by_label("Rückkehr (Tag)").fill(day.isoformat())
    page.get_by_label("Rückkehr (Uhrzeit)").fill("18:30")
    page.get_by_label("Verkehrsmittel").select_option("private_car")
    page.get_by_label("Entfernung hin und zurück (km)").wait_for()  # the form adapted (htmx)
    page.get_by_label("Entfernung hin und zurück (km)").fill("320")
    assert_no_axe_violations(page)
    screenshot(page, "trip-form")
    page.get_by_role("button", name="Zur Genehmigung senden").click()
    page.get_by_text("Ihre Dienstreise wurde zur Genehmigung gesendet.").wait_for()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "ben")
    page.get_by_role("link", name="Meine Aufgaben").click()
    page.get_by_role("button", name="Genehmigen: Dienstreise", exact=False).click()
    page.get_by_text("Genehmigt:").first.wait_for()
    sign_out(page)

    trip = Trip.objects.get()
    Trip.objects.filter(pk=trip.pk).update(start=trip.start - timedelta(days=14), end=trip.end - timedelta(days=14))
    sign_in(page, "ada")
    page.goto(f"/dienstreisen/{trip.pk}/")
    assert page.get_by_role("heading", name="Dienstreisegenehmigung: Kassel").is_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Reisekosten abrechnen").click()
    page.get_by_label("Stunden Dienstgeschäft am Zielort").fill("6")
    page.get_by_label("Mit dem Privatwagen gefahrene Kilometer").fill("320")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="An die Reisekostenstelle senden").click()
    page.get_by_text("Ihre Abrechnung wurde an die Reisekostenstelle gesendet").wait_for()
    assert page.get_by_text("Auszuzahlen").is_visible()
    screenshot(page, "trip-claimed")
    page.set_viewport_size(PHONE)
    screenshot(page, "trip-claimed-phone")
    assert_no_axe_violations(page)


def test_request_a_course_and_see_the_budget(page, cast) -> None:
    start = timezone.localdate() + timedelta(days=21)
    sign_in(page, "ada")
    page.goto("/dienstreisen/fortbildungen/")
    assert_no_axe_violations(page)
    page.get_by_label("Kurs:", exact=True).fill("Barrierefreie Dokumente")
    page.get_by_label("Anbieter").fill("Verwaltungsseminar")
    page.get_by_label("Erster Tag").fill(start.isoformat())
    page.get_by_label("Letzter Tag").fill(start.isoformat())
    page.get_by_label("Ort:", exact=True).fill("Frankfurt")
    page.get_by_label("Grund oder Nutzen").fill("Bescheide barrierefrei erstellen")
    page.get_by_role("button", name="Zur Genehmigung senden").click()
    page.get_by_text("Ihr Fortbildungsantrag wurde an Ihre Vorgesetzten gesendet.").wait_for()
    assert_no_axe_violations(page)
    sign_out(page)
    sign_in(page, "ben")
    page.goto("/dienstreisen/fortbildungen/budgets/")
    page.get_by_role("heading", name="Fortbildungsbudgets", exact=False).wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "training-budgets")
