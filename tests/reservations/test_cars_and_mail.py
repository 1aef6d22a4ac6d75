"""Confirmation mails with the .ics, blocks that tell the people affected, licence reminders, the logbook,
and the fleet report."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from reservations.services import (
    Request,
    block_create,
    booking_cancel,
    booking_create,
    last_odometer,
    licence_check_record,
    licence_reminders_send,
    logbook_record,
)
from tests.factories import make_licence_check, make_resource

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN)


def at(day: int, hour: int, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=BERLIN)


def test_confirmation_and_cancellation_mails_carry_the_ics(cast, smtp_sink, immediate_tasks,
        django_capture_on_commit_callbacks):
    room = make_resource(name="Ratssaal", checkin_minutes=15)
    with django_capture_on_commit_callbacks(execute=True):
        booking = booking_create(by=cast.bea, wanted=Request(resource=room, start=at(23, 10), end=at(23, 11),
                                                              title="Klausur", on_behalf_of=cast.ben), now=NOW)
    mails = smtp_sink.wait_for(2)
    assert sorted(m["To"] for m in mails) == ["bea@stadt.example", "ben@stadt.example"]
    mail = mails[0]
    assert mail["Subject"].startswith("Gebucht: Ratssaal")
    assert "innerhalb von 15 Minuten" in mail.get_body(("plain",)).get_content()
    (attachment,) = list(mail.iter_attachments())
    event = next(iter(icalendar.Calendar.from_ical(attachment.get_content()).walk("VEVENT")))
    assert str(event["uid"]).startswith(f"booking-{booking.pk}@") and event["status"] == "CONFIRMED"
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(by=cast.bea, booking_id=booking.pk, now=NOW)
    cancelled = smtp_sink.wait_for(4)[2]
    calendar = icalendar.Calendar.from_ical(next(iter(cancelled.iter_attachments())).get_content())
    assert next(iter(calendar.walk("VEVENT")))["status"] == "CANCELLED"


def test_a_block_over_existing_bookings_tells_their_people(cast, smtp_sink, immediate_tasks,
        django_capture_on_commit_callbacks):
    room = make_resource(name="Raum 1")
    booking_create(by=cast.ada, wanted=Request(resource=room, start=at(23, 10), end=at(23, 11), title="Termin"),
                   now=NOW)
    with pytest.raises(PermissionDenied):
        block_create(by=cast.ada, resource=room, start=at(23, 0), end=at(24, 0), reason="Wasserschaden")
    with pytest.raises(ValidationError):
        block_create(by=cast.fay, resource=room, start=at(23, 0), end=at(24, 0), reason=" ")
    with django_capture_on_commit_callbacks(execute=True):
        affected = block_create(by=cast.fay, resource=room, start=at(23, 0), end=at(24, 0), reason="Wasserschaden")
    assert [b.title for b in affected] == ["Termin"]
    (mail,) = smtp_sink.wait_for(1)
    assert mail["To"] == "ada@stadt.example" and "Wasserschaden" in mail.get_content()


def test_licence_checks_and_reminders(cast, smtp_sink, immediate_tasks,
        django_capture_on_commit_callbacks) -> None:
    with pytest.raises(PermissionDenied):
        licence_check_record(by=cast.fay, driver=cast.ada, checked_on=date(2026, 6, 1))
    licence_check_record(by=cast.fred, driver=cast.ada, checked_on=date(2026, 6, 1))  # lapses 1 December
    make_licence_check(cast.carl, date(2026, 11, 1), cast.fred)  # lapses in May
    with django_capture_on_commit_callbacks(execute=True):
        assert licence_reminders_send(today=date(2026, 11, 20)) == 1
        assert licence_reminders_send(today=date(2026, 11, 21)) == 0  # once per check
    (mail,) = smtp_sink.wait_for(1)
    assert mail["To"] == "ada@stadt.example" and "01.12.2026" in mail["Subject"]


def test_logbook_carries_the_odometer_and_flags_gaps(cast) -> None:
    car = make_resource("car", name="E-Golf")
    make_licence_check(cast.ada, date(2026, 11, 1), cast.fred)
    first = booking_create(by=cast.ada, wanted=Request(resource=car, start=at(20, 9), end=at(20, 12), title="Fahrt",
                                                       destination="Kassel", purpose="Termin"), now=NOW)
    second = booking_create(by=cast.ada, wanted=Request(resource=car, start=at(21, 9), end=at(21, 12), title="Fahrt",
                                                        destination="Fulda", purpose="Termin"), now=NOW)
    with pytest.raises(ValidationError):  # not begun yet
        logbook_record(by=cast.ada, booking_id=second.pk, odometer_start=100, odometer_end=150, now=NOW)
    with pytest.raises(PermissionDenied):
        logbook_record(by=cast.carl, booking_id=first.pk, odometer_start=100, odometer_end=150, now=at(20, 13))
    with pytest.raises(ValidationError) as backwards:
        logbook_record(by=cast.ada, booking_id=first.pk, odometer_start=100, odometer_end=90, now=at(20, 13))
    assert "odometer_end" in backwards.value.message_dict
    entry = logbook_record(by=cast.ada, booking_id=first.pk, odometer_start=12000, odometer_end=12180,
                           fuel_level=60, now=at(20, 13))
    assert entry.distance == 180 and entry.gap_km == 0
    assert last_odometer(car, at(21, 9)) == 12180
    gap = logbook_record(by=cast.ada, booking_id=second.pk, odometer_start=12230, odometer_end=12300,
                         now=at(21, 13))
    assert gap.gap_km == 50  # 50 km nobody recorded: the fleet manager sees it
    with pytest.raises(ValidationError):
        logbook_record(by=cast.ada, booking_id=second.pk, odometer_start=12300, odometer_end=12400, now=at(21, 13))


def test_a_check_in_reminder_with_the_link_goes_out_once(cast, smtp_sink, immediate_tasks,
        django_capture_on_commit_callbacks):
    from reservations.services import checkin_reminders_send

    room = make_resource(name="Raum 2.14", checkin_minutes=15)
    plain = make_resource(name="Raum ohne Einchecken")
    booking = booking_create(by=cast.ada, wanted=Request(resource=room, start=at(23, 10), end=at(23, 11),
                                                         title="Termin"), now=NOW)
    booking_create(by=cast.ada, wanted=Request(resource=plain, start=at(23, 10), end=at(23, 11), title="Termin"),
                   now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        assert checkin_reminders_send(now=at(23, 9)) == 0  # an hour ahead: not yet
        assert checkin_reminders_send(now=datetime(2026, 11, 23, 9, 50, tzinfo=BERLIN)) == 1
        assert checkin_reminders_send(now=datetime(2026, 11, 23, 9, 55, tzinfo=BERLIN)) == 0
    (mail,) = smtp_sink.wait_for(1)
    assert mail["Subject"].startswith("Bitte einchecken") and f"/buchen/{booking.pk}/" in mail.get_content()


def _car_trips(cast, count: int = 2):
    """A car and Ada's trips with it on the last days (they have begun: the logbook can be filled in)."""
    from datetime import timedelta

    from django.utils import timezone

    car = make_resource("car", name="Caddy")
    today = timezone.localdate()
    make_licence_check(cast.ada, today - timedelta(days=30), cast.fred)
    trips = []
    for n in range(count, 0, -1):
        day = today - timedelta(days=n)
        start = datetime(day.year, day.month, day.day, 9, tzinfo=BERLIN)
        trips.append(booking_create(by=cast.ada, now=start - timedelta(hours=1), wanted=Request(
            resource=car, start=start, end=start + timedelta(hours=8), title="Fahrt", destination="Kassel",
            purpose="Termin")))
    return car, trips


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    (100, 10**20, "odometer_end", "höchstens sieben Stellen"),        # was an OverflowError, a 500
    (100, 2_147_483_648, "odometer_end", "höchstens sieben Stellen"),  # was accepted and in the fleet report
    (10**20, 10**20, "odometer_start", "höchstens sieben Stellen"),
    (-1, 100, "odometer_start", "höchstens sieben Stellen"),
    (12_500, 12_400, "odometer_end", "unter dem bei Abfahrt"),
    (11_000, 11_500, "odometer_end", "zuletzt eingetragenen Stand dieses Fahrzeugs von 12.180 km"),
    (12_180, 14_500, "odometer_end", "2.320 km in einer Fahrt, mehr als 2.000 km"),
])
def test_implausible_odometer_readings_are_refused_with_the_reason(cast, start, end, field, message) -> None:
    from reservations.models import LogbookEntry

    car, (first, second) = _car_trips(cast)
    logbook_record(by=cast.ada, booking_id=first.pk, odometer_start=12_000, odometer_end=12_180)
    with pytest.raises(ValidationError) as refused:
        logbook_record(by=cast.ada, booking_id=second.pk, odometer_start=start, odometer_end=end)
    assert message in " ".join(refused.value.message_dict[field])
    assert LogbookEntry.objects.filter(car=car).count() == 1


def test_a_long_trip_is_recorded_once_confirmed_and_an_earlier_trip_keeps_below_a_later_one(cast) -> None:
    _car, (first, second) = _car_trips(cast)
    long = logbook_record(by=cast.ada, booking_id=second.pk, odometer_start=12_180, odometer_end=14_500,
                          confirm_distance=True)
    assert long.distance == 2_320
    with pytest.raises(ValidationError, match="nächsten eingetragenen Fahrt"):  # recorded late, after the next
        logbook_record(by=cast.ada, booking_id=first.pk, odometer_start=12_000, odometer_end=12_400)
    assert logbook_record(by=cast.ada, booking_id=first.pk, odometer_start=12_000, odometer_end=12_180).distance == 180


def test_the_logbook_form_and_api_refuse_absurd_readings_without_a_500(client, cast) -> None:
    from rest_framework.test import APIClient

    from reservations.models import LogbookEntry

    car, (first, second) = _car_trips(cast)
    client.force_login(cast.ada)
    url = f"/buchen/{first.pk}/fahrtenbuch/"
    huge = client.post(url, {"odometer_start": "100", "odometer_end": str(10**20)})
    assert huge.status_code == 200 and "9999999" in huge.content.decode()  # the form's own bound
    long = client.post(url, {"odometer_start": "100", "odometer_end": "2600"})
    page = long.content.decode()
    assert long.status_code == 200 and "2.500 km in einer Fahrt" in page and "Die Strecke stimmt" in page
    assert not LogbookEntry.objects.exists()
    assert client.post(url, {"odometer_start": "100", "odometer_end": "2600", "confirm_distance": "on"}
                       ).status_code == 302
    api = APIClient()
    api.force_authenticate(cast.ada)
    api_url = f"/api/v1/cars/{car.pk}/logbook/"
    for end in (10**20, 2_147_483_648):
        refused = api.post(api_url, {"booking": second.pk, "odometer_start": 2600, "odometer_end": end},
                           format="json")
        assert refused.status_code == 400 and "odometer_end" in refused.json(), end
    below = api.post(api_url, {"booking": second.pk, "odometer_start": 2600, "odometer_end": 2000}, format="json")
    assert below.status_code == 400 and "odometer_end" in below.json()
    far = {"booking": second.pk, "odometer_start": 2600, "odometer_end": 5000}
    assert api.post(api_url, far, format="json").status_code == 400
    assert api.post(api_url, {**far, "confirm_distance": True}, format="json").status_code == 201
    assert list(LogbookEntry.objects.order_by("booking__start").values_list("odometer_end", flat=True)) == [
        2600, 5000]
