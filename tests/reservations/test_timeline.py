"""The booking timeline: one segment per booking, closure and free stretch, placed on half-hour columns;
no half hour that has begun is offered; the page's queries do not grow with rooms or bookings."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reservations.models import Block, Resource
from reservations.selectors import day_grid, now_mark, week_grid
from reservations.services import Request, booking_create
from tests.factories import make_resource


@pytest.fixture
def day() -> date:
    return timezone.localdate() + timedelta(days=1)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


def room_(**kw) -> Resource:
    """A room as the grid gets it: read from the database (times as times, not the strings given)."""
    return Resource.objects.get(pk=make_resource(**kw).pk)


def book(by, room, start: datetime, minutes: int, title: str = "Termin"):
    return booking_create(by=by, wanted=Request(resource=room, start=start, end=start + timedelta(minutes=minutes),
                                                title=title))


def shape(row) -> list[tuple[str, int, int]]:
    return [("free" if s.free else "booking" if s.booking else "block", s.col, s.span) for s in row.segments]


def test_one_segment_per_booking_and_per_free_stretch(cast, day) -> None:
    room = room_(name="Raum A")
    book(cast.ada, room, at(day, 9), 60, "Eins")
    book(cast.ada, room, at(day, 10, 15), 45, "Zwei")  # not on the half hour: covers 10:00-11:00
    Block.objects.create(resource=room, start=at(day, 14), end=at(day, 15), reason="Reinigung", created_by=cast.fay)
    _hours, (row,) = day_grid([room], day, now=at(day, 0))
    assert shape(row) == [("free", 0, 4), ("booking", 4, 2), ("booking", 6, 2), ("free", 8, 6), ("block", 14, 2),
                          ("free", 16, 8)]
    assert row.segments[2].span_label == "10:15–11:00"
    # 10:00-10:15 is not a whole free half hour: offered only from 11:00
    assert [s.label for s in row.free] == ["07:00", "11:00", "15:00"]
    assert [f"{s.end:%H:%M}" for s in row.free] == ["09:00", "14:00", "19:00"]


def test_no_half_hour_that_has_begun_is_offered(cast, day) -> None:
    room = room_()
    book(cast.ada, room, at(day, 12), 60)
    _hours, (row,) = day_grid([room], day, now=at(day, 10, 10))
    assert shape(row) == [("free", 7, 3), ("booking", 10, 2), ("free", 12, 12)]  # nothing before 10:30
    assert row.free[0].label == "10:30"
    _hours, (later,) = day_grid([room], day, now=at(day, 19))
    assert not later.free and shape(later) == [("booking", 10, 2)]  # the past still shows what was booked


def test_buffers_and_bookable_hours_are_not_offered(cast, day) -> None:
    room = room_(buffer_minutes=30, day_starts="08:00", day_ends="18:00")
    book(cast.ada, room, at(day, 9), 60)
    _hours, (row,) = day_grid([room], day, now=at(day, 0))
    assert [(s.label, f"{s.end:%H:%M}") for s in row.free] == [("08:00", "09:00"), ("10:30", "18:00")]


def test_the_current_time_is_marked_only_today() -> None:
    today = timezone.localdate()
    mark = now_mark(today, at(today, 15, 12))
    assert (mark.col, mark.step, mark.label) == (16, 2, "15:12")
    assert now_mark(today, at(today, 6, 59)) is None and now_mark(today, at(today, 19)) is None
    assert now_mark(today + timedelta(days=1), at(today, 15)) is None


def test_the_week_has_a_bar_and_the_free_times_per_day(cast, day) -> None:
    room = room_()
    book(cast.ada, room, at(day, 9), 90)
    monday = day - timedelta(days=day.weekday())
    _days, ((_room, week_days),) = week_grid([room], monday, now=at(monday, 0))
    that = week_days[day.weekday()]
    assert [(s.col, s.span) for s in that.segments if not s.free] == [(4, 3)]
    assert [s.label for s in that.free] == ["07:00", "10:30"]
    assert all(len(d.free) == 1 for d in week_days if d.day != day)


def test_the_page_has_one_element_per_block_and_stretch_and_no_inline_style(client, cast, day) -> None:
    room, other = make_resource(name="Raum A"), make_resource(name="Raum B", show_titles=True)
    book(cast.ada, room, at(day, 9), 60, "Geheim")
    book(cast.dan, room, at(day, 11), 60, "Auch geheim")
    book(cast.dan, other, at(day, 11), 60, "Offen")
    client.force_login(cast.ben)
    page = client.get("/buchen/belegung/", {"kind": "room", "day": day.isoformat()}).content.decode()
    timeline = page[page.index('class="tl-wrap"'):page.index('class="grid-list"')]
    assert timeline.count('class="tl-block') == 3
    assert timeline.count("data-free") == 5  # A: 07-09, 10-11, 12-19; B: 07-11, 12-19
    assert "Geheim" not in page and "Offen" in page  # titles only where the room shows them
    assert 'aria-label="Raum A 10:00: frei, buchen"' in timeline
    assert "tl-s6 tl-w2" in timeline and " style=" not in page
    week = client.get("/buchen/belegung/", {"kind": "room", "day": day.isoformat(), "view": "week"}).content.decode()
    link = f"?kind=room&amp;day={day.isoformat()}&amp;resource={room.pk}"
    assert link in week  # the bar opens that day of that room
    single = client.get("/buchen/belegung/" + link.replace("&amp;", "&")).content.decode()
    assert "Raum A" in single and "Raum B" not in single
    for other_day in (day - timedelta(days=1), day + timedelta(days=1)):  # the previous and next day keep the room
        assert f"day={other_day.isoformat()}&amp;resource={room.pk}" in single


def test_queries_stay_the_same_as_bookings_grow_in_a_room(client, cast, day) -> None:
    rooms = [make_resource() for _ in range(3)]
    client.force_login(cast.ada)

    def count(view: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/buchen/belegung/", {"kind": "room", "day": day.isoformat(),
                                                    "view": view}).status_code == 200
        return len(queries.captured_queries)

    before = {view: count(view) for view in ("day", "week")}
    for n in range(10):
        book(cast.ada, rooms[n % 3], at(day, 7) + timedelta(hours=n // 3, minutes=30 * (n % 2)), 30, f"T{n}")
    assert {view: count(view) for view in ("day", "week")} == before
    page = client.get("/buchen/belegung/", {"kind": "room", "day": day.isoformat()}).content.decode()
    assert len(re.findall(r'class="tl-block', page)) == 10


def test_a_booking_beyond_the_shown_hours_is_cut_there_and_marked(client, cast, day) -> None:
    room = room_(name="Raum A")
    book(cast.ada, room, at(day, 6), 120, "Früh")     # 06:00-08:00: shown from 07:00
    book(cast.ada, room, at(day, 18), 150, "Spät")    # 18:00-20:30: shown until 19:00
    book(cast.ada, room, at(day, 12), 60, "Mittag")
    _hours, (row,) = day_grid([room], day, now=at(day, 0))
    busy = [(s.col, s.span, s.edges, s.span_label) for s in row.segments if not s.free]
    assert busy == [(0, 2, " tl-earlier", "06:00–08:00"), (10, 2, "", "12:00–13:00"),
                    (22, 2, " tl-later", "18:00–20:30")]
    client.force_login(cast.ada)
    page = client.get("/buchen/belegung/", {"kind": "room", "day": day.isoformat()}).content.decode()
    assert page.count("tl-earlier") == 1 and page.count("tl-later") == 1
    assert "06:00–08:00" in page and "18:00–20:30" in page  # the real times, for the eye and the ear


def test_a_week_cell_lists_bookings_closures_and_free_times_in_time_order(cast) -> None:
    monday = timezone.localdate() + timedelta(days=7 - timezone.localdate().weekday())
    room = room_(name="Raum A")
    book(cast.ada, room, at(monday, 14), 60, "Nachmittag")
    Block.objects.create(resource=room, start=at(monday, 8), end=at(monday, 9), reason="Reinigung",
                         created_by=cast.fay)
    hall = room_(name="Halle", max_minutes=3 * 24 * 60)
    book(cast.ada, hall, at(monday, 8), 57 * 60, "Tagung")  # Monday 08:00 to Wednesday 17:00
    _days, ((_room, room_days), (_hall, hall_days)) = week_grid([room, hall], monday, now=at(monday, 0))
    assert [(what, span) for what, _item, span in room_days[0].entries] == [
        ("free", "07:00–08:00"), ("block", "08:00–09:00"), ("free", "09:00–14:00"), ("booking", "14:00–15:00"),
        ("free", "15:00–19:00")]
    Block.objects.create(resource=hall, start=at(monday + timedelta(days=4), 20), end=at(monday + timedelta(days=5), 0),
                         reason="Aufbau", created_by=cast.fay)  # ends at midnight: Friday's only
    _days, (_room, (_hall, hall_days)) = week_grid([room, hall], monday, now=at(monday, 0))
    assert [[span for what, _item, span in d.entries if what == "block"] for d in hall_days[4:6]] == [
        ["20:00–00:00"], []]
    Block.objects.create(resource=hall, start=at(monday + timedelta(days=5), 0), end=at(monday + timedelta(days=6), 0),
                         reason="Messe", created_by=cast.fay)  # exactly Saturday
    _days, (_room, (_hall, hall_days)) = week_grid([room, hall], monday, now=at(monday, 0))
    assert [span for what, _item, span in hall_days[5].entries if what == "block"] == ["ganztägig"]
    assert [[span for what, _item, span in d.entries if what == "booking"] for d in hall_days[:4]] == [
        ["08:00–…"], ["ganztägig"], ["…–17:00"], []]


def test_a_free_stretch_shared_by_rooms_links_each_to_its_own_room(client, cast, day) -> None:
    first, second = room_(name="Raum A"), room_(name="Raum B")
    _hours, rows = day_grid([first, second], day, now=at(day, 0))
    assert rows[0].free[0] is rows[1].free[0]  # one Segment for the same free time, read by both rows
    client.force_login(cast.ada)
    for view in ("day", "week"):
        page = client.get("/buchen/belegung/", {"kind": "room", "day": day.isoformat(), "view": view}).content.decode()
        for room in (first, second):
            assert f"?resource={room.pk}&amp;start=" in page, (view, room)
    timeline = page[page.index("<tbody"):]
    assert timeline.count(f"resource={first.pk}&amp;start=") == timeline.count(f"resource={second.pk}&amp;start=")
