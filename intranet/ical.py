"""Events as iCalendar (RFC 5545) for feeds and downloads. Pure: data in, bytes out.

All-day events use VALUE=DATE with an exclusive DTEND; timed events carry TZID=Europe/Berlin with a
VTIMEZONE, so Outlook, Thunderbird, Google and Apple place them right on both sides of a DST change.
Each event has a stable UID, SEQUENCE and LAST-MODIFIED raised on change, and STATUS:CANCELLED while
a cancelled event is still kept, so clients remove it. The library escapes text and folds lines."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone
from icalendar import Calendar, Event

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
            event.add("dtend", item.end.astimezone(zone))
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
        if organizer:
            event.add("organizer", f"mailto:{organizer[0]}", parameters={"CN": organizer[1]} if organizer[1] else None)
        for address, person in attendees:
            event.add("attendee", f"mailto:{address}", parameters={"CN": person} if person else None)
        event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        event.add("status", "CANCELLED" if item.cancelled else "TENTATIVE" if item.tentative else "CONFIRMED")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
