"""The absence feeds: one's own absences (in the personal feed) and, for supervisors, their team's."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.feeds import EventSource, Feed, Version, register_feed, register_personal_source, table_version
from directory.models import User
from directory.selectors import people_led_by
from intranet.core.ical import CalendarEvent, calendar_bytes
from intranet.core.modules import module_enabled
from intranet.core.roles import Role, roles_of
from intranet.core.site import uid_host

from .access import absence_label
from .models import LeaveRequest, LeaveState

# Cancelled absences stay in the feed a while as STATUS:CANCELLED, so clients remove them.
HISTORY = timedelta(days=400)


def _event(leave: LeaveRequest, summary: str) -> CalendarEvent:
    return CalendarEvent(
        uid=f"leave-{leave.pk}@{uid_host()}", summary=summary, start=leave.start, end=leave.end,
        sequence=leave.revision, cancelled=leave.state == LeaveState.CANCELLED, stamp=leave.updated_at,
    )


def _absences(people) -> QuerySet[LeaveRequest]:
    since = timezone.localdate() - HISTORY
    return (LeaveRequest.objects.filter(person__in=people, end__gte=since,
                                        state__in=[LeaveState.APPROVED, LeaveState.CANCELLED])
            .select_related("person", "leave_type").order_by("start"))


# Feeds are read without a sign-in and their addresses end up in external calendar services, so their
# reader is nobody (absence_label(None, ...): "abwesend", never why; design.md, privacy); the one exception
# is the person's own feed, where they chose to see the type (User.feed_shows_absence_type, on the settings
# page) and read it as themselves.
def own_absences(user: User) -> list[CalendarEvent]:
    reader = user if user.feed_shows_absence_type else None
    return [_event(leave, absence_label(reader, leave).name) for leave in _absences([user])]


def team_feed(user: User) -> bytes:
    events = [_event(leave, f"{leave.person.display_name}: {absence_label(None, leave).name}")
              for leave in _absences(people_led_by(user))]
    return calendar_bytes(f"Intranet – Team {user.display_name}", events)


register_personal_source(EventSource(
    name="absences", events=own_absences, rows=lambda user: _absences([user]),
    note=lambda user: f"types={user.feed_shows_absence_type}", available=lambda user: module_enabled("leave")))
def _team_version(user: User) -> Version:
    """The team's absences and who the team is: someone who leaves it takes their absences out of the feed
    even where the count and the last change stay the same (one query more)."""
    team = people_led_by(user)
    members = hashlib.sha256(repr(list(team.order_by("pk").values_list("pk", "first_name", "last_name")))
                             .encode()).hexdigest()[:16]
    version = table_version(_absences(team))
    return Version(key=f"{version.key}:team={members}", last_modified=version.last_modified)


register_feed(Feed(name="team-abwesenheiten", label=_("My team's absences"), build=team_feed,
                   available=lambda user: module_enabled("leave") and Role.SUPERVISOR in roles_of(user),
                   version=_team_version))
