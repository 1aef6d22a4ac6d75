"""In a real browser: live search, the person page, the vCard download."""

from __future__ import annotations

import pytest
import vobject

from tests.e2e.test_layout import sign_in
from tests.factories import make_user
from tests.fixtures.browser import PHONE, assert_no_axe_violations, follow_nav, screenshot

pytestmark = pytest.mark.e2e


def test_search_person_page_and_vcard(page, cast) -> None:
    make_user(username="jm", first_name="Jürgen", last_name="Müller", org_unit=cast.sg_b, phone="06142 83-4711",
              room="2.107", title="Kassenleitung")
    sign_in(page, "ada")
    follow_nav(page, "Telefonbuch")
    assert_no_axe_violations(page)
    page.evaluate("window.__noReload = true")
    page.get_by_role("searchbox").fill("mueller")  # live results while typing, no submit
    page.get_by_text("1 Person gefunden").wait_for()
    assert page.evaluate("window.__noReload") is True
    assert_no_axe_violations(page)
    screenshot(page, "address-book-search")
    page.get_by_role("link", name="Müller, Jürgen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Jürgen Müller"
    assert page.get_by_role("link", name="06142 83-4711").get_attribute("href") == "tel:0614283-4711"
    assert_no_axe_violations(page)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Als Kontakt speichern (vCard)").click()
    card = vobject.readOne(download_info.value.path().read_text(encoding="utf-8"))
    assert card.fn.value == "Jürgen Müller"
    page.set_viewport_size(PHONE)
    screenshot(page, "person-phone")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("link", name="Sachgebiet B").click()
    assert_no_axe_violations(page)
    page.goto("/telefonbuch/einheiten/")
    assert_no_axe_violations(page)
    page.goto("/telefonbuch/mein-eintrag/")
    assert_no_axe_violations(page)
