"""The absence feeds: one's own absences (in the personal feed) and, for supervisors, their team's."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import User
from directory.selectors import people_led_by
from intranet.feeds import EventSource, Feed, register_feed, register_personal_source, table_version
from intranet.ical import CalendarEvent, calendar_bytes
from intranet.modules import module_enabled
from intranet.permissions import may
from intranet.roles import Role, roles_of

from .models import LeaveRequest, LeaveState

# Cancelled absences stay in the feed a while as STATUS:CANCELLED, so clients remove them.
HISTORY = timedelta(days=400)


def _host() -> str:
    return settings.SITE_URL.split("://")[-1].split("/")[0]


def _event(leave: LeaveRequest, summary: str) -> CalendarEvent:
    return CalendarEvent(
        uid=f"leave-{leave.pk}@{_host()}", summary=summary, start=leave.start, end=leave.end,
        sequence=leave.revision, cancelled=leave.state == LeaveState.CANCELLED, stamp=leave.updated_at,
    )


def _absences(people) -> object:
    since = timezone.localdate() - HISTORY
    return (LeaveRequest.objects.filter(person__in=people, end__gte=since,
                                        state__in=[LeaveState.APPROVED, LeaveState.CANCELLED])
            .select_related("person", "leave_type").order_by("start"))


def own_absences(user: User) -> list[CalendarEvent]:
    return [_event(leave, leave.leave_type.name_de) for leave in _absences([user])]


def team_feed(user: User) -> bytes:
    events = []
    for leave in _absences(people_led_by(user)):
        if may(user, "timekeeping.see_absence_reason", leave.person):
            reason = "krank" if leave.leave_type.is_sickness else leave.leave_type.name_de
        else:
            reason = "abwesend"
        events.append(_event(leave, f"{leave.person.display_name}: {reason}"))
    return calendar_bytes(f"Intranet – Team {user.display_name}", events)


register_personal_source(EventSource(
    name="absences", events=own_absences, version=lambda user: table_version(_absences([user])),
    available=lambda user: module_enabled("leave")))
register_feed(Feed(name="team-abwesenheiten", label=_("My team's absences"), build=team_feed,
                   available=lambda user: module_enabled("leave") and Role.SUPERVISOR in roles_of(user),
                   version=lambda user: table_version(_absences(people_led_by(user)))))
