"""The VTIMEZONE intranet/ical.py writes from the zone's current POSIX rule, for other zones than Berlin
too (TIME_ZONE is a setting): read by ical.js and vobject, every event lands on the instant it was
written for, a few hours either side of each change of offset in the coming years."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from intranet.core.ical import CalendarEvent, calendar_bytes, vtimezone
from tests.intranet.test_calendar_clients import read_vobject

YEAR = timezone.now().year + 1
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Sydney", "Australia/Lord_Howe", "Asia/Tokyo",
         "Asia/Kolkata", "UTC"]


def changes(zone: ZoneInfo, years: range) -> list[datetime]:
    """The UTC instants at which the zone's offset changes (found by stepping through the hours)."""
    found, at = [], datetime(years.start, 1, 1, tzinfo=UTC)
    while at.year < years.stop:
        if (at + timedelta(hours=1)).astimezone(zone).utcoffset() != at.astimezone(zone).utcoffset():
            found.append(at + timedelta(hours=1))
        at += timedelta(hours=1)
    return found


@pytest.mark.clients
@pytest.mark.parametrize("key", ZONES)
def test_events_around_each_change_read_at_their_instant(key, icaljs) -> None:
    zone = ZoneInfo(key)
    moments = [datetime(YEAR, month, 15, 12, tzinfo=UTC) for month in range(1, 13)]
    for change in changes(zone, range(YEAR, YEAR + 3)):
        moments += [change - timedelta(hours=3), change + timedelta(hours=3)]  # never an ambiguous local time
    stamp = datetime(YEAR - 1, 1, 1, tzinfo=UTC)
    events = [CalendarEvent(uid=f"e{n}", summary=str(n), start=at, end=at + timedelta(minutes=30), sequence=0,
                            stamp=stamp) for n, at in enumerate(moments)]
    with timezone.override(zone):
        ics = calendar_bytes("Zonen", events)
    expected = {f"e{n}": (at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
                          (at + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M:%S.000Z"))
                for n, at in enumerate(moments)}
    assert f"TZID:{key}".encode() in ics and b"RDATE" not in ics
    for parser, read in (("ical.js", icaljs(ics)), ("vobject", read_vobject(ics))):
        assert {e["uid"]: (e["start"], e["end"]) for e in read} == expected, parser


def test_berlin_is_written_as_outlook_writes_it() -> None:
    text = vtimezone("Europe/Berlin").to_ical().decode().replace("\r\n", "\n")
    for line in ("BEGIN:STANDARD\nDTSTART:19701025T030000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\n",
                 "TZOFFSETFROM:+0200\nTZOFFSETTO:+0100\n",
                 "BEGIN:DAYLIGHT\nDTSTART:19700329T020000\nRRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\n",
                 "TZOFFSETFROM:+0100\nTZOFFSETTO:+0200\n"):
        assert line in text
