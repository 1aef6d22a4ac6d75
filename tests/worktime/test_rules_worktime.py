"""The working-time rules as tables: breaks, 10 hours, rest, Sundays, the window, DST, carry-over."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from timekeeping.worktime.rules.worktime import (
    DayInput,
    Period,
    Warning,
    WorkRules,
    evaluate_day,
    evaluate_days,
    month_carry,
    substitute_rest_days,
    working_days,
)

BERLIN = ZoneInfo("Europe/Berlin")
RULES = WorkRules()


def at(day: int, hour: int, minute: int = 0, month: int = 11) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def day(*spans: tuple[tuple[int, int], tuple[int, int]], d: int = 23, month: int = 11) -> list[Period]:
    return [Period(at(d, *s, month=month), at(d, *e, month=month)) for s, e in spans]


def evaluate(periods, **kw):
    kw.setdefault("is_free_day", False)
    kw.setdefault("is_working_day", True)
    return evaluate_day(periods, rules=kw.pop("rules", RULES), **kw)


@pytest.mark.parametrize(("periods", "deducted", "warned"), [
    (day(((8, 0), (14, 0))), 0, False),                          # 6:00 hours: no break owed
    (day(((8, 0), (14, 1))), 30, True),                          # 6:01 hours: 30 minutes owed
    (day(((8, 0), (12, 0)), ((12, 30), (17, 0))), 0, False),     # 8:30 with a 30-minute break
    (day(((8, 0), (12, 0)), ((12, 30), (17, 30))), 0, False),    # 9:00: still 30 minutes
    (day(((8, 0), (12, 0)), ((12, 30), (17, 31))), 15, True),    # 9:01: 45 owed, 30 taken
    (day(((8, 0), (11, 0)), ((11, 10), (15, 0))), 30, True),     # a 10-minute gap is no break
    (day(((8, 0), (11, 0)), ((11, 15), (13, 0)), ((13, 15), (15, 0))), 0, False),  # 2 x 15 min
])
def test_breaks(periods, deducted: int, warned: bool) -> None:
    result = evaluate(periods)
    assert result.deducted == timedelta(minutes=deducted)
    assert (Warning.BREAK_TOO_SHORT in result.warnings) is warned
    assert result.credited == result.worked - result.deducted


def test_more_than_six_hours_in_a_row() -> None:
    result = evaluate(day(((7, 0), (13, 30)), ((14, 0), (15, 0))))
    assert Warning.TOO_LONG_WITHOUT_BREAK in result.warnings


def test_over_ten_hours_is_recorded_but_not_credited() -> None:
    result = evaluate(day(((6, 0), (12, 0)), ((12, 45), (17, 45))))   # 11:00 worked
    assert result.worked == timedelta(hours=11)
    assert result.credited == timedelta(hours=10)
    assert result.capped == timedelta(hours=1)
    assert Warning.OVER_10_HOURS in result.warnings


@pytest.mark.parametrize(("previous_end", "warned"), [
    (at(22, 21, 0), False),   # 11:00 hours of rest before 08:00
    (at(22, 21, 1), True),    # 10:59
    (at(22, 23, 30), True),   # across midnight
])
def test_rest_between_days(previous_end: datetime, warned: bool) -> None:
    result = evaluate(day(((8, 0), (12, 0))), previous_end=previous_end)
    assert (Warning.REST_TOO_SHORT in result.warnings) is warned


def test_sunday_or_holiday_work_is_flagged() -> None:
    assert Warning.SUNDAY_OR_HOLIDAY in evaluate(day(((9, 0), (11, 0)), d=22), is_free_day=True,
                                                 is_working_day=False).warnings


def test_flexitime_window_and_core_time() -> None:
    rules = WorkRules(core_start=time(9, 0), core_end=time(15, 0))
    assert Warning.OUTSIDE_FRAME in evaluate(day(((5, 30), (13, 0))), rules=rules).warnings
    assert Warning.CORE_TIME_MISSED in evaluate(day(((10, 0), (16, 0))), rules=rules).warnings
    assert Warning.CORE_TIME_MISSED in evaluate([], rules=rules).warnings
    assert evaluate([], rules=rules, absent=True).warnings == []
    assert evaluate(day(((8, 0), (12, 0)), ((12, 30), (16, 0))), rules=rules).warnings == [
        Warning.CORE_TIME_MISSED]  # the break falls into the core time: flagged, softly
    assert evaluate(day(((8, 0), (16, 0))), rules=WorkRules()).warnings == [Warning.BREAK_TOO_SHORT,
                                                                             Warning.TOO_LONG_WITHOUT_BREAK]


@pytest.mark.parametrize(("month", "d", "hours"), [
    (3, 29, 8),    # summer time starts at 02:00: 00:00-09:00 on the clock are 8 real hours
    (10, 25, 10),  # summer time ends at 03:00: 00:00-09:00 on the clock are 10 real hours
    (11, 23, 9),
])
def test_dst_days_count_real_hours(month: int, d: int, hours: int) -> None:
    period = Period(datetime(2026, month, d, 0, 0, tzinfo=BERLIN), datetime(2026, month, d, 9, 0, tzinfo=BERLIN))
    result = evaluate([period], is_free_day=True, is_working_day=False)
    assert result.worked == timedelta(hours=hours)


@pytest.mark.parametrize(("balance", "carried", "forfeited", "below"), [
    (timedelta(hours=12), timedelta(hours=12), timedelta(), False),
    (timedelta(hours=45), timedelta(hours=40), timedelta(hours=5), False),
    (timedelta(hours=-25), timedelta(hours=-25), timedelta(), True),
])
def test_month_carry(balance: timedelta, carried: timedelta, forfeited: timedelta, below: bool) -> None:
    assert month_carry(balance, plus_cap_hours=40, minus_cap_hours=20) == (
        type(month_carry(balance, plus_cap_hours=40, minus_cap_hours=20))(carried, forfeited, below))


# Substitute rest days (ArbZG § 11(3)). November 2026: Sunday 8th, Saturday 14th, Sunday 22nd.
D = date


@pytest.mark.parametrize(("worked", "candidates", "today", "expected"), [
    # A Sunday worked, the next Saturday free: that is the rest day.
    ([(D(2026, 11, 8), True)], {D(2026, 11, 14)}, D(2026, 11, 30), [D(2026, 11, 14)]),
    # The rest day may come before the Sunday, within the same two weeks (13 days apart at most).
    ([(D(2026, 11, 22), True)], {D(2026, 11, 9)}, D(2026, 11, 30), [D(2026, 11, 9)]),
    ([(D(2026, 11, 22), True)], {D(2026, 11, 8)}, D(2026, 11, 30), [None]),
    # Two Sundays cannot share one rest day.
    ([(D(2026, 11, 8), True), (D(2026, 11, 15), True)], {D(2026, 11, 14)}, D(2026, 11, 30), [D(2026, 11, 14), None]),
    # A day still ahead does not count yet: it may be worked.
    ([(D(2026, 11, 8), True)], {D(2026, 11, 14)}, D(2026, 11, 10), [None]),
    # A public holiday has eight weeks.
    ([(D(2026, 10, 3), False)], {D(2026, 11, 27)}, D(2026, 11, 30), [D(2026, 11, 27)]),
    ([(D(2026, 10, 3), False)], {D(2026, 11, 28)}, D(2026, 11, 30), [None]),
])
def test_substitute_rest_days(worked, candidates, today, expected) -> None:
    assert [r.substitute for r in substitute_rest_days(worked, candidates, today=today)] == expected


def test_a_missing_rest_day_is_missed_only_after_its_window() -> None:
    (rest,) = substitute_rest_days([(D(2026, 11, 8), True)], set(), today=D(2026, 11, 21))
    assert rest.due_by == D(2026, 11, 21) and not rest.missed(D(2026, 11, 21)) and rest.missed(D(2026, 11, 22))


# Working days across midnight (ArbZG §§ 4, 5: the rules are about the continuous period of work).
NO_WINDOW = WorkRules(frame_start=time(0), frame_end=time.max)  # keep the window out of these tables
SHIFT = {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK, Warning.OVER_10_HOURS, Warning.REST_TOO_SHORT}


def stored(*spans: tuple[datetime, datetime]) -> list[DayInput]:
    """Periods as the services store them (split at local midnight), as days 23 to 25 November."""
    days = {d: [] for d in (23, 24, 25)}
    for start, end in spans:
        while start.date() < end.date():
            midnight = datetime.combine(start.date() + timedelta(days=1), time(), tzinfo=BERLIN)
            days[start.day].append(Period(start, midnight))
            start = midnight
        if start < end:
            days[start.day].append(Period(start, end))
    return [DayInput(date(2026, 11, d), periods) for d, periods in days.items()]


@pytest.mark.parametrize(("spans", "expected"), [
    # 22:00-06:00 without a break: one working day of 8 hours, 30 minutes deducted from the day it began,
    # both warnings there, no "rest too short" between its halves.
    ([(at(23, 22), at(24, 6))],
     {23: (120, 30, 90, SHIFT - {Warning.OVER_10_HOURS, Warning.REST_TOO_SHORT}), 24: (360, 0, 360, set())}),
    # The same 8 hours by day.
    ([(at(23, 8), at(23, 16))], {23: (480, 30, 450, {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK})}),
    # A break after midnight is a break of the night's working day.
    ([(at(23, 22), at(24, 2)), (at(24, 2, 30), at(24, 6))], {23: (120, 0, 120, set()), 24: (330, 0, 330, set())}),
    # A deduction larger than the first day's share spills into the next day.
    ([(at(23, 23, 45), at(24, 6, 45))], {23: (15, 15, 0, {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK}),
                                         24: (405, 15, 390, set())}),
    # 12 hours from 14:00: 45 minutes deducted on the first day, the time beyond ten hours off the last one.
    ([(at(23, 14), at(24, 2))], {23: (600, 45, 555, {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK,
                                                     Warning.OVER_10_HOURS}),
                                 24: (120, 0, 45, set())}),  # 1:15 capped
    # Night after night: the second night begins after 16 hours of rest, on the day the first one ended.
    ([(at(23, 22), at(24, 6)), (at(24, 22), at(25, 6))],
     {23: (120, 30, 90, {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK}),
      24: (480, 30, 450, {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK}), 25: (360, 0, 360, set())}),
    # Work that does not reach midnight ends its working day: nine hours later is too little rest.
    ([(at(23, 14), at(23, 22)), (at(24, 7), at(24, 12))],
     {23: (480, 30, 450, {Warning.BREAK_TOO_SHORT, Warning.TOO_LONG_WITHOUT_BREAK}),
      24: (300, 0, 300, {Warning.REST_TOO_SHORT})}),
])
def test_working_days_across_midnight(spans, expected) -> None:
    days = stored(*spans)
    results = dict(zip([d.date.day for d in days], evaluate_days(days, rules=NO_WINDOW), strict=True))
    for d, (worked, deducted, credited, warnings) in expected.items():
        result = results[d]
        assert (result.worked, result.deducted, result.credited) == (
            timedelta(minutes=worked), timedelta(minutes=deducted), timedelta(minutes=credited)), d
        assert set(result.warnings) == warnings, d


def test_night_shift_periods_form_one_working_day() -> None:
    periods = [p for d in stored((at(23, 22), at(24, 6)), (at(24, 22), at(25, 6))) for p in d.periods]
    assert [(g[0].start, g[-1].end) for g in working_days(periods, rules=RULES)] == [
        (at(23, 22), at(24, 6)), (at(24, 22), at(25, 6))]
    # A gap shorter than a counting break around midnight does not end the working day either.
    close = [Period(at(23, 22), at(23, 23, 50)), Period(at(24, 0), at(24, 6))]
    assert len(working_days(close, rules=RULES)) == 1
