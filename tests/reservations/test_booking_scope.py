"""bookings_of: the one scope of "my bookings" (page, API, dashboard, personal feed)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reservations.models import Booking, BookingState
from reservations.selectors import bookings_of, upcoming_bookings
from tests.factories import make_resource

# title -> (booker, booked for, driver, state, days from now) and whether it is Ada's / Ada's upcoming one
TABLE = {
    "booked by Ada":         (("ada", None, None, BookingState.CONFIRMED, 1), True, True),
    "booked for Ada":        (("ben", "ada", None, BookingState.CONFIRMED, 1), True, True),
    "driven by Ada":         (("fred", None, "ada", BookingState.PENDING, 1), True, True),
    "Ada's, cancelled":      (("ada", None, None, BookingState.CANCELLED, 1), True, False),
    "Ada's, past":           (("ada", None, None, BookingState.CONFIRMED, -3), True, False),
    "Ben's for Bea":         (("ben", "bea", None, BookingState.CONFIRMED, 1), False, False),
    "Ben's, Bea drives":     (("ben", None, "bea", BookingState.CONFIRMED, 1), False, False),
}


@pytest.fixture
def bookings(cast) -> dict[str, Booking]:
    room, car = make_resource("room"), make_resource("car")
    made = {}
    for n, (title, ((booker, behalf, driver, state, days), _, _)) in enumerate(TABLE.items()):
        start = timezone.now() + timedelta(days=days, hours=2 * n)  # none overlaps another
        made[title] = Booking.objects.create(
            resource=car if driver else room, title=title, start=start, end=start + timedelta(hours=1),
            occupied_until=start + timedelta(hours=1), booker=getattr(cast, booker), state=state,
            on_behalf_of=getattr(cast, behalf) if behalf else None, driver=getattr(cast, driver) if driver else None)
    return made


def test_the_scope_of_my_bookings(cast, bookings) -> None:
    assert {b.title for b in bookings_of(cast.ada)} == {t for t, (_, mine, _) in TABLE.items() if mine}
    assert {b.title for b in upcoming_bookings(cast.ada)} == {t for t, (_, _, soon) in TABLE.items() if soon}
    assert {b.title for b in bookings_of(cast.bea)} == {"Ben's for Bea", "Ben's, Bea drives"}
    assert not bookings_of(cast.dan).exists()


def test_page_and_api_show_that_scope(client, cast, bookings) -> None:
    api = APIClient()
    api.force_authenticate(cast.ada)
    listed = {row["title"] for row in api.get("/api/v1/bookings/", {"page_size": 100}).json()["results"]}
    assert listed == {t for t, (_, mine, _) in TABLE.items() if mine}
    client.force_login(cast.ada)
    page = client.get("/buchen/meine/").content.decode()
    for title, (_, mine, _) in TABLE.items():
        assert (title.replace("'", "&#x27;") in page) == mine, title
