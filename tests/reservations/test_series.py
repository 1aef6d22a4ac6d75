"""Booking series: preview with collisions and holidays, all or nothing, changing and cancelling one,
this and the following, or all, exceptions kept, a skipped date added back."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from reservations.models import Booking, BookingState, Series
from reservations.rules import series_rule
from reservations.series import (
    series_cancel,
    series_change,
    series_create,
    series_date_add_back,
    series_dates,
    series_preview,
)
from reservations.services import Collision, Request, booking_create
from tests.factories import make_resource

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=BERLIN)


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def room():
    return make_resource(name="Sitzungsraum")


def weekly(room, count: int = 6) -> tuple[Request, str]:
    # Mondays 9:00-10:00 from 23 November 2026: 23.11., 30.11., 7.12., 14.12., 21.12., 28.12.
    return (Request(resource=room, start=at(11, 23, 9), end=at(11, 23, 10), title="Jour fixe"),
            series_rule(freq="WEEKLY", weekdays=["MO"], count=count))


def test_preview_marks_collisions_and_holidays(cast, room) -> None:
    booking_create(by=cast.dan, wanted=Request(resource=room, start=at(12, 7, 9, 30), end=at(12, 7, 11),
                                               title="Schulung"), now=NOW)
    wanted, rule = weekly(room)
    wanted.start, wanted.end = at(12, 21, 9), at(12, 21, 10)
    rule = series_rule(freq="DAILY", count=6)  # 21.-26.12.: Christmas Day and Boxing Day are holidays
    planned = series_preview(by=cast.ada, wanted=wanted, rule=rule, now=NOW)
    assert [(p.start.day, bool(p.holiday), p.suggested) for p in planned] == [
        (21, False, True), (22, False, True), (23, False, True), (24, False, True), (25, True, False),
        (26, True, False)]
    wanted, rule = weekly(room)
    planned = series_preview(by=cast.ada, wanted=wanted, rule=rule, now=NOW)
    assert [p.start.day for p in planned if p.problem] == [7]
    assert "bereits gebucht" in next(p.problem for p in planned if p.problem)


def test_series_is_created_all_at_once_or_not_at_all(cast, room) -> None:
    booking_create(by=cast.dan, wanted=Request(resource=room, start=at(12, 7, 9, 30), end=at(12, 7, 11),
                                               title="Schulung"), now=NOW)
    wanted, rule = weekly(room)
    with pytest.raises(ValidationError, match=r"07\.12\.2026"):
        series_create(by=cast.ada, wanted=wanted, rule=rule, skip=set(), now=NOW)
    assert not Series.objects.exists() and Booking.objects.filter(booker=cast.ada).count() == 0
    series = series_create(by=cast.ada, wanted=wanted, rule=rule, skip={date(2026, 12, 7)}, now=NOW)
    assert series.occurrences.count() == 5 and series.skipped == ["2026-12-07"]


def test_a_series_beyond_the_horizon_is_refused(cast, room, settings) -> None:
    settings.SERIES_HORIZON_DAYS = 30
    wanted, rule = weekly(room, count=10)
    with pytest.raises(ValidationError, match="höchstens 30 Tage"):
        series_preview(by=cast.ada, wanted=wanted, rule=rule, now=NOW)


def test_change_one_following_or_all_keeps_exceptions(cast, room) -> None:
    wanted, rule = weekly(room)
    series = series_create(by=cast.ada, wanted=wanted, rule=rule, skip=set(), now=NOW)
    dates = list(series.occurrences.order_by("start"))
    # Move 7 December on its own to 11:00.
    series_change(by=cast.ada, booking_id=dates[2].pk, scope="one", title="Jour fixe (später)",
                  start_time=time(11), end_time=time(12), now=NOW)
    # The whole series to 8:00: 7 December keeps its own time.
    assert series_change(by=cast.ada, booking_id=dates[0].pk, scope="all", title="Jour fixe",
                         start_time=time(8), end_time=time(9), now=NOW) == 5
    starts = {timezone.localtime(b.start).day: timezone.localtime(b.start).hour for b in series.occurrences.all()}
    assert starts == {23: 8, 30: 8, 7: 11, 14: 8, 21: 8, 28: 8}
    # From 14 December on, the title changes.
    series_change(by=cast.ada, booking_id=dates[3].pk, scope="following", title="Neue Runde",
                  start_time=time(8), end_time=time(9), now=NOW)
    titles = [b.title for b in series.occurrences.order_by("start")]
    assert titles == ["Jour fixe", "Jour fixe", "Jour fixe (später)", "Neue Runde", "Neue Runde", "Neue Runde"]


def test_a_series_change_that_collides_changes_nothing(cast, room) -> None:
    wanted, rule = weekly(room)
    series = series_create(by=cast.ada, wanted=wanted, rule=rule, skip=set(), now=NOW)
    booking_create(by=cast.dan, wanted=Request(resource=room, start=at(12, 14, 14), end=at(12, 14, 15),
                                               title="Dans Termin"), now=NOW)
    first = series.occurrences.order_by("start").first()
    with pytest.raises(Collision, match=r"14\.12\.2026"):
        series_change(by=cast.ada, booking_id=first.pk, scope="all", title="Jour fixe", start_time=time(14),
                      end_time=time(15), now=NOW)
    assert {timezone.localtime(b.start).hour for b in series.occurrences.all()} == {9}


def test_cancel_scopes_and_add_a_date_back(cast, room) -> None:
    wanted, rule = weekly(room)
    series = series_create(by=cast.ada, wanted=wanted, rule=rule, skip={date(2026, 11, 30)}, now=NOW)
    dates = list(series.occurrences.order_by("start"))
    assert series_cancel(by=cast.ada, booking_id=dates[1].pk, scope="one", now=NOW) == 1  # 7 December
    assert series_cancel(by=cast.ada, booking_id=dates[3].pk, scope="following", now=NOW) == 2  # 21., 28.
    listed = {d.day: b is not None for d, b in series_dates(series)}
    assert listed == {23: True, 30: False, 7: False, 14: True, 21: False, 28: False}
    series_date_add_back(by=cast.ada, series_id=series.pk, day=date(2026, 11, 30), now=NOW)
    series_date_add_back(by=cast.ada, series_id=series.pk, day=date(2026, 12, 7), now=NOW)
    assert series.occurrences.filter(state=BookingState.CONFIRMED).count() == 4
    with pytest.raises(ValidationError, match="kein Termin"):
        series_date_add_back(by=cast.ada, series_id=series.pk, day=date(2026, 12, 8), now=NOW)
    with pytest.raises(ValidationError):
        series_date_add_back(by=cast.ada, series_id=series.pk, day=date(2026, 11, 30), now=NOW)


def test_later_edits_reach_the_edited_date_and_added_back_dates_follow_the_series(cast, room) -> None:
    other = make_resource(name="Anderer Raum")
    wanted, rule = weekly(room)
    series = series_create(by=cast.ada, wanted=wanted, rule=rule, skip={date(2026, 12, 28)}, now=NOW)
    dates = list(series.occurrences.order_by("start"))
    series_change(by=cast.ada, booking_id=dates[2].pk, scope="one", title="Einzeln", start_time=time(11),
                  end_time=time(12), now=NOW)
    # "This and following" from the date changed on its own includes that date.
    series_change(by=cast.ada, booking_id=dates[2].pk, scope="following", title="Neu", start_time=time(14),
                  end_time=time(15), resource=other, now=NOW)
    dates[2].refresh_from_db()
    assert (dates[2].title, timezone.localtime(dates[2].start).hour, dates[2].resource) == ("Neu", 14, other)
    added = series_date_add_back(by=cast.ada, series_id=series.pk, day=date(2026, 12, 28), now=NOW)
    assert (timezone.localtime(added.start).hour, added.resource, added.title) == (14, other, "Neu")


def test_the_whole_series_leaves_a_date_that_is_running(cast, room) -> None:
    wanted, rule = weekly(room)
    series = series_create(by=cast.ada, wanted=wanted, rule=rule, skip=set(), now=NOW)
    running = at(11, 23, 9, 30)  # during the first date
    first = series.occurrences.order_by("start").first()
    assert series_change(by=cast.ada, booking_id=first.pk, scope="all", title="Umbenannt", start_time=time(9),
                         end_time=time(10), now=running) == 5
    first.refresh_from_db()
    assert first.title == "Jour fixe"
