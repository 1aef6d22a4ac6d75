"""Every page of the intranet, signed in as each role with real data around (tests/fixtures/world.py),
checked by axe-core against WCAG 2.0, 2.1 and 2.2 A and AA; and keyboard-only walks through booking
from the grid and requesting leave.

The pages come from the URL resolver through the authorization matrix's table: each GET that a role
is allowed (O), so a new page is crawled as soon as it has its row there; what is no page (downloads,
feeds, fragments) is named below, so nothing is left out unseen. Each page must also answer 200 and
log no console error (a script or style the CSP blocked shows there). htmx fragments are checked where
the keyboard walks open them: the leave form's live quote, the grid's booking panel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from tests.fixtures.browser import DESKTOP, PHONE, assert_no_axe_violations, axe_report, screenshot, sign_in_as
from tests.fixtures.world import working_day
from tests.intranet.test_access_matrix import COLUMNS, EXPECTED_TABLE, address, parse, routes

pytestmark = pytest.mark.e2e


# Addresses that answer something other than a page: files, feeds, JSON, an htmx fragment.
NOT_PAGES = {
    "directory:person_photo", "directory:person_vcard", "directory:unit_vcard", "feed", "reservations:resource_feed",
    "general_request_attachment", "reservations:booking_download", "trips:receipt",
    "trips:training_certificate_download", "health", "schema", "timekeeping:leave_quote", "session_status",
}


def pages_for(world, role: str) -> list[str]:
    """The HTML pages the role may open (asked of the server first: downloads and feeds are not pages)."""
    allowed = parse(EXPECTED_TABLE)
    person = world.people()[role]
    client = Client()
    if person is not None:
        client.force_login(person)
    pages = []
    for name, pattern in routes():
        if allowed[("GET", name)][COLUMNS.index(role)] != "O" or name.startswith("api:") or name == "api_docs":
            continue
        url = address(name, pattern, world.ids)
        response = client.get(url, follow=True)
        is_page = (response.status_code == 200 and not response.streaming
                   and response.content.lstrip().startswith(b"<!DOCTYPE html>"))
        assert is_page != (name in NOT_PAGES), f"{name} ({url}) as {role}: {response.status_code}, " + (
            "a page: take it out of NOT_PAGES" if is_page else "no page: put it in NOT_PAGES if that is right")
        if is_page:
            pages.append(url)
    return pages


@pytest.mark.parametrize("role", ["anon", "emp", "col", "sup", "oth", "hr", "adm", "flt", "fac"])
def test_every_page_a_role_may_open_passes_axe(page, world, role: str) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the markup does not depend on the database: the crawl runs once, in the SQLite pass")
    person = world.people()[role]
    if person is not None:
        sign_in_as(page, person)
    urls = pages_for(world, role)
    assert len(urls) >= (3 if role == "anon" else 25)
    expected_status = dict.fromkeys(urls, 200)
    if role == "emp":  # the error pages, as an employee meets them: no such address, and one that is HR's
        expected_status.update({"/gibt-es-nicht/": 404, "/antraege/alle/": 403})
    problems = {}
    for url, status in expected_status.items():
        response = page.goto(url)
        if response.status != status:
            problems[url] = f"answered {response.status}, not {status}"
        if report := axe_report(page):
            problems[url] = report
        if page.console_errors and status == 200:  # (an error page's own status is logged there too)
            problems[url] = "console: " + "; ".join(page.console_errors)
        page.console_errors.clear()
    phone = page.context.browser.new_context(viewport=PHONE, base_url=page.base_url, locale="de-DE")
    phone.add_cookies(page.context.cookies())
    small = phone.new_page()
    for url in urls:
        small.goto(url)
        if report := axe_report(small):
            problems[f"{url} (phone)"] = report
    phone.close()
    assert not problems, "\n\n".join(f"{url}:\n{report}" for url, report in problems.items())


def tab_to(page, locator, most: int = 120) -> None:
    """Press Tab until the element has the focus, as a keyboard user would."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} never got the focus by Tab")


def type_date(page, field, day) -> None:
    """Tab into a date field and type the date. Headless Chromium shows the segments in its own
    (en-US) order, MM/DD/YYYY, whatever the page's language; the value check says if that changes."""
    tab_to(page, field)
    page.keyboard.type(day.strftime("%m%d%Y"))
    expect(field).to_have_value(day.isoformat())


def test_request_leave_by_keyboard_only(page, world) -> None:
    sign_in_as(page, world.cast.ada)
    page.goto("/")
    workplace = page.get_by_role("button", name="Mein Arbeitsplatz")
    tab_to(page, workplace)
    page.keyboard.press("Enter")  # the area's menu opens (a disclosure button) ...
    expect(workplace).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Escape")  # ... Escape closes it, the focus staying on its button
    expect(workplace).to_have_attribute("aria-expanded", "false")
    assert workplace.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    tab_to(page, page.get_by_role("link", name="Urlaub und Abwesenheiten"))
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Mein Urlaub").wait_for()
    screenshot(page, "leave-overview")
    page.set_viewport_size(PHONE)
    screenshot(page, "leave-overview-phone")
    page.set_viewport_size(DESKTOP)
    tab_to(page, page.get_by_role("link", name="Urlaub beantragen oder Abwesenheit melden"))
    page.keyboard.press("Enter")
    kind = page.get_by_label("Art der Abwesenheit")
    tab_to(page, kind)
    page.keyboard.type("Erholungsurlaub")
    expect(kind).to_have_value(kind.locator("option", has_text="Erholungsurlaub").get_attribute("value"))
    start = working_day(timezone.localdate() + timedelta(days=60), 1)  # two working days in a row
    type_date(page, page.get_by_label("Von"), start)
    type_date(page, page.get_by_label("Bis"), start + timedelta(days=1))
    tab_to(page, page.get_by_role("button", name="Absenden"))
    page.get_by_text("2 Urlaubstage").wait_for()  # the live quote follows the keyboard too
    page.keyboard.press("Enter")
    page.get_by_text("Ihr Antrag wurde eingereicht.").wait_for()
    assert_no_axe_violations(page)


def test_book_from_the_grid_by_keyboard_only(page, world) -> None:
    sign_in_as(page, world.cleo)
    day = timezone.localdate() + timedelta(days=2)
    page.goto(f"/buchen/belegung/?kind=room&day={day.isoformat()}")
    tab_to(page, page.get_by_role("link", name="Raum 1.01 07:00: frei, buchen"), most=400)  # the free day
    for _ in range(16):  # the arrow keys move the chosen half hour along the free stretch
        page.keyboard.press("ArrowRight")
    expect(page.locator(":focus")).to_have_attribute("aria-label", "Raum 1.01 15:00: frei, buchen")
    page.keyboard.press("Enter")  # the form opens in the dialog and takes the focus
    expect(page.locator("#booking-panel").get_by_label("Von:", exact=True)).to_have_value("15:00")
    expect(page.locator("#booking-dialog :focus")).to_have_attribute("name", "resource")
    tab_to(page, page.get_by_label("Titel"))
    page.keyboard.type("Abstimmung")
    tab_to(page, page.get_by_role("button", name="Buchen", exact=True))
    page.keyboard.press("Enter")
    page.get_by_text("Gebucht: Raum 1.01.").wait_for()
    assert_no_axe_violations(page)
