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


def _calendar(mail):
    import icalendar

    (attachment,) = list(mail.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = icalendar.Calendar.from_ical(attachment.get_content())
    assert attachment.get_param("method") == str(calendar["method"])  # the content type says the same
    return calendar


def test_series_mails_name_every_date_and_carry_every_booking(cast, room, smtp_sink, immediate_tasks,
                                                              django_capture_on_commit_callbacks) -> None:
    wanted, rule = weekly(room, count=4)
    wanted.on_behalf_of = cast.ben  # for Ben, booked by Bea: both are told, one mail each
    with django_capture_on_commit_callbacks(execute=True):
        series = series_create(by=cast.bea, wanted=wanted, rule=rule, skip=set(), now=NOW)
    mails = smtp_sink.wait_for(2)
    assert len(mails) == 2 and sorted(m["To"] for m in mails) == ["bea@stadt.example", "ben@stadt.example"]
    booked = list(series.occurrences.order_by("start"))
    for mail in mails:
        assert mail["Subject"] == "Gebucht: Sitzungsraum, 4 Termine ab 23.11.2026 09:00"
        body = mail.get_body(("plain",)).get_content()
        assert "4 Termine" in body and "alle Termine" in body
        for day in ("Montag, 23.11.2026", "Montag, 30.11.2026", "Montag, 07.12.2026", "Montag, 14.12.2026"):
            assert f"{day} 09:00 – 10:00" in body, day
        calendar = _calendar(mail)
        assert calendar["method"] == "PUBLISH"
        events = calendar.walk("VEVENT")
        assert [str(e["uid"]).split("@")[0] for e in events] == [f"booking-{b.pk}" for b in booked]
        assert [e.decoded("dtstart") for e in events] == [b.start for b in booked]
        assert {str(e["status"]) for e in events} == {"CONFIRMED"}
        assert {str(a) for e in events for a in e["attendee"]} == {"mailto:bea@stadt.example",
                                                                   "mailto:ben@stadt.example"}
        assert all(str(e["organizer"]).startswith("mailto:") for e in events)
    # Cancelling this and the following (three dates): one mail each, every date named and cancelled.
    with django_capture_on_commit_callbacks(execute=True):
        assert series_cancel(by=cast.bea, booking_id=booked[1].pk, scope="following", now=NOW) == 3
    cancelled = smtp_sink.wait_for(4)[2:]
    assert len(cancelled) == 2
    for mail in cancelled:
        assert mail["Subject"] == "Storniert: Sitzungsraum, 3 Termine ab 30.11.2026 09:00"
        body = mail.get_body(("plain",)).get_content()
        for day in ("30.11.2026", "07.12.2026", "14.12.2026"):
            assert f"{day} 09:00 – 10:00" in body, day
        assert "23.11.2026 09:00" not in body.split("Sitzungsraum", 1)[1]
        calendar = _calendar(mail)
        assert calendar["method"] == "CANCEL"
        events = calendar.walk("VEVENT")
        assert [str(e["uid"]).split("@")[0] for e in events] == [f"booking-{b.pk}" for b in booked[1:]]
        assert {str(e["status"]) for e in events} == {"CANCELLED"} and {e["sequence"] for e in events} == {1}


def test_cancelling_all_and_changing_all_send_one_mail_for_the_whole_series(cast, room, smtp_sink, immediate_tasks,
                                                                          django_capture_on_commit_callbacks):
    wanted, rule = weekly(room, count=3)
    with django_capture_on_commit_callbacks(execute=True):
        series = series_create(by=cast.ada, wanted=wanted, rule=rule, skip=set(), now=NOW)
        first = series.occurrences.order_by("start").first()
        assert series_change(by=cast.ada, booking_id=first.pk, scope="all", title="Jour fixe", start_time=time(11),
                             end_time=time(12), now=NOW) == 3
        assert series_cancel(by=cast.ada, booking_id=first.pk, scope="all", now=NOW) == 3
    _created, changed, cancelled = smtp_sink.wait_for(3)
    assert len(smtp_sink.messages) == 3  # one mail per change, not one per date
    assert changed["Subject"] == "Gebucht: Sitzungsraum, 3 Termine ab 23.11.2026 11:00"
    assert [e.decoded("dtstart").hour for e in _calendar(changed).walk("VEVENT")] == [11, 11, 11]
    assert cancelled["Subject"] == "Storniert: Sitzungsraum, 3 Termine ab 23.11.2026 11:00"
    body = cancelled.get_body(("plain",)).get_content()
    assert all(f"{day} 11:00 – 12:00" in body for day in ("23.11.2026", "30.11.2026", "07.12.2026"))
    calendar = _calendar(cancelled)
    assert calendar["method"] == "CANCEL" and len(calendar.walk("VEVENT")) == 3
