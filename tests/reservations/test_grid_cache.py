"""The grid's cells are drawn once for everyone who sees the same and kept in the cache: every change to
what they show (a booking made, moved, renamed, cancelled or deleted, a closure, the room itself, time
passing) must show at once, and nobody may see a title from another viewer's copy."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reservations.models import Booking
from reservations.services import Request, block_create, booking_cancel, booking_change, booking_create
from tests.factories import make_resource

VIEWS = ("day", "week")


@pytest.fixture
def day() -> date:
    return timezone.localdate() + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def grid(client, day: date, view: str, **params) -> str:
    answer = client.get("/buchen/belegung/", {"kind": "room", "day": day.isoformat(), "view": view, **params})
    assert answer.status_code == 200
    return answer.content.decode()


@pytest.mark.parametrize("view", VIEWS)
def test_every_change_shows_at_once(client, cast, day, view) -> None:
    room = make_resource(name="Raum Ahorn", show_titles=True)
    client.force_login(cast.ben)
    assert "Kick-off" not in grid(client, day, view)  # drawn and cached
    booking = booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 9), end=at(day, 10),
                                                         title="Kick-off"))
    assert "Kick-off" in grid(client, day, view)

    booking_change(by=cast.ada, booking_id=booking.pk, wanted=Request(resource=room, start=at(day, 11),
                                                                      end=at(day, 12), title="Planung"))
    page = grid(client, day, view)
    assert "Planung" in page and "Kick-off" not in page
    assert ("11:00–12:00 Planung" in page) if view == "week" else ("Planung, 11:00–12:00" in page)

    booking.refresh_from_db()
    booking.title = "Umbenannt"
    booking.save(update_fields=["title"])  # a save of one field moves updated_at all the same
    assert "Umbenannt" in grid(client, day, view)

    booking_cancel(by=cast.ada, booking_id=booking.pk)
    assert "Umbenannt" not in grid(client, day, view)

    other = booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 13), end=at(day, 14),
                                                       title="Zweiter Termin"))
    assert "Zweiter Termin" in grid(client, day, view)
    Booking.objects.filter(pk=other.pk).delete()
    assert "Zweiter Termin" not in grid(client, day, view)

    block_create(by=cast.fay, resource=room, start=at(day, 15), end=at(day, 16), reason="Malerarbeiten")
    assert "Malerarbeiten" in grid(client, day, view)

    room.name = "Raum Buche"
    room.save()
    page = grid(client, day, view)
    assert "Raum Buche" in page and "Raum Ahorn" not in page


@pytest.mark.parametrize("view", VIEWS)
def test_titles_follow_the_viewer_not_the_copy(client, cast, day, view) -> None:
    room = make_resource(name="Raum Ahorn")  # titles only for those involved and the facility managers
    booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 9), end=at(day, 10), title="Geheim"))
    for person, sees in ((cast.ben, False), (cast.ada, True), (cast.fay, True), (cast.ben, False)):
        client.force_login(person)
        assert ("Geheim" in grid(client, day, view)) is sees, person
    booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 11), end=at(day, 12),
                                               title="Für Ben", on_behalf_of=cast.ben))
    client.force_login(cast.ben)
    page = grid(client, day, view)
    assert "Für Ben" in page and "Geheim" not in page


@pytest.mark.parametrize("view", VIEWS)
def test_a_half_hour_begun_is_no_longer_offered_from_the_cache(client, cast, view) -> None:
    make_resource(name="Raum Ahorn")
    day = timezone.localdate()
    with time_machine.travel(at(day, 10, 25), tick=False):
        client.force_login(cast.ben)
        page = grid(client, day, view)
        assert "frei 10:30–19:00: buchen" in page if view == "week" else 'aria-label="Raum Ahorn 10:30' in page
    with time_machine.travel(at(day, 10, 31), tick=False):  # within the cache's lifetime
        page = grid(client, day, view)
        assert "10:30" not in page.split('class="grid-list"')[0] if view == "day" else "frei 11:00–19:00" in page


@pytest.mark.parametrize("view", VIEWS)
def test_a_change_committed_after_a_later_one_shows_too(client, cast, day, view) -> None:
    """A change whose transaction commits after another's carries the earlier stamp: the grid's version must
    still move (the latest change alone would stay where the other one put it)."""
    room = make_resource(name="Raum Ahorn", show_titles=True)
    first = booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 9), end=at(day, 10),
                                                       title="Erster"))
    later = booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 11), end=at(day, 12),
                                                       title="Zweiter"))
    client.force_login(cast.ben)
    assert "Erster" in grid(client, day, view)
    # As if saved just before `later` but committed only now: a stamp between the two.
    Booking.objects.filter(pk=first.pk).update(title="Geändert",
                                               updated_at=first.updated_at + (later.updated_at - first.updated_at) / 2)
    page = grid(client, day, view)
    assert "Geändert" in page and "Erster" not in page


def test_a_save_of_no_fields_saves_nothing(cast, day) -> None:
    room = make_resource()
    booking = booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 9), end=at(day, 10), title="T"))
    stamp = Booking.objects.get(pk=booking.pk).updated_at
    booking.save(update_fields=[])
    assert Booking.objects.get(pk=booking.pk).updated_at == stamp


def test_the_second_view_is_drawn_from_the_cache(client, cast, day) -> None:
    room = make_resource(name="Raum Ahorn", show_titles=True)
    for n in range(5):
        booking_create(by=cast.ada, wanted=Request(resource=room, start=at(day, 8 + n), end=at(day, 9 + n),
                                                   title=f"T{n}"))
    client.force_login(cast.ben)

    def reads() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            grid(client, day, "week")
        return [q["sql"] for q in queries.captured_queries if '"reservations_booking"."title"' in q["sql"]]

    assert reads()  # drawn: the bookings read
    assert not reads()  # from the cache: only their version
