"""reservations.spans.Occupies: the bookings that occupy their resource at some moment of a span, the same
rows on PostgreSQL (a range overlap, from the index booking_span) as the two comparisons say on SQLite."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from reservations.models import Booking
from reservations.services import Request, booking_create
from reservations.spans import Occupies
from tests.factories import make_resource


def at(hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@pytest.mark.parametrize(("since", "until", "expected"), [
    ((9, 0), (10, 0), {"a"}),             # the booking's own span
    ((10, 0), (11, 0), {"b"}),            # a span that starts as one booking ends: only the next
    ((8, 0), (9, 0), set()),              # ends as the first begins
    ((9, 59), (10, 1), {"a", "b"}),       # a minute either side of the change
    ((10, 30), (10, 45), {"b"}),          # inside a booking
    ((12, 0), (13, 0), {"c"}),            # c's buffer after its end occupies the room until 12:15
    ((12, 15), (13, 0), set()),           # ... and no longer
    ((7, 0), (20, 0), {"a", "b", "c"}),
])
def test_occupies_finds_exactly_the_bookings_over_the_span(cast, since, until, expected) -> None:
    room = make_resource(name="Raum Linde")
    made = {}
    for name, start, end in (("a", at(9), at(10)), ("b", at(10), at(11)), ("c", at(11), at(12))):
        made[name] = booking_create(by=cast.ada, wanted=Request(resource=room, start=start, end=end, title=name))
    Booking.objects.filter(pk=made["c"].pk).update(occupied_until=at(12, 15))  # a buffer after the booking
    found = set(Booking.objects.filter(Occupies(at(*since), at(*until)), resource=room)
                .values_list("title", flat=True))
    assert found == expected


def test_the_span_index_is_there_on_postgresql(db) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no range type: the (resource, start) index serves there")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'booking_span'")
        assert "tstzrange(start, occupied_until" in cursor.fetchone()[0]
