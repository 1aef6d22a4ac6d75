"""A working day under the Arbeitszeitgesetz and the flexitime agreement (domain.md 1 and 2).

Plain Python: periods in, figures and warnings out. All numbers come from a WorkRules value that
the caller reads from the dated rule set. Durations are computed on aware datetimes, so the days
with 23 and 25 hours (DST) count right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise

MINUTE = timedelta(minutes=1)


def real(start: datetime, end: datetime) -> timedelta:
    """Elapsed time between two aware datetimes. (Python subtracts two datetimes of the same zone
    by their wall clocks, which is an hour off across a DST change; UTC is not.)"""
    return end.astimezone(UTC) - start.astimezone(UTC)


@dataclass(frozen=True)
class WorkRules:
    break_after_6h: int = 30          # minutes of break owed above 6 hours of work
    break_after_9h: int = 45          # ... above 9 hours
    min_break_block: int = 15         # shorter gaps do not count as a break
    max_block_minutes: int = 360      # never more than 6 hours in a row
    max_daily_minutes: int = 600      # at most 10 hours a day (credited at most that)
    min_rest_minutes: int = 660       # 11 hours between two working days
    frame_start: time = time(6, 0)    # flexitime window
    frame_end: time = time(20, 0)
    core_start: time | None = None    # core time on working days (None: no core time)
    core_end: time | None = None


class Warning(StrEnum):
    BREAK_TOO_SHORT = "break_too_short"
    TOO_LONG_WITHOUT_BREAK = "too_long_without_break"
    OVER_10_HOURS = "over_10_hours"
    REST_TOO_SHORT = "rest_too_short"
    SUNDAY_OR_HOLIDAY = "sunday_or_holiday"
    OUTSIDE_FRAME = "outside_frame"
    CORE_TIME_MISSED = "core_time_missed"
    NO_SUBSTITUTE_REST_DAY = "no_substitute_rest_day"
    ABSENT_BUT_RECORDED = "absent_but_recorded"


@dataclass(frozen=True)
class Period:
    start: datetime  # aware, in the local zone (times of day are read from it)
    end: datetime


@dataclass
class DayResult:
    worked: timedelta = timedelta()      # recorded, start to end without the breaks taken
    breaks: timedelta = timedelta()      # gaps of at least min_break_block between periods
    deducted: timedelta = timedelta()    # break owed but not taken, taken off the credit
    credited: timedelta = timedelta()    # what counts for the flexitime account (capped)
    capped: timedelta = timedelta()      # recorded but above the daily cap (shown, not credited)
    warnings: list[Warning] = field(default_factory=list)


def _minutes(delta: timedelta) -> float:
    return delta / MINUTE


def evaluate_day(
    periods: list[Period], *, rules: WorkRules, is_free_day: bool, is_working_day: bool,
    previous_end: datetime | None = None, absent: bool = False, absent_all_day: bool = False,
) -> DayResult:
    """Figures and warnings for one day's periods (sorted or not; they must not overlap).

    A day absent all day (leave, sickness: its target is 0) that also has time recorded is a
    contradiction for the person and the approver to resolve: the time stays recorded and visible, but is
    not credited, so the day is never counted twice (an absence replaces the day's work, it does not add
    to it)."""
    result = DayResult()
    periods = sorted(periods, key=lambda p: p.start)
    if not periods:
        if is_working_day and not absent and rules.core_start is not None:
            result.warnings.append(Warning.CORE_TIME_MISSED)
        return result
    result.worked = sum((real(p.start, p.end) for p in periods), timedelta())
    gaps = [real(a.end, b.start) for a, b in pairwise(periods)]
    result.breaks = sum((g for g in gaps if _minutes(g) >= rules.min_break_block), timedelta())

    worked_minutes = _minutes(result.worked)
    owed = rules.break_after_9h if worked_minutes > 540 else rules.break_after_6h if worked_minutes > 360 else 0
    missing = max(0.0, owed - _minutes(result.breaks))
    if missing:
        result.warnings.append(Warning.BREAK_TOO_SHORT)
        result.deducted = timedelta(minutes=missing)

    # Longest stretch without a counting break.
    stretch, longest = timedelta(), timedelta()
    for index, period in enumerate(periods):
        stretch += real(period.start, period.end)
        longest = max(longest, stretch)
        if index < len(gaps) and _minutes(gaps[index]) >= rules.min_break_block:
            stretch = timedelta()
    if _minutes(longest) > rules.max_block_minutes:
        result.warnings.append(Warning.TOO_LONG_WITHOUT_BREAK)

    net = result.worked - result.deducted
    cap = timedelta(minutes=rules.max_daily_minutes)
    if net > cap:
        result.warnings.append(Warning.OVER_10_HOURS)
        result.capped, net = net - cap, cap
    result.credited = net
    if absent_all_day:
        result.warnings.append(Warning.ABSENT_BUT_RECORDED)
        result.credited = timedelta()

    if previous_end is not None and _minutes(real(previous_end, periods[0].start)) < rules.min_rest_minutes:
        result.warnings.append(Warning.REST_TOO_SHORT)
    if is_free_day:
        result.warnings.append(Warning.SUNDAY_OR_HOLIDAY)
    if any(p.start.timetz().replace(tzinfo=None) < rules.frame_start
           or _local_end(p) > rules.frame_end for p in periods):
        result.warnings.append(Warning.OUTSIDE_FRAME)
    if is_working_day and not absent and rules.core_start is not None and rules.core_end is not None:
        covered = any(p.start.time() <= rules.core_start and _local_end(p) >= rules.core_end for p in periods)
        if not covered:
            result.warnings.append(Warning.CORE_TIME_MISSED)
    return result


def _local_end(period: Period) -> time:
    # A period ending exactly at midnight ends at 24:00 of its day, not 00:00.
    end = period.end.time()
    return time.max if end == time(0) and period.end.date() > period.start.date() else end


@dataclass(frozen=True)
class Carry:
    carried: timedelta     # into the next month
    forfeited: timedelta   # above the plus cap (Kappung)
    below_minimum: bool    # more minus than allowed


def month_carry(balance: timedelta, *, plus_cap_hours: int, minus_cap_hours: int) -> Carry:
    """The month-end balance carried over, with hours above the cap shown as forfeited."""
    plus, minus = timedelta(hours=plus_cap_hours), timedelta(hours=-minus_cap_hours)
    if balance > plus:
        return Carry(carried=plus, forfeited=balance - plus, below_minimum=False)
    return Carry(carried=balance, forfeited=timedelta(), below_minimum=balance < minus)


# --- Substitute rest days (Ersatzruhetag, ArbZG § 11(3)) ------------------------------------------------
# Work on a Sunday is owed a rest day within two weeks, work on a public holiday falling on a weekday
# within eight weeks, each "including the day of work": the rest day may come before or after it, as
# long as one window of that length holds both. Any working day (Monday to Saturday) without work counts.
SUNDAY_WINDOW_DAYS = 14
HOLIDAY_WINDOW_DAYS = 56


@dataclass(frozen=True)
class RestDay:
    worked_on: date
    due_by: date                 # the last day the rest day may fall on
    substitute: date | None      # the rest day given; None while open or when missed

    def missed(self, today: date) -> bool:
        return self.substitute is None and self.due_by < today


def substitute_rest_days(
    free_days_worked: list[tuple[date, bool]], rest_candidates: set[date], *, today: date,
) -> list[RestDay]:
    """Match each Sunday or holiday worked ((day, is_sunday), in order) to its own rest day: the earliest
    free working day within its window that no earlier match took. Only days up to today count as
    given; later ones may still be worked."""
    used: set[date] = set()
    matched = []
    for day, is_sunday in sorted(free_days_worked):
        reach = timedelta(days=(SUNDAY_WINDOW_DAYS if is_sunday else HOLIDAY_WINDOW_DAYS) - 1)
        choice = min((c for c in rest_candidates if abs(c - day) <= reach and c <= today and c not in used),
                     default=None)
        if choice is not None:
            used.add(choice)
        matched.append(RestDay(worked_on=day, due_by=day + reach, substitute=choice))
    return matched
