"""Every calendar the intranet writes, read as Thunderbird and Outlook read it: with Mozilla's ical.js
(Thunderbird's parser) under Node and with vobject (its own parser; time zones through python-dateutil's
tzical and rrule), not with icalendar, which writes the files and so would agree with any mistake in them.

Each event's instant is compared with what was booked, in winter and in summer time: a booking for
09:30 in Berlin is 08:30Z in January and 07:30Z after the last Sunday of March. A VTIMEZONE that lists
its transitions in one RDATE put ical.js an hour late for every summer event (issue 16)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import vobject
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.feeds import feed_token_renew, feed_url
from intranet.approvals.workflow import step_decide
from reservations.feeds import resource_token
from reservations.rules import series_rule
from reservations.series import series_create
from reservations.services import Request, booking_create
from tests.factories import make_resource
from tests.fixtures.world import working_day
from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import entitlement_grant, leave_request_create

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = timezone.localdate()
YEAR = TODAY.year + 1  # next year's January and spring are always ahead, whenever the tests run


def last_sunday_of_march(year: int) -> date:
    day = date(year, 3, 31)
    return day - timedelta(days=(day.weekday() + 1) % 7)


WINTER = date(YEAR, 1, 12) + timedelta(days=(1 - date(YEAR, 1, 12).weekday()) % 7)  # a Tuesday in January
SUMMER = last_sunday_of_march(YEAR) + timedelta(days=2)       # the Tuesday after summer time began
BEFORE = SUMMER - timedelta(days=7)                             # the Tuesday before: still winter time


def zulu(day: date, hour: int, minute: int) -> str:
    """The UTC instant of a time in Berlin, as ical.js prints it."""
    return datetime.combine(day, time(hour, minute), BERLIN).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def test_the_expected_instants_are_the_ones_the_issue_names() -> None:
    """The arithmetic above, stated once by hand: 09:30 is 08:30Z in winter, 07:30Z in summer."""
    assert zulu(WINTER, 9, 30) == f"{WINTER}T08:30:00.000Z"
    assert zulu(BEFORE, 9, 30) == f"{BEFORE}T08:30:00.000Z"
    assert zulu(SUMMER, 9, 30) == f"{SUMMER}T07:30:00.000Z"
    assert zulu(date(2027, 3, 30), 9, 30) == "2027-03-30T07:30:00.000Z"


def read_vobject(ics: bytes) -> list[dict]:
    """The same fields as tests/js/ical_events.mjs prints, as vobject reads them."""
    def instant(value) -> str:
        if isinstance(value, datetime):
            assert value.tzinfo is not None, "a floating time: the client would guess the zone"
            return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return value.isoformat()

    events = []
    for calendar in vobject.readComponents(ics.decode()):
        for event in calendar.vevent_list:
            base = {"uid": event.uid.value, "summary": event.summary.value,
                    "status": event.status.value if hasattr(event, "status") else None}
            length = event.dtend.value - event.dtstart.value
            starts = list(event.getrruleset(addRDate=True)) if event.rruleset else [event.dtstart.value]
            events += [{**base, "start": instant(s), "end": instant(s + length)} for s in starts]
    return events


def instants(events: list[dict]) -> dict[str, tuple[str, str]]:
    found = {}
    for event in events:
        assert event["uid"] not in found, f"{event['uid']} twice"
        found[event["uid"]] = (event["start"], event["end"])
    return found


@pytest.fixture
def booked(cast, settings, smtp_sink, immediate_tasks, django_capture_on_commit_callbacks):
    """Ada's bookings: a single one in January, a weekly series over the change to summer time (for Ben:
    both get the mail), and an approved day of leave for her and her supervisor Ben's team feed."""
    settings.SERIES_HORIZON_DAYS = 800
    room = make_resource(name="Sitzungsraum", max_days_ahead=800)
    with django_capture_on_commit_callbacks(execute=True):
        single = booking_create(by=cast.ada, wanted=Request(
            resource=room, start=datetime.combine(WINTER, time(9, 30), BERLIN),
            end=datetime.combine(WINTER, time(10, 45), BERLIN), title="Klausur"))
    with django_capture_on_commit_callbacks(execute=True):
        series = series_create(by=cast.ada, wanted=Request(
            resource=room, start=datetime.combine(BEFORE, time(9, 30), BERLIN),
            end=datetime.combine(BEFORE, time(10, 0), BERLIN), title="Jour fixe", on_behalf_of=cast.ben),
            rule=series_rule(freq="WEEKLY", weekdays=["TU"], count=2), skip=set())
    day_off = working_day(TODAY + timedelta(days=21), 1)
    entitlement_grant(person=cast.ada, year=day_off.year)
    leave = leave_request_create(by=cast.ada, leave_type=LeaveType.objects.get(code="erholungsurlaub"),
                                 start=day_off, end=day_off, today=TODAY)
    step_decide(by=cast.ben, step_id=leave.approval.steps.get().pk, approve=True)
    bookings = {f"booking-{single.pk}": (zulu(WINTER, 9, 30), zulu(WINTER, 10, 45))}
    for occurrence in series.occurrences.order_by("start"):
        day = timezone.localdate(occurrence.start)
        bookings[f"booking-{occurrence.pk}"] = (zulu(day, 9, 30), zulu(day, 10, 0))
    assert len(bookings) == 3 and zulu(SUMMER, 9, 30) in {start for start, _ in bookings.values()}
    return {"room": room, "single": single, "series": series, "leave": leave,
            "bookings": bookings, "absence": {f"leave-{leave.pk}": (day_off.isoformat(),
                                                                    (day_off + timedelta(days=1)).isoformat())},
            "mails": list(smtp_sink.wait_for(3))}


def calendars(cast, booked) -> dict[str, tuple[bytes, dict]]:
    """name -> (the .ics as the intranet serves or mails it, what each event should say)."""
    bookings, absence = booked["bookings"], booked["absence"]
    series = {uid: when for uid, when in bookings.items() if uid != f"booking-{booked['single'].pk}"}
    found = {}
    for person, name, expected in ((cast.ada, "persoenlich", {**bookings, **absence}),
                                   (cast.ben, "team-abwesenheiten", absence)):
        feed_token_renew(user=person)
        response = Client().get(urlsplit(feed_url(person, name)).path)  # a calendar client: no session
        assert response.status_code == 200, name
        found[f"feed {name}"] = (response.content, expected)
    response = Client().get(reverse("reservations:resource_feed", args=[resource_token(booked["room"])]))
    assert response.status_code == 200
    found["resource feed"] = (response.content, bookings)
    signed_in = Client()
    signed_in.force_login(cast.ada)
    for uid, when in bookings.items():
        response = signed_in.get(reverse("reservations:booking_download", args=[int(uid.split("-")[1])]))
        assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
        found[f"download {uid}"] = (response.content, {uid: when})
    mails = booked["mails"]
    assert sorted(m["To"] for m in mails) == ["ada@stadt.example", "ada@stadt.example", "ben@stadt.example"]
    for number, mail in enumerate(mails):
        attachment = next(part for part in mail.iter_attachments() if part.get_content_type() == "text/calendar")
        content = attachment.get_content()
        content = content.encode() if isinstance(content, str) else content
        single = f"booking-{booked['single'].pk}"
        expected = series if "2 Termine" in mail["Subject"] else {single: bookings[single]}
        found[f"mail {number} to {mail['To']}"] = (content, expected)
    return found


@pytest.mark.clients
def test_every_calendar_reads_at_the_booked_instant_in_ical_js_and_vobject(cast, booked, icaljs) -> None:
    uids: dict[str, set[str]] = {}
    for name, (ics, expected) in calendars(cast, booked).items():
        assert b"BEGIN:VTIMEZONE" in ics or not any("T" in start for start, _ in expected.values()), name
        for parser, events in (("ical.js", icaljs(ics)), ("vobject", read_vobject(ics))):
            read = {uid.split("@")[0]: when for uid, when in instants(events).items()}
            assert read == expected, f"{parser} reads {name} at other times than were booked"
            for event in events:
                uids.setdefault(event["uid"].split("@")[0], set()).add(event["uid"])
    # A client merges the mail's event with the feed's by UID: each booking has one UID everywhere.
    assert all(len(found) == 1 for found in uids.values()), uids


@pytest.mark.clients
def test_a_summer_booking_is_07_30z_in_thunderbird(cast, booked, icaljs) -> None:
    """The issue's own example, spelt out: the summer date of the series, single download, in ical.js."""
    summer = next(b for b in booked["series"].occurrences.all() if timezone.localdate(b.start) == SUMMER)
    signed_in = Client()
    signed_in.force_login(cast.ada)
    ics = signed_in.get(reverse("reservations:booking_download", args=[summer.pk])).content
    [event] = icaljs(ics)
    assert (event["start"], event["end"]) == (f"{SUMMER}T07:30:00.000Z", f"{SUMMER}T08:00:00.000Z")
    assert event["summary"] == "Jour fixe" and event["status"] == "CONFIRMED"
