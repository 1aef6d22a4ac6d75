"""Absences as iCalendar: all-day events (VALUE=DATE, DTEND exclusive), stable UIDs, SEQUENCE on
change, STATUS:CANCELLED for cancelled ones. Pure: data in, bytes out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from icalendar import Calendar, Event


@dataclass(frozen=True)
class AllDayEvent:
    uid: str
    summary: str
    first_day: date
    last_day: date
    sequence: int
    cancelled: bool
    stamp: datetime


def calendar_bytes(name: str, events: Iterable[AllDayEvent]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//Rathaus-Intranet//Abwesenheiten//DE")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("summary", item.summary)
        event.add("dtstart", item.first_day)                         # a date: VALUE=DATE
        event.add("dtend", item.last_day + timedelta(days=1))        # exclusive end
        event.add("dtstamp", item.stamp)
        event.add("sequence", item.sequence)
        event.add("transp", "TRANSPARENT" if item.cancelled else "OPAQUE")
        if item.cancelled:
            event.add("status", "CANCELLED")
        cal.add_component(event)
    return cal.to_ical()
