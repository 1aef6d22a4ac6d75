"""The help area's topics and which pages each explains (the "Hilfe zu dieser Seite" link)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intranet.core.modules import module_enabled


@dataclass(frozen=True)
class HelpTopic:
    slug: str  # also names its texts: templates/help/topics/<slug>.<language>.html
    title: str | Promise
    pages: tuple[str, ...] = ()  # url names ("namespace:name") it explains, before any app
    apps: tuple[str, ...] = ()  # url namespaces whose other pages it explains
    modules: tuple[str, ...] = ()  # shown while one of these modules is on (none: always)


TOPICS = (
    HelpTopic("start", _("Overview, tasks and requests"),
              pages=("dashboard", "inbox", "request_list", "request_detail", "request_search",
                     "general_request_new", "preferences")),
    HelpTopic("arbeitszeit", _("Working time"), apps=("time",), modules=("time",)),
    HelpTopic("urlaub", _("Leave and absence"), apps=("timekeeping",), modules=("leave",)),
    HelpTopic("dienstreisen", _("Business trips and training"), apps=("trips",), modules=("trips",)),
    HelpTopic("buchen", _("Rooms and cars"), apps=("reservations",), modules=("rooms", "cars")),
    HelpTopic("telefonbuch", _("Address book"), apps=("directory",), modules=("addressbook",)),
    HelpTopic("personal", _("For HR"),
              pages=("time:time_export", "time:council_report", "timekeeping:leave_admin",
                     "timekeeping:absence_enter", "trips:training_report", "trips:training_budgets")),
    HelpTopic("verwaltung", _("For administrators, fleet and facility management"),
              pages=("directory_test", "reservations:manage_resources", "reservations:resource_new",
                     "reservations:resource_edit", "reservations:licence_checks", "reservations:fleet_report")),
)


def topics_enabled() -> list[HelpTopic]:
    """The topics of the modules that are switched on (settings.MODULES)."""
    return [t for t in TOPICS if not t.modules or any(module_enabled(m) for m in t.modules)]


def topic_for(view_name: str, namespace: str) -> HelpTopic | None:
    """The topic that explains the page named view_name ("namespace:name"), if any."""
    topics = topics_enabled()
    return next((t for t in topics if view_name in t.pages), None) or next(
        (t for t in topics if namespace and namespace in t.apps), None)
