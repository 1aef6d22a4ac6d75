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
from operator import attrgetter
from typing import NamedTuple, cast

MINUTE = timedelta(minutes=1)
ZERO = timedelta()


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


@dataclass(frozen=True, slots=True)
class Period:
    start: datetime  # aware, in the local zone (times of day are read from it)
    end: datetime
    # The same instants in UTC, for lengths and gaps: converted once (converting is the dearest step of the
    # rules), or given by a caller that read them so (the month sheets, from the database).
    utc_start: datetime = field(default=None, repr=False, compare=False, kw_only=True)  # type: ignore[assignment]
    utc_end: datetime = field(default=None, repr=False, compare=False, kw_only=True)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        if cast("datetime | None", self.utc_start) is None:
            object.__setattr__(self, "utc_start", self.start.astimezone(UTC))
        if cast("datetime | None", self.utc_end) is None:
            object.__setattr__(self, "utc_end", self.end.astimezone(UTC))


@dataclass(slots=True)
class DayResult:
    worked: timedelta = timedelta()      # recorded, start to end without the breaks taken
    breaks: timedelta = timedelta()      # gaps of at least min_break_block between periods
    deducted: timedelta = timedelta()    # break owed but not taken, taken off the credit
    credited: timedelta = timedelta()    # what counts for the flexitime account (capped)
    capped: timedelta = timedelta()      # recorded but above the daily cap (shown, not credited)
    day_credit: timedelta = timedelta()  # credited for the day without clock times (a travel day)
    warnings: list[Warning] = field(default_factory=list)


def _minutes(delta: timedelta) -> float:
    return delta / MINUTE


class DayInput(NamedTuple):
    """One calendar day for evaluate_days: its periods (as split at midnight) and what kind of day it is.
    (A named tuple: a month of 5,000 staff makes 160,000 of them, and a frozen dataclass is slower to make.)"""
    date: date
    periods: list[Period]
    is_free_day: bool = False      # Sunday or public holiday
    is_working_day: bool = True    # a day of the person's schedule (core time applies)
    absent: bool = False           # on approved leave
    absent_all_day: bool = False   # absent the whole day (leave, sickness): its target is 0
    credit: timedelta = timedelta()  # a day credit without clock times (a business-trip day, § 44(2) BT-V)


_UTC_START = attrgetter("utc_start")
_DAY = timedelta(hours=24)


def working_days(periods: list[Period], *, rules: WorkRules) -> list[list[Period]]:
    """Group periods into working days in the sense of the ArbZG: the stretches of work that breaks,
    six hours in a row, ten hours and rest are about, wherever midnight falls.

    The periods of one calendar day belong together (as they always did), unless a full rest period lies
    between them. Work that reaches midnight (a period ending at 24:00, or the next one following within
    less than a counting break) continues its working day into the next calendar day: the following
    periods belong to it as long as no rest period lies between them and they start within 24 hours of
    the working day's start. So 22:00-24:00 and 00:00-06:00 are one working day of 8 hours."""
    rest = timedelta(minutes=rules.min_rest_minutes)
    no_break = timedelta(minutes=rules.min_break_block)
    groups: list[list[Period]] = []
    # In real time: two local times of the same zone compare by their wall clocks, and the hour the clocks
    # go back comes twice (2:40 summer time is before 2:10 winter time).
    for period in sorted(periods, key=_UTC_START):
        if groups:
            current = groups[-1]
            gap = period.utc_start - current[-1].utc_end
            began = current[0]
            joins = gap < rest and (
                period.start.date() == began.start.date()
                or gap < no_break
                or (current[-1].end.date() > began.start.date() and period.utc_start - began.utc_start < _DAY))
            if joins:
                current.append(period)
                continue
        groups.append([period])
    return groups


@dataclass
class _Shift:
    worked: timedelta
    deducted: timedelta
    capped: timedelta
    warnings: list[Warning]


def _evaluate_shift(periods: list[Period], rules: WorkRules, previous_end: datetime | None, *,
                    counting_break: timedelta, cap: timedelta) -> _Shift:
    """Breaks, six hours in a row, ten hours and rest for one working day (periods sorted; `previous_end`
    in UTC; `counting_break` and `cap` are the rules' min_break_block and max_daily_minutes as durations,
    made once by the caller and not for every working day)."""
    worked = breaks = stretch = longest = ZERO  # stretch: the longest one without a counting break
    before = None
    for period in periods:
        if before is not None:
            gap = period.utc_start - before.utc_end
            if gap >= counting_break:
                breaks += gap
                stretch = ZERO
        length = period.utc_end - period.utc_start
        worked += length
        stretch += length
        if stretch > longest:
            longest = stretch
        before = period
    warnings = []
    worked_minutes = _minutes(worked)
    owed = rules.break_after_9h if worked_minutes > 540 else rules.break_after_6h if worked_minutes > 360 else 0
    missing = max(0.0, owed - _minutes(breaks))
    if missing:
        warnings.append(Warning.BREAK_TOO_SHORT)
    if _minutes(longest) > rules.max_block_minutes:
        warnings.append(Warning.TOO_LONG_WITHOUT_BREAK)
    deducted = timedelta(minutes=missing) if missing else ZERO
    net = worked - deducted
    capped = ZERO
    if net > cap:
        warnings.append(Warning.OVER_10_HOURS)
        capped = net - cap
    if previous_end is not None and _minutes(periods[0].utc_start - previous_end) < rules.min_rest_minutes:
        warnings.append(Warning.REST_TOO_SHORT)
    return _Shift(worked, deducted, capped, warnings)


def _take(amount: timedelta, results: list[DayResult], field_name: str) -> None:
    """Put `amount` (a deduction or the capped excess) on the days in the given order, each taking at most
    what it still has credited."""
    for result in results:
        share = min(amount, result.credited)
        if share > ZERO:
            setattr(result, field_name, getattr(result, field_name) + share)
            result.credited -= share
            amount -= share


def evaluate_days(days: list[DayInput], *, rules: WorkRules, previous_end: datetime | None = None) -> list[DayResult]:
    """Figures and warnings for consecutive calendar days (in order; periods must not overlap).

    The rules of the working day apply to each working day (working_days), which may run across
    midnight; its figures are then shared out among the calendar days: each day keeps the time worked
    on it and the breaks that ended on it; a break deduction is taken from the day the working day
    began first (then from the next), time above the daily cap from its last day first (the hours
    beyond ten are the last ones worked); the warnings about breaks, six hours in a row, ten hours and
    rest are shown on the day the working day began. Sunday or holiday, the flexitime window and core
    time are about the calendar day. `previous_end` is the end of the work before the first day.
    A day credit (a travel day) has no clock times and so no rule of the working day applies to it: the
    day is credited the greater of its credit (at most the daily cap) and its recorded time as judged.
    A day absent all day that also has time recorded is a contradiction for the person and the approver to
    resolve: the time stays recorded and visible, but is not credited, so the day is never counted twice
    (an absence replaces the day's work, it does not add to it)."""
    results = {d.date: DayResult() for d in days}
    day_of = {id(p): d.date for d in days for p in d.periods}  # (by identity: hashing periods is dearer)
    for day in days:
        if day.periods:
            result = results[day.date]
            for period in day.periods:
                result.worked += period.utc_end - period.utc_start
    counting_break, cap = timedelta(minutes=rules.min_break_block), timedelta(minutes=rules.max_daily_minutes)
    end_before = previous_end.astimezone(UTC) if previous_end is not None else None
    for shift in working_days([p for d in days for p in d.periods], rules=rules):
        figures = _evaluate_shift(shift, rules, end_before, counting_break=counting_break, cap=cap)
        end_before = shift[-1].utc_end
        dates = sorted({day_of[id(p)] for p in shift})
        for before, after in pairwise(shift):
            gap = after.utc_start - before.utc_end
            if gap >= counting_break:
                results[day_of[id(after)]].breaks += gap
        if figures.deducted or figures.capped:  # (most working days have neither: nothing to share out)
            shift_days = [results[d] for d in dates]
            for result in shift_days:
                result.credited = result.worked - result.deducted - result.capped  # before this shift's shares
            _take(figures.deducted, shift_days, "deducted")
            _take(figures.capped, list(reversed(shift_days)), "capped")
        if figures.warnings:
            first = results[dates[0]]
            first.warnings.extend(w for w in figures.warnings if w not in first.warnings)
    for day in days:
        result = results[day.date]
        result.credited = result.worked - result.deducted - result.capped
        if day.credit:  # the day counts at least its credit; recorded time above it counts as usual
            result.day_credit = day.credit
            result.credited = max(result.credited, min(day.credit, cap))
        if day.absent_all_day and day.periods:
            result.warnings.append(Warning.ABSENT_BUT_RECORDED)
            result.credited = ZERO
        if day.periods and day.is_free_day:
            result.warnings.append(Warning.SUNDAY_OR_HOLIDAY)
        if day.periods and any(p.start.time() < rules.frame_start or _local_end(p) > rules.frame_end
                               for p in day.periods):
            result.warnings.append(Warning.OUTSIDE_FRAME)
        if day.is_working_day and not day.absent and rules.core_start is not None:
            covered = rules.core_end is None or any(
                p.start.time() <= rules.core_start and _local_end(p) >= rules.core_end for p in day.periods)
            if not day.periods or not covered:
                result.warnings.append(Warning.CORE_TIME_MISSED)
    return [results[d.date] for d in days]


def evaluate_day(
    periods: list[Period], *, rules: WorkRules, is_free_day: bool, is_working_day: bool,
    previous_end: datetime | None = None, absent: bool = False, absent_all_day: bool = False,
) -> DayResult:
    """Figures and warnings for one day's periods (sorted or not; they must not overlap)."""
    day = min((p.start.date() for p in periods), default=date.min)
    return evaluate_days([DayInput(day, list(periods), is_free_day, is_working_day, absent, absent_all_day)],
                         rules=rules, previous_end=previous_end)[0]


def _local_end(period: Period) -> time:
    # A period ending exactly at midnight ends at 24:00 of its day, not 00:00.
    end = period.end.time()
    return time.max if end == time(0) and period.end.date() > period.start.date() else end


def target_due(target: timedelta, credited: timedelta, *, day: date, today: date) -> timedelta:
    """How much of a day's target the flexitime balance counts by `today`: all of it once the day is over;
    today's only as far as it has been worked (so today never shows a shortfall, only a surplus; the
    shortfall counts from tomorrow on); nothing of the days to come."""
    if day < today:
        return target
    if day == today:
        return min(target, credited)
    return timedelta()


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
