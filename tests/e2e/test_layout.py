"""In a real browser: sign in, the dashboard, the language switch, keyboard use, and axe on every page."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD
from tests.fixtures.browser import PHONE, assert_no_axe_violations, screenshot

pytestmark = pytest.mark.e2e


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/")


def test_sign_in_dashboard_language_switch_without_axe_violations(page, cast) -> None:
    page.goto("/accounts/login/")
    assert_no_axe_violations(page)
    screenshot(page, "login-de")

    sign_in(page, "ben")
    assert page.get_by_role("heading", level=1).inner_text() == "Willkommen, Ben"
    assert page.get_by_text("Sie leiten 2 Personen.").is_visible()
    # htmx is loaded from our own origin and carries the CSRF token on every request.
    assert page.evaluate("typeof htmx") == "object"
    assert "X-CSRFToken" in page.locator("body").get_attribute("hx-headers")
    assert_no_axe_violations(page)
    screenshot(page, "dashboard-de")

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Good to see you, Ben"
    assert_no_axe_violations(page)
    screenshot(page, "dashboard-en")

    for path in ("/barrierefreiheit/", "/datenschutz/"):
        page.goto(path)
        assert_no_axe_violations(page)
    assert page.console_errors == []
    page.goto("/does-not-exist/")
    assert_no_axe_violations(page)

    page.get_by_role("button", name="Deutsch").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "de"


def test_keyboard_skip_link_and_focus(page, cast) -> None:
    sign_in(page, "ada")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_sign_out_by_keyboard(page, cast) -> None:
    sign_in(page, "ada")
    page.get_by_role("button", name="Abmelden").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/")


def test_phone_width_without_axe_violations_or_horizontal_scroll(page, cast) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "frank")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "dashboard-phone")
    page.goto("/datenschutz/")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "privacy-phone")


def test_api_docs_render_under_the_content_security_policy(page, cast) -> None:
    sign_in(page, "ada")
    page.goto("/api/docs/")
    page.get_by_text("/api/v1/me/").first.wait_for()
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def end_sign_in_in(page, seconds: float) -> None:
    """Let the browser's sign-in end that many seconds from now (on the server, where it is kept)."""
    from datetime import timedelta

    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    session = SessionStore(session_key=key)
    session.set_expiry(timezone.now() + timedelta(seconds=seconds))
    session.save()


def test_the_sign_in_warns_before_it_ends_and_more_time_loses_nothing(page, cast) -> None:
    """WCAG 2.2.1: a few minutes before the sign-in ends a dialog offers more time; taking it keeps
    what was typed and the form can be sent; once ended, the page says so and keeps the text."""
    from django.contrib.sessions.backends.db import SessionStore

    sign_in(page, "ada")
    end_sign_in_in(page, 240)
    page.goto("/antraege/neu/")
    dialog = page.get_by_role("dialog", name="Ihre Anmeldung endet bald")
    dialog.wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "session-expiry-warning")
    dialog.get_by_role("button", name="Angemeldet bleiben").press("Enter")
    dialog.wait_for(state="hidden")
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    assert SessionStore(session_key=key).get_expiry_age() > 7 * 3600

    # Ending while someone types: the warning says so, and the text stays on the page.
    subject = page.get_by_label("Betreff")
    subject.fill("Bitte um Sonderurlaub")
    end_sign_in_in(page, 2)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")  # coming back to the tab
    dialog.wait_for()
    page.wait_for_timeout(2500)
    page.evaluate("document.dispatchEvent(new Event('visibilitychange'))")
    ended = page.get_by_role("dialog", name="Ihre Anmeldung ist beendet")
    ended.wait_for()
    # The new state is announced: the dialog opened anew, the focus on what to do now.
    assert ended.get_by_role("link", name="In einem neuen Tab anmelden").evaluate("el => el === document.activeElement")
    assert not ended.get_by_role("button", name="Angemeldet bleiben").is_visible()
    assert_no_axe_violations(page)
    ended.get_by_role("button", name="Schließen").click()
    assert subject.input_value() == "Bitte um Sonderurlaub"
    assert page.console_errors == []


def test_help_from_the_page_heading_and_in_leichte_sprache(page, cast) -> None:
    """'Hilfe zu dieser Seite' leads from a page to its explanation; Leichte Sprache and sign language
    are one click from the start page, before and after signing in; axe-clean at both widths."""
    page.goto("/accounts/login/")
    page.get_by_role("link", name="Leichte Sprache").click()
    page.get_by_role("heading", level=1, name="Das Intranet in Leichter Sprache").wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "help-leichte-sprache")
    sign_in(page, "ada")
    page.goto("/arbeitszeit/")
    page.get_by_role("link", name="Hilfe zu dieser Seite").click()
    page.get_by_role("heading", level=1, name="Arbeitszeit").wait_for()
    assert_no_axe_violations(page)
    screenshot(page, "help-topic")
    page.get_by_role("link", name="Gebärdensprache", exact=True).first.click()
    page.get_by_role("heading", level=1, name="Das Intranet in Deutscher Gebärdensprache").wait_for()
    assert_no_axe_violations(page)
    page.set_viewport_size(PHONE)
    page.goto("/hilfe/arbeitszeit/")
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "help-topic-phone")
    assert page.console_errors == []

PHONE_390 = {"width": 390, "height": 844}


def test_navigation_menus_by_pointer_and_keyboard_at_desktop_and_phone_width(page, world) -> None:
    """Desktop: one drop-down per area (disclosure buttons), Escape closes it, a click elsewhere too.
    Phone: one "Menü" button; the content starts right below it."""
    from tests.fixtures.browser import sign_in_as

    sign_in_as(page, world.cast.hanna)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    personal = nav.get_by_role("button", name="Personal")
    export = nav.get_by_role("link", name="Arbeitszeit-Export")
    assert personal.get_attribute("aria-expanded") == "false" and not export.is_visible()
    assert not nav.get_by_role("button", name="Menü").is_visible()
    personal.click()
    assert personal.get_attribute("aria-expanded") == "true" and export.is_visible()
    # The open menu lies over the page (whose links it hides until it closes): axe judges the menu itself;
    # the page beneath is checked closed, here and in the accessibility crawl.
    assert_no_axe_violations(page, "nav")
    screenshot(page, "nav-desktop-personal-open")
    page.keyboard.press("Tab")  # into the open menu
    page.keyboard.press("Escape")
    assert personal.get_attribute("aria-expanded") == "false"
    assert personal.evaluate("el => el === document.activeElement")
    nav.get_by_role("button", name="Mein Arbeitsplatz").click()
    personal.click()  # opening one area closes the other
    assert nav.locator(".nav-area__toggle[aria-expanded=true]").count() == 1
    page.mouse.click(1270, 890)  # a click elsewhere closes it
    assert nav.locator(".nav-area__toggle[aria-expanded=true]").count() == 0
    screenshot(page, "nav-desktop")

    page.set_viewport_size(PHONE_390)
    menu = nav.get_by_role("button", name="Menü")
    assert menu.is_visible() and menu.get_attribute("aria-expanded") == "false"
    assert not nav.get_by_role("link", name="Übersicht").is_visible()
    assert nav.get_by_role("link", name="Meine Aufgaben").is_visible()  # the tasks stay one tap away
    nav_box = nav.bounding_box()
    assert nav_box["height"] < 60, nav_box
    assert_no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, "nav-phone-closed")
    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert export.is_visible() and nav.get_by_role("link", name="Übersicht").is_visible()
    assert not personal.is_visible()  # on phones every area shows its links in the menu
    assert_no_axe_violations(page)
    screenshot(page, "nav-phone-open")
    export.focus()
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("el => el === document.activeElement")
    export.wait_for(state="hidden")

    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as(page, world.cast.ali)  # the administrator: Verwaltung, and no HR tools
    page.goto("/buchen/verwaltung/")
    administration = nav.get_by_role("button", name="Verwaltung")
    assert not nav.get_by_role("button", name="Personal").count()
    administration.click()
    assert nav.get_by_role("link", name="Räume und Fahrzeuge verwalten").get_attribute("aria-current") == "page"
    assert nav.get_by_role("link", name="Verzeichnis testen").is_visible()
    assert_no_axe_violations(page)
    screenshot(page, "nav-desktop-admin-open")


def test_navigation_without_javascript_shows_every_area(browser, live_server, world) -> None:
    from tests.fixtures.browser import sign_in_as

    context = browser.new_context(viewport=PHONE_390, base_url=live_server.url, locale="de-DE",
                                  java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.base_url = live_server.url
    sign_in_as(page, world.cast.hanna)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Hauptnavigation")
    assert not nav.get_by_role("button").first.is_visible()
    for name in ("Übersicht", "Teamkalender", "Arbeitszeit-Export", "Alle Anträge"):
        assert nav.get_by_role("link", name=name).is_visible(), name
    # (axe-core is a script: it cannot run here; the page with the script passes it above)
    screenshot(page, "nav-phone-without-js")
    page.set_viewport_size({"width": 1280, "height": 900})
    screenshot(page, "nav-desktop-without-js")
    context.close()
