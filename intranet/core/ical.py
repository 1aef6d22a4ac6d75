"""Events as iCalendar (RFC 5545) for feeds and downloads. Pure: data in, bytes out.

All-day events use VALUE=DATE with an exclusive DTEND; timed events carry TZID=Europe/Berlin with a
VTIMEZONE, so Outlook, Thunderbird, Google and Apple place them right on both sides of a DST change.
The VTIMEZONE states the zone's current rule as a STANDARD and a DAYLIGHT component with a yearly RRULE,
as Outlook and Google write it: a list of transitions in one RDATE (what icalendar generates) is read
by Mozilla's ical.js (Thunderbird) only up to its first date, which put every summer event an hour late.
Each event has a stable UID, SEQUENCE and LAST-MODIFIED raised on change, and STATUS:CANCELLED while
a cancelled event is still kept, so clients remove it. The library escapes text and folds lines."""

from __future__ import annotations

import calendar
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources
from pathlib import Path
from typing import cast

from django.utils import timezone
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

REFRESH = "PT15M"  # how often clients should fetch a feed again


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    summary: str
    start: date | datetime   # a date: an all-day event
    end: date | datetime     # for all-day events the last day (inclusive)
    sequence: int
    stamp: datetime          # last change
    cancelled: bool = False
    tentative: bool = False
    location: str = ""
    description: str = ""


def calendar_bytes(name: str, events: Iterable[CalendarEvent], *, method: str = "PUBLISH",
                   organizer: tuple[str, str] | None = None, attendees: Sequence[tuple[str, str]] = ()) -> bytes:
    """A calendar of the events. Feeds and downloads PUBLISH; a mail's file (iTIP, RFC 5546) names its
    organizer and attendees (address, name) on each event, and METHOD:CANCEL takes cancelled events
    out of the recipients' calendars."""
    cal = Calendar()
    cal.add("prodid", "-//Rathaus-Intranet//Kalender//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", timezone.get_current_timezone_name())
    cal.add("refresh-interval", timedelta(minutes=15), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", REFRESH)
    zone = timezone.get_current_timezone()
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("summary", item.summary)
        if isinstance(item.start, datetime):
            event.add("dtstart", item.start.astimezone(zone))
            event.add("dtend", cast(datetime, item.end).astimezone(zone))  # a timed event ends at a time
        else:
            event.add("dtstart", item.start)                          # VALUE=DATE
            event.add("dtend", item.end + timedelta(days=1))           # exclusive end
        event.add("dtstamp", item.stamp)
        event.add("last-modified", item.stamp)
        event.add("sequence", item.sequence)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        # parameters: icalendar takes None, its own default, which its annotation leaves out.
        if organizer:
            event.add("organizer", f"mailto:{organizer[0]}", parameters={"CN": organizer[1]} if organizer[1] else None)  # type: ignore[arg-type]
        for address, person in attendees:
            event.add("attendee", f"mailto:{address}", parameters={"CN": person} if person else None)  # type: ignore[arg-type]
        event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        event.add("status", "CANCELLED" if item.cancelled else "TENTATIVE" if item.tentative else "CONFIRMED")
        cal.add_component(event)
    if any(isinstance(event.decoded("dtstart"), datetime) for event in cal.walk("VEVENT")):
        cal.subcomponents.insert(0, vtimezone(timezone.get_current_timezone_name()))  # first, as Outlook writes it
    return cal.to_ical()


# A POSIX TZ rule, as the last line of a TZif file states the zone's current rule:
# "CET-1CEST,M3.5.0,M10.5.0/3" = standard CET at UTC+1, summer CEST from the last Sunday of March 02:00
# until the last Sunday of October 03:00 (local time). Offsets count west of Greenwich (sign inverted).
_NAME = r"(?:<[^>]+>|[A-Za-z]{3,})"
_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_POSIX = re.compile(rf"^({_NAME})({_OFFSET})(?:({_NAME})({_OFFSET})?,M(\d+)\.(\d)\.(\d)(?:/({_OFFSET}))?"
                    rf",M(\d+)\.(\d)\.(\d)(?:/({_OFFSET}))?)?$")


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


@cache
def _posix_rule(key: str) -> str | None:
    """The POSIX rule at the end of the zone's TZif file (system zoneinfo or the tzdata package)."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / key
        if path.is_file():
            return path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")
    try:
        package, _, name = f"tzdata.zoneinfo.{key}".replace("/", ".").rpartition(".")
        return resources.files(package).joinpath(name).read_bytes().rstrip(b"\n").rsplit(b"\n", 1)[-1].decode()
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def _transition(offset_from: int, offset_to: int, name: str, month: int, week: int, weekday: int, at: str | None,
                component: type[TimezoneStandard | TimezoneDaylight]) -> TimezoneStandard | TimezoneDaylight:
    """A STANDARD or DAYLIGHT component: from the first such day in 1970, every year on that weekday."""
    sunday_first = (weekday - 1) % 7  # POSIX counts days from Sunday=0, Python from Monday=0
    days = [d for d in calendar.Calendar().itermonthdates(1970, month)
            if d.month == month and d.weekday() == sunday_first]
    day = days[-1] if week == 5 else days[week - 1]
    part = component()
    part.add("dtstart", datetime.combine(day, datetime.min.time()) + timedelta(seconds=_seconds(at or "2")))
    part.add("tzoffsetfrom", timedelta(seconds=offset_from))
    part.add("tzoffsetto", timedelta(seconds=offset_to))
    part.add("tzname", name.strip("<>"))
    byday = ("-1" if week == 5 else str(week)) + ["SU", "MO", "TU", "WE", "TH", "FR", "SA"][weekday]
    part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
    return part


def vtimezone(key: str) -> Timezone:
    """The zone's VTIMEZONE with its current rule: STANDARD and DAYLIGHT with a yearly RRULE from 1970
    (as Outlook and Google write it), or one STANDARD for a zone without summer time."""
    rule = _posix_rule(key)
    found = _POSIX.match(rule or "")
    if found is None:  # a rule this cannot state (none seen in tzdata for zones in use): the library's list
        cal = Calendar()
        event = Event()
        event.add("dtstart", datetime(2000, 1, 1, tzinfo=zoneinfo.ZoneInfo(key)))
        cal.add_component(event)
        cal.add_missing_timezones()
        return cast(Timezone, cal.walk("VTIMEZONE")[0])  # walk() is typed as any Component
    std_name, std_offset, dst_name, dst_offset, *dates = found.groups()
    standard = -_seconds(std_offset)
    zone = Timezone()
    zone.add("tzid", key)
    if dst_name is None:
        part = TimezoneStandard()
        part.add("dtstart", datetime(1970, 1, 1))  # noqa: DTZ001 - a VTIMEZONE's DTSTART is local time
        part.add("tzoffsetfrom", timedelta(seconds=standard))
        part.add("tzoffsetto", timedelta(seconds=standard))
        part.add("tzname", std_name.strip("<>"))
        zone.add_component(part)
        return zone
    daylight = -_seconds(dst_offset) if dst_offset else standard + 3600
    start_month, start_week, start_day, start_at, end_month, end_week, end_day, end_at = dates
    zone.add_component(_transition(daylight, standard, std_name, int(end_month), int(end_week), int(end_day),
                                   end_at, TimezoneStandard))
    zone.add_component(_transition(standard, daylight, dst_name, int(start_month), int(start_week), int(start_day),
                                   start_at, TimezoneDaylight))
    return zone
