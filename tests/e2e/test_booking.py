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
from tests.fixtures.browser import PHONE, SCREENSHOTS, assert_no_axe_violations, follow_nav, screenshot

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
    page.keyboard.press("Enter")  # htmx loads the form into the dialog and moves the focus there
    page.get_by_role("heading", name="Neue Buchung").wait_for()
    expect(page.locator(":focus")).to_have_attribute("name", "resource")  # the first field
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
    cursor = page.locator(f'[data-free][data-start="{stretch.get_attribute("data-start")}"] .tl-cursor')
    page.mouse.click(box["x"] + box["width"] * 4.5 / slots, box["y"] + box["height"] / 2)  # the fifth half hour
    page.get_by_role("heading", name="Neue Buchung").wait_for()
    expect(page.locator("#booking-panel").get_by_label("Von:", exact=True)).to_have_value("12:00")
    # mid-grid, no room for the whole dialog either side: narrower, still beside the half hour
    assert not _overlap(cursor.bounding_box(), page.locator("#booking-dialog").bounding_box())
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


def _apart(a: dict, b: dict) -> float:
    """How far apart two boxes are (0 when they touch or overlap)."""
    dx = max(b["x"] - (a["x"] + a["width"]), a["x"] - (b["x"] + b["width"]), 0)
    dy = max(b["y"] - (a["y"] + a["height"]), a["y"] - (b["y"] + b["height"]), 0)
    return max(dx, dy)


def _overlap(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])


def _dialog_shot(page, name: str) -> None:
    """The window as it is (not the full page: the dialog is placed in the window)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_the_booking_dialog_opens_by_the_slot_keeps_what_was_typed_and_books(page, cast) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    room = make_resource(name="Raum A")
    make_resource(name="Raum B")
    eleven = timezone.make_aware(timezone.datetime.combine(tomorrow, timezone.datetime.min.time())) + timedelta(
        hours=11)
    booking_create(by=cast.dan, wanted=Request(resource=room, start=eleven, end=eleven + timedelta(hours=1),
                                               title="Sitzung"))
    sign_in(page, "ada")
    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}")
    dialog = page.locator("#booking-dialog")
    expect(dialog).to_be_hidden()
    stretch = page.locator(".tl-row", has_text="Raum A").locator("[data-free]").first  # 07:00-11:00
    box = stretch.bounding_box()
    slots = int(stretch.get_attribute("data-slots"))
    page.mouse.click(box["x"] + box["width"] * 6.5 / slots, box["y"] + box["height"] / 2)  # 10:00
    expect(dialog).to_be_visible()
    expect(dialog.get_by_role("heading", name="Neue Buchung")).to_be_visible()
    expect(page.locator(":focus")).to_have_attribute("name", "resource")  # the first field, the room kept
    expect(dialog.locator("select[name=resource]")).to_have_value(str(room.pk))
    expect(dialog.get_by_label("Von:", exact=True)).to_have_value("10:00")
    chosen = stretch.locator(".tl-cursor").bounding_box()
    placed = dialog.bounding_box()
    assert not _overlap(chosen, placed) and _apart(chosen, placed) <= 12  # next to the half hour, not over it
    assert placed["x"] >= 0 and placed["y"] >= 0 and placed["x"] + placed["width"] <= 1280
    assert placed["y"] + placed["height"] <= page.viewport_size["height"]
    # The CSP let the dialog's script run and place it (checked before axe: axe leaves style="" on fields,
    # which htmx copies on its next swap, and the CSP refuses that).
    assert not page.console_errors
    assert_no_axe_violations(page)
    _dialog_shot(page, "timeline-booking-dialog")

    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(stretch).to_be_focused()
    stretch.press("Enter")  # again, by keyboard: the half hour chosen is still 10:00
    expect(dialog).to_be_visible()
    dialog.get_by_label("Titel").fill("Abstimmung")
    dialog.get_by_label("Bis:", exact=True).fill("11:30")  # into Dan's booking
    dialog.get_by_role("button", name="Buchen", exact=True).click()
    expect(dialog.get_by_role("heading", name="Alternativen")).to_be_visible()
    expect(dialog).to_be_visible()
    expect(dialog.get_by_label("Titel")).to_have_value("Abstimmung")  # nothing typed is lost
    expect(page.locator(":focus")).to_have_class(re.compile("form-errors"))
    assert page.url.endswith(f"day={tomorrow.isoformat()}")  # still the grid
    assert_no_axe_violations(page)
    _dialog_shot(page, "timeline-booking-dialog-alternatives")
    dialog.get_by_role("button", name="Raum B").click()  # an alternative fills the form
    dialog.get_by_role("button", name="Buchen", exact=True).click()
    page.get_by_text("Gebucht: Raum B.").wait_for()  # on the booking's page
    assert re.search(r"/buchen/\d+/$", page.url)
    assert_no_axe_violations(page)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}&view=week")
    link = page.locator(".tl-week-list a[data-book]").first
    link.click()
    expect(dialog).to_be_visible()
    expect(page.locator(":focus")).to_have_attribute("name", "resource")
    sheet = dialog.bounding_box()
    assert sheet["x"] == 0 and sheet["width"] == 390 and abs(sheet["y"] + sheet["height"] - 844) <= 1
    assert_no_axe_violations(page)
    _dialog_shot(page, "timeline-booking-dialog-phone")
    dialog.get_by_role("button", name="Schließen").click()
    expect(dialog).to_be_hidden()
    expect(link).to_be_focused()


def test_the_series_preview_works_in_the_dialog(page, cast) -> None:
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    make_resource(name="Schulungsraum")
    sign_in(page, "ada")
    page.goto(f"/buchen/belegung/?kind=room&day={monday.isoformat()}")
    page.locator(".tl-row", has_text="Schulungsraum").locator("[data-free]").first.press("Enter")
    dialog = page.locator("#booking-dialog")
    dialog.get_by_label("Titel").fill("Jour fixe")
    dialog.get_by_text("Wiederholen (Serie)").click()
    dialog.get_by_label("Wiederholen:", exact=True).select_option("WEEKLY")
    dialog.get_by_label("oder Anzahl der Termine").fill("3")
    dialog.get_by_role("button", name="Vorschau der Serie").click()
    dialog.get_by_text("Termine der Serie").wait_for()
    assert dialog.locator("input[name=dates]:checked").count() == 3
    expect(dialog.get_by_label("Titel")).to_have_value("Jour fixe")
    assert_no_axe_violations(page)
    dialog.get_by_role("button", name="Serie buchen").click()
    page.get_by_text("Die Serie wurde gebucht: 3 Termine.").wait_for()


def test_when_the_dialog_cannot_load_the_form_the_link_leads_to_its_page(page, cast) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    make_resource(name="Raum A")
    sign_in(page, "ada")
    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}")

    def broken(route) -> None:  # the server fails the dialog's request only
        if route.request.headers.get("hx-request"):
            route.fulfill(status=500, body="kaputt")
        else:
            route.continue_()

    page.route("**/buchen/neu/**", broken)
    page.locator("[data-free]").first.press("Enter")
    page.get_by_role("heading", name="Neue Buchung", level=1).wait_for()  # the form's own page
    assert "/buchen/neu/?resource=" in page.url


def test_when_sending_from_the_dialog_fails_it_says_so_and_keeps_the_input(page, cast) -> None:
    tomorrow = timezone.localdate() + timedelta(days=1)
    make_resource(name="Raum A")
    sign_in(page, "ada")
    page.goto(f"/buchen/belegung/?kind=room&day={tomorrow.isoformat()}")
    page.locator("[data-free]").first.press("Enter")
    dialog = page.locator("#booking-dialog")
    dialog.get_by_label("Titel").fill("Abstimmung")

    def broken(route) -> None:  # the server fails the dialog's POST only
        if route.request.method == "POST":
            route.fulfill(status=500, body="kaputt")
        else:
            route.continue_()

    page.route("**/buchen/neu/**", broken)
    dialog.get_by_role("button", name="Buchen", exact=True).click()
    alert = dialog.get_by_role("alert")
    expect(alert).to_contain_text("Die Buchung konnte gerade nicht gesendet werden.")
    expect(alert).to_be_focused()
    expect(dialog.get_by_label("Titel")).to_have_value("Abstimmung")
    assert_no_axe_violations(page)
    page.unroute("**/buchen/neu/**")
    dialog.get_by_role("button", name="Buchen", exact=True).click()  # the server is back
    page.get_by_text("Gebucht: Raum A.").wait_for()
