"""Twenty people book the same room for the same hour at once, each on their own PostgreSQL
connection: exactly one booking, nineteen clear collisions."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from reservations.models import Booking
from reservations.services import Collision, Request, booking_create
from tests.factories import make_resource, make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections: run with DATABASE_URL=postgres://…",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("buffer", [0, 30])
def test_twenty_concurrent_bookings_of_one_span_leave_exactly_one(reference_data, buffer) -> None:
    room = make_resource(buffer_minutes=buffer)
    people = [make_user() for _ in range(20)]
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=2)
    barrier = threading.Barrier(len(people))
    results: list[str] = []

    def attempt(person, offset: int) -> None:
        try:
            barrier.wait(timeout=20)
            # Slightly different spans that all overlap (and, with the buffer, touch within it).
            booking_create(by=person, wanted=Request(resource=room, start=start + timedelta(minutes=offset),
                                                     end=start + timedelta(minutes=60 + offset), title="Sitzung"))
            results.append("booked")
        except Collision:
            results.append("collision")
        except Exception as exc:  # anything else is a failure the assertion below shows
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(person, (n % 3) * 10)) for n, person in enumerate(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["booked"] + ["collision"] * 19
    assert Booking.objects.filter(resource=room).count() == 1
