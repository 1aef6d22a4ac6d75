"""Booking pages: search, grid, book, collide with alternatives, change, cancel, .ics, permissions."""

from __future__ import annotations

from datetime import datetime, timedelta

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reservations.models import Booking, BookingState
from reservations.services import Request, booking_create
from tests.factories import make_resource


@pytest.fixture
def tomorrow() -> datetime:
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)


def test_search_finds_free_rooms_by_seats_and_equipment(client, cast, tomorrow) -> None:
    big = make_resource(name="Ratssaal", capacity=40, equipment="Beamer, Mikrofon", step_free=True)
    small = make_resource(name="Kleiner Raum", capacity=4)
    taken = make_resource(name="Besetzt", capacity=40, equipment="Beamer")
    booking_create(by=cast.dan, wanted=Request(resource=taken, start=tomorrow, end=tomorrow + timedelta(hours=2),
                                               title="Sitzung"))
    client.force_login(cast.ada)
    page = client.get("/buchen/", {"kind": "room", "day": tomorrow.date().isoformat(), "start": "10:30",
                                   "end": "11:30", "capacity": 10, "equipment": "beamer"}).content.decode()
    assert big.name in page and small.name not in page and "Besetzt" not in page
    bad = client.get("/buchen/", {"kind": "room", "day": "kaputt", "start": "11:00", "end": "10:00"})
    assert bad.status_code == 200 and "Bitte korrigieren" in bad.content.decode()


def test_book_from_the_form_and_a_collision_offers_alternatives(client, cast, tomorrow) -> None:
    room = make_resource(name="Raum A")
    other = make_resource(name="Raum B")
    client.force_login(cast.ada)
    form = {"kind": "room", "resource": room.pk, "title": "Teamrunde", "day": tomorrow.date().isoformat(),
            "start": "10:00", "end": "11:00", "attendees": 4}
    response = client.post("/buchen/neu/", form)
    booking = Booking.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/buchen/{booking.pk}/"
    client.force_login(cast.carl)
    response = client.post("/buchen/neu/", {**form, "title": "Carls Runde"})
    page = response.content.decode()
    assert response.status_code == 200 and "bereits gebucht" in page and "Teamrunde" not in page
    assert 'value="Carls Runde"' in page  # what was typed is kept
    assert "Alternativen" in page and "Raum B" in page and f'data-fill-resource="{other.pk}"' in page
    assert "frei ab" in page  # the next free time of Raum A
    assert Booking.objects.count() == 1


def test_others_cannot_see_or_change_a_booking(client, cast, tomorrow) -> None:
    booking = booking_create(by=cast.ada, wanted=Request(resource=make_resource(), start=tomorrow,
                                                         end=tomorrow + timedelta(hours=1), title="Gespräch"))
    client.force_login(cast.dan)
    assert client.get(f"/buchen/{booking.pk}/").status_code == 404
    assert client.post(f"/buchen/{booking.pk}/stornieren/").status_code == 404
    assert client.get(f"/buchen/{booking.pk}/kalender.ics").status_code == 404
    client.force_login(cast.fay)  # the facility manager may
    assert client.get(f"/buchen/{booking.pk}/").status_code == 200


def test_change_cancel_and_download(client, cast, tomorrow) -> None:
    room = make_resource(name="Raum A")
    booking = booking_create(by=cast.ada, wanted=Request(resource=room, start=tomorrow,
                                                         end=tomorrow + timedelta(hours=1), title="Gespräch"))
    client.force_login(cast.ada)
    assert "Gespräch" in client.get(f"/buchen/{booking.pk}/aendern/").content.decode()
    response = client.post(f"/buchen/{booking.pk}/aendern/", {
        "kind": "room", "resource": room.pk, "title": "Gespräch", "day": tomorrow.date().isoformat(),
        "start": "14:00", "end": "15:00", "attendees": 2})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert timezone.localtime(booking.start).hour == 14 and booking.sequence == 1
    ics = client.get(f"/buchen/{booking.pk}/kalender.ics")
    (event,) = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")
    assert event["summary"] == "Gespräch" and event["dtstart"].params["TZID"] == "Europe/Berlin"
    asked = client.post(f"/buchen/{booking.pk}/stornieren/")  # a cancellation asks first, as the others do
    assert asked.status_code == 200 and "Diese Buchung stornieren?" in asked.content.decode()
    booking.refresh_from_db()
    assert booking.state == BookingState.CONFIRMED
    assert client.post(f"/buchen/{booking.pk}/stornieren/", {"confirm": "yes"}).status_code == 302
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED


def test_cancelling_this_and_the_following_dates_asks_first_and_keeps_the_choice(client, cast, tomorrow) -> None:
    from reservations.rules import series_rule
    from reservations.series import series_create

    room = make_resource(name="Sitzungsraum")
    series = series_create(by=cast.ada, wanted=Request(resource=room, start=tomorrow, end=tomorrow + timedelta(hours=1),
                                                       title="Jour fixe"),
                           rule=series_rule(freq="WEEKLY", count=3), skip=set())
    first, *_later = series.occurrences.order_by("start")
    client.force_login(cast.ada)
    page = client.post(f"/buchen/{first.pk}/stornieren/", {"scope": "following"}).content.decode()
    assert "Diesen und alle folgenden Termine stornieren?" in page and "Jour fixe" in page
    assert f'action="/buchen/{first.pk}/stornieren/?scope=following"' in page
    assert not series.occurrences.filter(state=BookingState.CANCELLED).exists()
    response = client.post(f"/buchen/{first.pk}/stornieren/?scope=following", {"confirm": "yes"})
    assert response.status_code == 302
    assert series.occurrences.exclude(state=BookingState.CANCELLED).count() == 0  # a holiday may have no date


def test_grid_queries_do_not_grow_with_resources_or_bookings(client, cast, tomorrow) -> None:
    client.force_login(cast.ada)
    rooms = [make_resource() for _ in range(5)]
    booking_create(by=cast.ada, wanted=Request(resource=rooms[0], start=tomorrow, end=tomorrow + timedelta(hours=1),
                                               title="Eins"))
    day = tomorrow.date().isoformat()
    counts = {}
    for view in ("day", "week"):
        with CaptureQueriesContext(connection) as few:
            assert client.get("/buchen/belegung/", {"kind": "room", "day": day, "view": view}).status_code == 200
        counts[view] = len(few.captured_queries)
    more = [make_resource() for _ in range(20)]
    for n, room in enumerate(more):
        start = tomorrow + timedelta(minutes=30 * (n % 8))
        booking_create(by=cast.carl, wanted=Request(resource=room, start=start, end=start + timedelta(hours=1),
                                                    title=f"Termin {n}"))
    for view in ("day", "week"):
        with CaptureQueriesContext(connection) as many:
            page = client.get("/buchen/belegung/", {"kind": "room", "day": day, "view": view}).content.decode()
        assert len(many.captured_queries) == counts[view], view
        assert "Termin 3" not in page and "belegt" in page  # others' titles only as "belegt"


def test_the_module_switch(client, cast, settings) -> None:
    settings.MODULES = ["time", "leave"]
    client.force_login(cast.ada)
    assert client.get("/buchen/").status_code == 404


@pytest.mark.parametrize("path", [
    "/buchen/neu/?start=2025-02-30T10:00%2B01:00", "/buchen/neu/?end=2025-13-01T10:00", "/buchen/neu/?start=kaputt",
    "/buchen/belegung/?day=9999-12-31", "/buchen/belegung/?day=0001-01-01&view=week", "/buchen/belegung/?per_page=7",
    "/arbeitszeit/team/?month=9999-12", "/buchen/?kind=room&day=2026-02-30&start=10:00&end=11:00",
])
def test_odd_addresses_never_answer_500(client, cast, path) -> None:
    client.force_login(cast.ben)
    assert client.get(path).status_code in (200, 302, 404)


def test_odd_months_and_ids_never_answer_500(client, cast) -> None:
    from rest_framework.test import APIClient

    client.force_login(cast.fred)
    for path in ("/arbeitszeit/9999-12/", "/arbeitszeit/1-1/", "/buchen/verwaltung/fahrtenbuch/?month=9999-12",
                 "/buchen/verwaltung/fahrtenbuch/?month=1-1"):
        assert client.get(path).status_code in (200, 404), path
    api = APIClient()
    api.force_authenticate(cast.ada)
    assert api.get("/api/v1/bookings/", {"resource": "1" * 23}).status_code == 400
    assert api.get("/api/v1/timekeeping/months/9999-12/").status_code == 404


def test_the_change_button_says_aendern(client, cast, tomorrow) -> None:
    room = make_resource(name="Raum A")
    booking = booking_create(by=cast.ada, wanted=Request(resource=room, start=tomorrow,
                                                         end=tomorrow + timedelta(hours=1), title="Gespräch"))
    client.force_login(cast.ada)
    page = client.get(f"/buchen/{booking.pk}/").content.decode()
    assert ">Ändern</span></a>" in page and ">Änderung</" not in page


def test_the_resource_form_names_roles_not_their_codes(client, cast) -> None:
    client.force_login(cast.fred)
    page = client.get("/buchen/verwaltung/neu/", {"kind": "car"}).content.decode()
    assert '<option value="fleet">Fuhrparkverwaltung</option>' in page and "z. B. fleet" not in page
    assert '<option value="" selected>keine Rolle nötig</option>' in page


def test_a_car_is_booked_from_day_and_time_until_day_and_time_in_that_order(client, cast) -> None:
    car = make_resource(kind="car")
    client.force_login(cast.ada)
    page = client.get("/buchen/neu/", {"kind": "car", "resource": car.pk}).content.decode()
    labels = ["Von (Tag)", "Von (Uhrzeit)", "Bis (Tag)", "Bis (Uhrzeit)"]
    assert all(label in page for label in labels) and "Rückgabetag" not in page
    assert [page.index(label) for label in labels] == sorted(page.index(label) for label in labels)


def test_the_resource_form_sets_the_pairs_side_by_side(client, cast) -> None:
    client.force_login(cast.fay)
    page = client.get("/buchen/verwaltung/neu/", {"kind": "room"}).content.decode()
    for first, second in (("min_minutes", "max_minutes"), ("day_starts", "day_ends")):
        before = page[:page.index(f'name="{first}"')]
        assert before.rfind('<div class="field-row">') > before.rfind("name=")  # a row opens right before it
        between = page[page.index(f'name="{first}"') + 1:page.index(f'name="{second}"')]
        assert "field-row" not in between and "name=" not in between  # and the second is next, in the same row
