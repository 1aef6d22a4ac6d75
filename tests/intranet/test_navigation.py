"""The main navigation by role (intranet/navigation.py): every page a role may open is reachable from it
within two clicks, it offers nothing the role may not open, it marks where one is, and it costs the same
few queries whoever asks.

The pages a role may open come from the authorization matrix's table (tests/intranet/test_access_matrix.py:
GET answered "O"), as the accessibility crawl selects them: HTML pages only, none that needs an object
(a <pk> or a token). A page added there is looked for here at once."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from intranet.navigation import AREAS
from tests.intranet.test_access_matrix import COLUMNS, EXPECTED_TABLE, address, parse, routes

pytestmark = pytest.mark.django_db

SIGNED_IN = [c for c in COLUMNS if c != "anon"]

# Pages a role may open that the navigation does not lead to within two clicks, and why.
NOT_IN_TWO_CLICKS = {
    "login": "the sign-in page: nobody signed in goes there",
    "reservations:booking_new": "the booking form opens for a resource and a time chosen first, in the search of "
                                "Rooms and cars (a form sent) or in its grid (a third click)",
}


class Links(HTMLParser):
    """The addresses the page links to (<a href>), those inside the main navigation apart."""

    def __init__(self) -> None:
        super().__init__()
        self.all: list[str] = []
        self.in_nav: list[str] = []
        self.current: list[str] = []  # the links marked aria-current="page"
        self._nav_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and self._nav_depth == 0 and "data-main-nav" in values:
            self._nav_depth = 1
        elif tag == "nav" and self._nav_depth:
            self._nav_depth += 1
        if tag == "a" and values.get("href"):
            href = values["href"] or ""
            self.all.append(href)
            if self._nav_depth:
                self.in_nav.append(href)
                if values.get("aria-current") == "page":
                    self.current.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def links_of(response) -> Links:
    parser = Links()
    parser.feed(response.content.decode())
    return parser


def local(href: str) -> str | None:
    """The path of a link within the intranet (none for mail, phone, other hosts and same-page anchors)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def is_page(response) -> bool:
    return (response.status_code == 200 and not response.streaming
            and response.content.lstrip().startswith(b"<!DOCTYPE html>"))


def pages_for(world, client: Client, role: str) -> set[str]:
    """Route names of the HTML pages the role may open that need no object (as the accessibility crawl's)."""
    allowed = parse(EXPECTED_TABLE)
    names = set()
    for name, pattern in routes():
        if (allowed[("GET", name)][COLUMNS.index(role)] != "O" or name.startswith("api:") or name == "api_docs"
                or "<int:pk>" in pattern or "<str:token>" in pattern):
            continue
        if is_page(client.get(address(name, pattern, world.ids), follow=True)):
            names.add(name)
    return names


def reached_from(client: Client, path: str) -> tuple[set[str], object]:
    """Route names of the page at path (after its redirects) and of the address asked."""
    response = client.get(path, follow=True)
    names = {view_name(path)} | {view_name(hop) for hop, _status in response.redirect_chain}
    names |= {view_name(response.wsgi_request.path)} if is_page(response) else set()
    return {n for n in names if n}, response


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_page_a_role_may_open_is_two_clicks_from_the_navigation(world, role: str) -> None:
    client = Client()
    client.force_login(world.people()[role])
    start = client.get("/")
    assert start.status_code == 200
    first = {p for href in links_of(start).in_nav if (p := local(href))}
    assert first, "the dashboard shows no navigation"
    reached: set[str] = set()
    second: set[str] = set()
    for path in sorted(first):
        names, response = reached_from(client, path)
        assert is_page(response), f"{role}: the navigation links to {path}, which answers {response.status_code}"
        reached |= names
        second |= {p for href in links_of(response).all if (p := local(href))}
    for path in sorted(second - first):
        if "/accounts/logout/" in path or path.startswith("/admin/"):
            continue
        reached |= reached_from(client, path)[0]
    missing = pages_for(world, client, role) - reached - set(NOT_IN_TWO_CLICKS)
    assert not missing, f"{role} may open these pages, but not from the navigation in two clicks: {sorted(missing)}"


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_navigation_offers_only_what_the_role_may_open(world, role: str) -> None:
    """Each link of the navigation opens (the matrix's "O") for the role; Django's admin, which the
    matrix leaves to Django, only for staff."""
    allowed = parse(EXPECTED_TABLE)
    person = world.people()[role]
    client = Client()
    client.force_login(person)
    for href in links_of(client.get("/")).in_nav:
        name = view_name(href)
        if name == "admin:index":
            assert person.is_staff, f"{role} is offered the admin"
            continue
        assert allowed[("GET", name)][COLUMNS.index(role)] == "O", f"{role} is offered {href} ({name})"


def test_each_role_sees_its_areas(world) -> None:
    """Employees see their workplace and their team's calendar; supervisors their team's time; HR its
    tools (the matrix: linked from none of HR's pages before); fleet, facility and administrators theirs."""
    def hrefs(role: str) -> set[str]:
        client = Client()
        client.force_login(world.people()[role])
        return set(links_of(client.get("/")).in_nav)

    emp, sup, hr, adm, flt, fac = (hrefs(r) for r in ("emp", "sup", "hr", "adm", "flt", "fac"))
    assert {"/", "/aufgaben/", "/antraege/", "/arbeitszeit/", "/abwesenheiten/", "/dienstreisen/", "/buchen/",
            "/telefonbuch/", "/abwesenheiten/team/"} <= emp
    assert not emp & {"/arbeitszeit/team/", "/arbeitszeit/export/", "/abwesenheiten/verwaltung/", "/antraege/alle/",
                      "/buchen/verwaltung/", "/verwaltung/verzeichnis/", "/admin/"}
    assert {"/arbeitszeit/team/", "/dienstreisen/fortbildungen/budgets/"} <= sup - emp
    assert {"/arbeitszeit/export/", "/abwesenheiten/verwaltung/", "/abwesenheiten/verwaltung/#carry-heading",
            "/abwesenheiten/verwaltung/#export-heading", "/dienstreisen/fortbildungen/uebersicht/",
            "/arbeitszeit/personalrat/", "/antraege/alle/"} <= hr
    assert {"/buchen/verwaltung/", "/buchen/verwaltung/fuehrerscheine/", "/buchen/verwaltung/fahrtenbuch/"} <= flt
    assert "/buchen/verwaltung/" in fac and "/buchen/verwaltung/fuehrerscheine/" not in fac
    assert {"/buchen/verwaltung/", "/verwaltung/verzeichnis/"} <= adm and "/arbeitszeit/export/" not in adm


def test_the_current_page_is_marked(world) -> None:
    client = Client()
    client.force_login(world.cast.hanna)
    assert links_of(client.get("/")).current == ["/"]
    assert links_of(client.get("/abwesenheiten/verwaltung/")).current == ["/abwesenheiten/verwaltung/"]
    sheet = client.get("/arbeitszeit/", follow=True)  # a month below the working time: the entry above it
    assert 'href="/arbeitszeit/" aria-current="true"' in sheet.content.decode()
    assert links_of(sheet).current == []


def test_switched_off_modules_leave_the_navigation(world, settings) -> None:
    settings.MODULES = ["leave", "addressbook"]
    client = Client()
    client.force_login(world.cast.hanna)
    hrefs = set(links_of(client.get("/")).in_nav)
    assert "/abwesenheiten/verwaltung/" in hrefs and "/telefonbuch/" in hrefs
    assert not {h for h in hrefs if h.startswith(("/arbeitszeit/", "/dienstreisen/", "/buchen/"))}


@pytest.mark.parametrize("role", ["emp", "hr", "adm"])
def test_the_navigation_costs_the_same_few_queries_for_every_role(world, role, django_assert_num_queries) -> None:
    """Building the navigation reads the user's roles once (groups and whether they lead a unit, in one
    query), however many entries ask a rule; none for the session's user, who is loaded with them."""
    from django.test import RequestFactory

    from directory.models import User
    from intranet.core.roles import with_roles
    from intranet.navigation import navigation_for

    request = RequestFactory().get("/")
    request.user = User.objects.get(pk=world.people()[role].pk)
    request.resolver_match = resolve("/")
    entries = sum(len(area.entries) for area in AREAS)
    assert entries > 15
    with django_assert_num_queries(1):
        navigation_for(request)
    request.user = with_roles(User.objects.filter(pk=request.user.pk)).get()
    with django_assert_num_queries(0):
        navigation_for(request)
