"""In a real browser: find a room, book it from the grid (keyboard), see it on the dashboard."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reservations.services import Request, booking_create
from tests.e2e.test_layout import sign_in
from tests.factories import make_resource
from tests.fixtures.browser import PHONE, assert_no_axe_violations, follow_nav, screenshot

pytestmark = pytest.mark.e2e


def test_find_a_room_book_from_the_grid_and_see_it_on_the_dashboard(page, cast) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    ratssaal = make_resource(name="Ratssaal", capacity=40, equipment="Beamer", location="Rathaus", floor="1. OG")
    make_resource(name="Besprechungsraum 2", capacity=8)
    start = timezone.make_aware(timezone.datetime.combine(tomorrow, timezone.datetime.min.time())) + timedelta(hours=9)
    booking_create(by=cast.dan, wanted=Request(resource=ratssaal, start=start, end=start + timedelta(hours=1),
                                               title="Ausschusssitzung"))
    sign_in(page, "ada")
    follow_nav(page, "Räume und Fahrzeuge")
    page.get_by_label("Tag").fill(tomorrow.isoformat())
    page.get_by_label("Von").fill("09:30")
    page.get_by_label("Bis").fill("10:30")
    page.get_by_label("Mindestens Plätze").fill("20")
    page.get_by_role("button", name="Suchen").click()
    page.get_by_text("0 frei").wait_for()  # the Ratssaal is taken then, the other room too small
    assert_no_axe_violations(page)
    screenshot(page, "booking-search")

    page.get_by_role("link", name="Belegungsplan").click()
    page.get_by_label("Tag", exact=True).fill(tomorrow.isoformat())
    page.get_by_role("button", name="Anzeigen").click()
    assert page.locator(".tl-block", has_text="belegt").count() == 1  # Dan's title stays private
    assert page.locator(".tl-row", has_text="Ratssaal").locator("[data-free]").count() == 2  # 07-09, 10-19
    assert_no_axe_violations(page)
    screenshot(page, "booking-grid")
    slot = page.get_by_role("link", name="Ratssaal 10:00: frei, buchen")  # one link per free stretch
    slot.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Ratssaal 11:00: frei, buchen")
    page.keyboard.press("Enter")  # htmx loads the form into the panel and moves the focus there
    page.get_by_role("heading", name="Neue Buchung").wait_for()
    expect(page.locator(":focus")).to_have_text("Neue Buchung")  # (no wait_for_function: the CSP forbids eval)
    page.get_by_label("Titel").fill("Projektrunde")
    page.get_by_role("button", name="Buchen", exact=True).click()
    page.get_by_text("Gebucht: Ratssaal.").wait_for()
    assert_no_axe_violations(page)

    follow_nav(page, "Übersicht")
    page.get_by_role("link", name="Projektrunde", exact=False).wait_for()
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}")
    assert page.get_by_text("11:00–12:00: Projektrunde").is_visible()
    screenshot(page, "booking-grid-phone")
    assert_no_axe_violations(page)


def test_series_managers_and_door_display_without_axe_violations(page, cast) -> None:
    from reservations.feeds import resource_token
    from tests.e2e.test_approvals import sign_out

    room = make_resource(name="Schulungsraum", capacity=20, day_starts="00:00", day_ends="23:59")
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    sign_in(page, "ada")
    page.goto(f"/buchen/neu/?resource={room.pk}")
    page.get_by_label("Titel").fill("Jour fixe")
    page.get_by_label("Tag:").fill(monday.isoformat())
    page.get_by_label("Von:").fill("09:00")
    page.get_by_label("Bis:", exact=True).fill("10:00")
    page.get_by_text("Wiederholen (Serie)").click()
    page.get_by_label("Wiederholen:", exact=True).select_option("WEEKLY")
    page.get_by_label("oder Anzahl der Termine").fill("4")
    page.get_by_role("button", name="Vorschau der Serie").click()
    page.get_by_text("Termine der Serie").wait_for()
    assert page.locator("input[name=dates]:checked").count() == 4
    assert_no_axe_violations(page)
    screenshot(page, "series-preview")
    page.locator("input[name=dates]").nth(1).uncheck()
    page.get_by_role("button", name="Serie buchen").click()
    page.get_by_text("Die Serie wurde gebucht: 3 Termine.").wait_for()
    assert page.get_by_text("ausgelassen").is_visible()
    assert_no_axe_violations(page)
    sign_out(page)

    sign_in(page, "fay")
    page.goto("/buchen/verwaltung/")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Schulungsraum").click()
    page.get_by_role("heading", name="Türanzeige und Kalender").wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "resource-edit")
    page.goto(f"/buchen/tuer/{resource_token(room)}/")
    page.get_by_role("heading", name="Schulungsraum").wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "door-display")


def test_the_timeline_by_pointer_the_week_and_the_phone(page, cast) -> None:
    from reservations.selectors import now_mark

    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    room = make_resource(name="Großer Sitzungssaal im Erdgeschoss", show_titles=True)
    make_resource(name="Raum 2")
    nine = timezone.make_aware(timezone.datetime.combine(tomorrow, timezone.datetime.min.time())) + timedelta(hours=9)
    long_title = "Haushaltsberatung mit den Fachbereichen, dem Kämmerer und dem Personalrat"
    booking_create(by=cast.dan, wanted=Request(resource=room, start=nine, end=nine + timedelta(hours=1),
                                               title=long_title))
    sign_in(page, "ada")

    page.goto(f"/buchen/belegung/?kind=room&day={today.isoformat()}")
    now = timezone.localtime()
    starts = [timezone.datetime.fromisoformat(s) for s in page.locator("[data-free]").evaluate_all(
        "links => links.map(link => link.dataset.start)")]
    assert all(start >= now - timedelta(minutes=30) for start in starts) and all(
        start.minute in (0, 30) and (start > now or start == now.replace(second=0, microsecond=0)) for start in starts)
    assert (page.locator(".tl-now").count() > 0) == (now_mark(today) is not None)
    assert_no_axe_violations(page)
    screenshot(page, "timeline-today")

    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}")
    block = page.locator(".tl-block", has_text="Haushaltsberatung")
    assert block.get_attribute("title").startswith(long_title)  # cut on screen, the full text kept
    stretch = page.get_by_role("link", name="Großer Sitzungssaal im Erdgeschoss 10:00: frei, buchen")
    box = stretch.bounding_box()
    slots = int(stretch.get_attribute("data-slots"))
    page.mouse.click(box["x"] + box["width"] * 4.5 / slots, box["y"] + box["height"] / 2)  # the fifth half hour
    page.get_by_role("heading", name="Neue Buchung").wait_for()
    expect(page.locator("#booking-panel").get_by_label("Von:", exact=True)).to_have_value("12:00")
    screenshot(page, "timeline-day-panel")

    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}&view=week")
    assert_no_axe_violations(page)
    screenshot(page, "timeline-week")
    page.get_by_role("link", name=re.compile(rf"^Großer Sitzungssaal im Erdgeschoss, \w+ {tomorrow:%d\.%m\.}: "
                                             "Tagesansicht$")).click()
    page.get_by_role("heading", name=tomorrow.strftime("%d.%m.%Y"), exact=False).wait_for()
    assert page.locator(".tl-row[data-row]").count() == 1  # the room kept, the day kept

    page.set_viewport_size(PHONE)
    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}&view=week")
    assert_no_axe_violations(page)
    screenshot(page, "timeline-week-phone")
    labels = page.locator(".tl-day-label")
    for n in range(labels.count()):  # no day label lies on a link
        label = labels.nth(n).bounding_box()
        following = labels.nth(n).locator("xpath=following-sibling::a[1]").bounding_box()
        assert label["y"] + label["height"] <= following["y"] + 1
    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}")
    assert_no_axe_violations(page)
    screenshot(page, "timeline-day-phone")
