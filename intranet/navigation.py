"""The main navigation: areas of entries, each entry shown only to those who may open its page.

One plain definition (AREAS) that the layout renders (templates/base.html, through
intranet.context_processors). Whether an entry shows is asked of the same permission rules the views
ask (intranet.core.permissions.may with the view's action) and of the module switches; nothing here
decides on its own. tests/intranet/test_navigation.py crawls it per role against the access matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intranet.core.modules import module_enabled
from intranet.core.permissions import may


@dataclass(frozen=True)
class Entry:
    url_name: str
    label: str | Promise
    action: str = ""  # the permission rule the page's view asks (may(user, action, action_object))
    action_object: Any = None
    modules: tuple[str, ...] = ()  # the page exists while one of these modules is on
    admin_site: bool = False  # Django's admin: its own check (AdminSite.has_permission)
    fragment: str = ""  # a section of the page (#id)
    badge: str = ""  # "inbox": the number of tasks waiting
    shortcut: bool = False  # shown in the bar itself, outside its area's menu
    icon: str = ""  # a name of static/icons/icons.txt, drawn beside the label

    def allowed(self, request: HttpRequest) -> bool:
        if self.modules and not any(module_enabled(name) for name in self.modules):
            return False
        if self.admin_site:
            return admin.site.has_permission(request)
        return not self.action or may(request.user, self.action, self.action_object)


@dataclass(frozen=True)
class Area:
    key: str
    label: str | Promise
    entries: tuple[Entry, ...]
    icon: str = ""


AREAS = (
    Area("workplace", _("My workplace"), (
        Entry("dashboard", _("Overview"), icon="overview"),
        Entry("inbox", _("My tasks"), badge="inbox", shortcut=True, icon="tasks"),
        Entry("request_list", _("My requests"), icon="requests"),
        Entry("time:sheet_current", _("Working time"), modules=("time",), icon="time"),
        Entry("timekeeping:leave_overview", _("Leave and absences"), modules=("leave",), icon="leave"),
        Entry("trips:trip_list", _("Business trips and training"), modules=("trips",), icon="trips"),
        Entry("reservations:overview", _("Rooms and cars"), modules=("rooms", "cars"), icon="rooms"),
        Entry("directory:person_search", _("Address book"), modules=("addressbook",), icon="addressbook"),
    ), icon="user"),
    Area("team", _("Team"), (
        Entry("timekeeping:team_calendar", _("Team calendar"), modules=("leave",), icon="calendar"),
        Entry("time:team_month", _("Team working time"), action="timekeeping.view_team_time",
              modules=("time",), icon="time"),
        Entry("trips:training_budgets", _("Training budgets"), action="timekeeping.open_training_budgets",
              modules=("trips",), icon="budget"),
    ), icon="team"),
    Area("hr", pgettext_lazy("navigation area", "Human resources"), (
        Entry("time:time_export", _("Working-time export"), action="timekeeping.export_time",
              modules=("time",), icon="export"),
        Entry("timekeeping:leave_admin", _("Leave administration"), action="timekeeping.manage_leave",
              modules=("leave",), icon="leave"),
        Entry("timekeeping:leave_admin", _("Year-end carry-over"), action="timekeeping.manage_leave",
              modules=("leave",), fragment="carry-heading", icon="arrow"),
        Entry("timekeeping:leave_admin", _("Sick days and absences report"), action="timekeeping.manage_leave",
              modules=("leave",), fragment="export-heading", icon="report"),
        Entry("trips:training_report", _("Courses per person"), action="timekeeping.manage_trainings",
              modules=("trips",), icon="report"),
        Entry("time:council_report", _("Staff council report"), action="timekeeping.view_council_report",
              modules=("time",), icon="report"),
        Entry("request_search", _("All requests"), action="intranet.search_requests", icon="search"),
    ), icon="licence"),
    Area("admin", _("Administration"), (
        Entry("reservations:manage_resources", _("Manage rooms and cars"), action="reservations.manage_resources",
              modules=("rooms", "cars"), icon="resources"),
        Entry("reservations:licence_checks", _("Driving-licence checks"), action="reservations.check_licences",
              modules=("cars",), icon="licence"),
        Entry("reservations:fleet_report", _("Logbook and fleet report"), action="reservations.manage_resources",
              action_object="car", modules=("cars",), icon="logbook"),
        Entry("directory_test", _("Directory test"), action="intranet.administer", icon="directory"),
        Entry("admin:index", _("Records and settings"), admin_site=True, icon="settings"),
    ), icon="settings"),
)


@dataclass
class Link:
    url: str
    label: str | Promise
    current: str  # "page" (this page), "true" (a page below it), or ""
    badge: str
    icon: str = ""


@dataclass
class Shown:
    key: str
    label: str | Promise
    links: list[Link]
    current: bool
    icon: str = ""


def navigation_for(request: HttpRequest, areas: tuple[Area, ...] = AREAS) -> tuple[list[Shown], list[Link]]:
    """The areas with the links this request's user may open, and the shortcuts shown in the bar.

    The current page's entry is marked "page"; on a page below an entry (its address starts with the
    entry's, the longest such), that entry is marked "true"."""
    match = getattr(request, "resolver_match", None)
    view_name = match.view_name if match else ""
    allowed = [(area, entry, reverse(entry.url_name)) for area in areas for entry in area.entries
               if entry.allowed(request)]
    exact = next((entry for _area, entry, _url in allowed if entry.url_name == view_name and not entry.fragment),
                 None)
    below = None
    if exact is None:
        prefixes = [(len(url), entry) for _area, entry, url in allowed
                    if url != "/" and not entry.fragment and request.path.startswith(url)]
        below = max(prefixes, key=lambda pair: pair[0])[1] if prefixes else None
    shown: dict[str, Shown] = {}
    shortcuts: list[Link] = []
    for area, entry, url in allowed:
        current = "page" if entry is exact else "true" if entry is below else ""
        link = Link(url=f"{url}#{entry.fragment}" if entry.fragment else url, label=entry.label, current=current,
                    badge=entry.badge, icon=entry.icon)
        if entry.shortcut:
            shortcuts.append(link)
            continue
        group = shown.setdefault(area.key, Shown(key=area.key, label=area.label, links=[], current=False,
                                                          icon=area.icon))
        group.links.append(link)
        group.current = group.current or bool(current)
    return list(shown.values()), shortcuts


class Navigation:
    """What the layout shows, worked out on first use only (pages, not API answers or fragments): the
    permission rules read the user's roles once (intranet.core.roles), so the queries do not grow with
    the number of entries or of records."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @cached_property
    def _built(self) -> tuple[list[Shown], list[Link]]:
        return navigation_for(self.request)

    @property
    def areas(self) -> list[Shown]:
        return self._built[0]

    @property
    def shortcuts(self) -> list[Link]:
        return self._built[1]
