"""Series from the form, the personal and the resource feed, the door display, the managers' pages,
the logbook form and the fleet report."""

from __future__ import annotations

from datetime import timedelta

import icalendar
import pytest
import vobject
from django.utils import timezone

from directory.feeds import feed_token_renew, feed_url
from reservations.feeds import resource_token, resource_token_renew
from reservations.models import Block, Booking, LicenceCheck, Series
from reservations.services import Request, booking_create
from tests.factories import make_licence_check, make_resource


@pytest.fixture
def monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())  # next Monday


def test_a_series_from_the_form_preview_then_book(client, cast, monday) -> None:
    room = make_resource(name="Raum S")
    taken = timezone.make_aware(timezone.datetime.combine(monday + timedelta(days=7), timezone.datetime.min.time()))
    booking_create(by=cast.dan, wanted=Request(resource=room, start=taken + timedelta(hours=9),
                                               end=taken + timedelta(hours=10), title="Dan"))
    client.force_login(cast.ada)
    form = {"kind": "room", "resource": room.pk, "title": "Jour fixe", "day": monday.isoformat(), "start": "09:00",
            "end": "10:00", "attendees": 3, "series-repeat": "WEEKLY", "series-count": 4, "preview": "1"}
    page = client.post("/buchen/neu/", form).content.decode()
    assert page.count('name="dates"') == 4 and "bereits gebucht" in page
    assert not Series.objects.exists()
    chosen = [(monday + timedelta(days=7 * n)).isoformat() for n in (0, 2, 3)]
    response = client.post("/buchen/neu/", {**form, "create_series": "1", "dates": chosen})
    series = Series.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/buchen/serie/{series.pk}/"
    assert series.occurrences.count() == 3
    page = client.get(f"/buchen/serie/{series.pk}/").content.decode()
    assert "ausgelassen" in page
    missing = client.post("/buchen/neu/", {**form, "series-count": ""}).content.decode()
    assert "Enddatum oder eine Anzahl" in missing


def test_personal_feed_has_bookings_parses_twice_and_answers_304(client, cast, monday) -> None:
    start = timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time())) + timedelta(hours=9)
    booking = booking_create(by=cast.ada, wanted=Request(resource=make_resource(name="Ratssaal"), start=start,
                                                         end=start + timedelta(hours=1), title="Klausur"))
    feed_token_renew(user=cast.ada)
    path = feed_url(cast.ada, "persoenlich").split("8000", 1)[1]
    response = client.get(path)
    cal = icalendar.Calendar.from_ical(response.content)
    (event,) = [e for e in cal.walk("VEVENT") if str(e["uid"]).startswith("booking-")]
    assert event["summary"] == "Klausur" and event["dtstart"].params["TZID"] == "Europe/Berlin"
    assert cal.walk("VTIMEZONE") and "Ratssaal" in str(event["location"])
    assert vobject.readOne(response.content.decode()).vevent.summary.value == "Klausur"
    again = client.get(path, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert client.get(path, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    Booking.objects.filter(pk=booking.pk).update(title="Klausur (neu)", updated_at=timezone.now() + timedelta(
        seconds=2))
    assert client.get(path, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 200


def test_resource_feed_and_door_display_by_token(client, cast, monday) -> None:
    room = make_resource(name="Ratssaal", day_starts="00:00", day_ends="23:59")  # booked around now, any hour
    now = timezone.localtime()
    booking_create(by=cast.ada, wanted=Request(resource=room, start=now - timedelta(minutes=10),
                                               end=now + timedelta(minutes=50), title="Vertraulich"))
    token = resource_token(room)
    door = client.get(f"/buchen/tuer/{token}/")  # no sign-in: the tablet at the door has none
    page = door.content.decode()
    assert door.status_code == 200 and "Belegt bis" in page and "Vertraulich" not in page and "<svg" in page
    feed = client.get(f"/buchen/kalender/{token}.ics")
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["summary"]) == "Ratssaal: belegt"
    assert client.get(f"/buchen/kalender/{token}.ics", HTTP_IF_NONE_MATCH=feed["ETag"]).status_code == 304
    resource_token_renew(room)
    assert client.get(f"/buchen/tuer/{token}/").status_code == 404
    assert client.get(f"/buchen/kalender/{token}.ics").status_code == 404
    assert client.get("/buchen/tuer/1-kaputt/").status_code == 404


def test_managers_pages_are_for_managers(client, cast, monday) -> None:
    room, car = make_resource(name="Raum"), make_resource("car", name="Golf")
    for person, status in ((cast.ada, 404), (cast.hanna, 404), (cast.fay, 200), (cast.fred, 200)):
        client.force_login(person)
        assert client.get("/buchen/verwaltung/").status_code == status
    client.force_login(cast.fay)
    assert client.get(f"/buchen/verwaltung/{room.pk}/").status_code == 200
    assert client.get(f"/buchen/verwaltung/{car.pk}/").status_code == 404  # cars are the fleet's
    assert client.get("/buchen/verwaltung/fuehrerscheine/").status_code == 403
    response = client.post(f"/buchen/verwaltung/{room.pk}/sperren/", {
        "day": monday.isoformat(), "start": "00:00", "end_day": monday.isoformat(), "end": "23:59",
        "reason": "Malerarbeiten"})
    assert response.status_code == 302 and Block.objects.get().reason == "Malerarbeiten"
    bad = client.post(f"/buchen/verwaltung/{room.pk}/sperren/", {"day": "x", "reason": ""})
    assert bad.status_code == 200 and Block.objects.count() == 1
    client.force_login(cast.fred)
    response = client.post("/buchen/verwaltung/fuehrerscheine/", {"driver": "ada", "checked_on":
                                                                  timezone.localdate().isoformat(), "classes": "B"})
    assert response.status_code == 302 and LicenceCheck.objects.get().driver == cast.ada
    unknown = client.post("/buchen/verwaltung/fuehrerscheine/", {"driver": "niemand", "checked_on": "2026-01-01"})
    assert "Zu diesem Benutzernamen gibt es keine aktive Person." in unknown.content.decode()


def test_logbook_form_and_fleet_report(client, cast) -> None:
    car = make_resource("car", name="E-Golf", day_starts="00:00", day_ends="23:59")
    make_licence_check(cast.ada, timezone.localdate() - timedelta(days=10), cast.fred)
    start = timezone.now() - timedelta(minutes=20)
    booking = booking_create(by=cast.ada, wanted=Request(resource=car, start=start, end=start + timedelta(hours=1),
                                                         title="Fahrt", destination="Kassel", purpose="Termin"))
    client.force_login(cast.ada)
    page = client.get(f"/buchen/{booking.pk}/").content.decode()
    assert "Fahrtenbuch: bei Rückgabe ausfüllen" in page
    bad = client.post(f"/buchen/{booking.pk}/fahrtenbuch/", {"odometer_start": 500, "odometer_end": 400})
    assert "unter dem bei Abfahrt" in bad.content.decode()
    assert client.post(f"/buchen/{booking.pk}/fahrtenbuch/", {"odometer_start": 500, "odometer_end": 640,
                                                              "fuel_level": 70}).status_code == 302
    assert client.get("/buchen/verwaltung/fahrtenbuch/").status_code == 404
    client.force_login(cast.fred)
    month = timezone.localtime(start).strftime("%Y-%m")
    assert "140 km" in client.get("/buchen/verwaltung/fahrtenbuch/", {"month": month}).content.decode()
    csv = client.get("/buchen/verwaltung/fahrtenbuch/", {"month": month, "format": "csv"})
    body = b"".join(csv.streaming_content).decode("utf-8-sig")
    assert body.splitlines()[0].startswith("Fahrzeug;Kennzeichen;Beginn") and ";500;640;140;0;70;" in body


def test_a_left_out_date_is_booked_again_from_the_series_page(client, cast, monday) -> None:
    from reservations.rules import series_rule
    from reservations.series import series_create

    room = make_resource(name="Raum S")
    start = timezone.make_aware(timezone.datetime.combine(monday, timezone.datetime.min.time())) + timedelta(hours=9)
    series = series_create(by=cast.ada, rule=series_rule(freq="WEEKLY", count=3),
                           skip={monday + timedelta(days=7)},
                           wanted=Request(resource=room, start=start, end=start + timedelta(hours=1), title="Runde"))
    client.force_login(cast.ada)
    bad = client.post(f"/buchen/serie/{series.pk}/wieder-buchen/", {"day": "kaputt"}, follow=True)
    assert "Bitte wählen Sie einen Termin der Serie." in bad.content.decode()
    client.post(f"/buchen/serie/{series.pk}/wieder-buchen/", {"day": (monday + timedelta(days=7)).isoformat()})
    assert series.occurrences.filter(state="confirmed").count() == 3
