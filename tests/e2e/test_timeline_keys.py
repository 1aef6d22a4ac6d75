"""In a real browser: the timeline is one tab stop whose arrow keys reach free time and bookings alike;
bookings beyond the shown hours are cut and marked; hour lines show on a day with nothing booked."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reservations.services import Request, booking_create
from tests.e2e.test_layout import sign_in
from tests.factories import make_resource
from tests.fixtures.browser import assert_no_axe_violations, screenshot

pytestmark = pytest.mark.e2e


def test_the_timeline_is_one_tab_stop_and_the_arrows_reach_bookings(page, cast) -> None:
    day = timezone.localdate() + timedelta(days=1)
    zone = timezone.get_current_timezone()
    first = make_resource(name="Raum Eins", show_titles=True)
    second = make_resource(name="Raum Zwei", show_titles=True)
    make_resource(name="Raum Drei")  # nothing booked: a free day, hour lines all through
    for room, hour, minutes, title in ((first, 6, 120, "Frühdienst"), (first, 18, 150, "Abendsitzung"),
                                       (second, 9, 60, "Teamrunde")):
        start = datetime.combine(day, time(hour), tzinfo=zone)
        booking_create(by=cast.ada, wanted=Request(resource=room, start=start, end=start + timedelta(minutes=minutes),
                                                   title=title))
    sign_in(page, "ada")
    page.goto(f"/buchen/belegung/?kind=room&day={day.isoformat()}")
    timeline = page.locator("[data-timeline]")
    expect(timeline.locator("[tabindex='0']")).to_have_count(1)  # one tab stop for the whole timeline
    early = timeline.get_by_role("link", name="Frühdienst")
    expect(early).to_have_class("tl-block tl-s0 tl-w2 tl-earlier")
    expect(timeline.get_by_role("link", name="Abendsitzung")).to_have_class("tl-block tl-s22 tl-w2 tl-later")

    page.locator("#grid-per-page").focus()
    stops = []
    for _ in range(6):  # past the form's button and the date links into the timeline, and out of it again
        page.keyboard.press("Tab")
        stops.append(page.evaluate("document.activeElement.closest('[data-timeline]') !== null"))
    assert stops.count(True) == 1, stops
    early.focus()
    page.keyboard.press("ArrowRight")  # from the booking into the free time after it
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Raum Eins 08:00: frei, buchen")
    page.keyboard.press("ArrowDown")  # Raum Zwei at 08:00: free until 09:00
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Raum Zwei 08:00: frei, buchen")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")  # the booking at 09:00
    expect(page.locator(":focus")).to_have_text("Teamrunde 09:00–10:00")
    page.keyboard.press("Home")
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Raum Zwei 07:00: frei, buchen")
    page.keyboard.press("Tab")  # leaves the timeline at once
    assert page.evaluate("document.activeElement.closest('[data-timeline]') === null")
    page.keyboard.press("Shift+Tab")  # and comes back where it left
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Raum Zwei 07:00: frei, buchen")
    assert_no_axe_violations(page)
    screenshot(page, "timeline-tomorrow-cut-bookings")


def test_a_week_cell_lists_its_day_in_time_order(page, cast) -> None:
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    zone = timezone.get_current_timezone()
    hall = make_resource(name="Halle", show_titles=True, max_minutes=3 * 24 * 60)
    for hour, minutes, title in ((14, 60, "Nachmittag"), (8, 60, "Morgenrunde")):
        start = datetime.combine(monday, time(hour), tzinfo=zone)
        booking_create(by=cast.ada, wanted=Request(resource=hall, start=start, end=start + timedelta(minutes=minutes),
                                                   title=title))
    start = datetime.combine(monday + timedelta(days=2), time(8), tzinfo=zone)
    booking_create(by=cast.ada, wanted=Request(resource=hall, start=start, end=start + timedelta(hours=57),
                                               title="Klausurtagung"))
    sign_in(page, "ada")
    page.goto(f"/buchen/belegung/?kind=room&view=week&day={monday.isoformat()}")
    cell = page.locator(".tl-week tbody td").first
    texts = [" ".join(t.split()) for t in cell.locator("li").all_inner_texts()]
    free = "Halle, Mo {:%d.%m.}: frei {}: buchen".format
    assert texts == [free(monday, "07:00–08:00"), "08:00–09:00 Morgenrunde", free(monday, "09:00–14:00"),
                     "14:00–15:00 Nachmittag", free(monday, "15:00–19:00")], texts
    thursday = page.locator(".tl-week tbody td").nth(3)
    expect(thursday.get_by_role("link", name="ganztägig Klausurtagung")).to_be_visible()
    assert_no_axe_violations(page)
    screenshot(page, "timeline-week-time-order")
