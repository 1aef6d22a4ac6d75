"""Booking rules in plain Python: what a span must satisfy, when spans collide, where the next free
span is, and the dates of a series. No database, no HTTP; table-tested."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

PAST_GRACE = timedelta(minutes=30)  # "from now" may start at the last half hour


@dataclass(frozen=True)
class SpanRules:
    min_minutes: int = 15
    max_minutes: int = 600
    max_days_ahead: int = 180
    day_starts: time = time(6, 0)
    day_ends: time = time(22, 0)


def _minutes(start: datetime, end: datetime) -> float:
    # Real elapsed minutes (UTC), so a booking over a DST change is as long as it really is.
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 60


def _end_time(end: datetime) -> time:
    """The local end time; midnight at the end of a day counts as 24:00."""
    return time.max if end.time() == time(0) else end.time()


def span_problems(start: datetime, end: datetime, rules: SpanRules, *, now: datetime, zone: ZoneInfo) -> list[str]:
    """The codes of every rule the span breaks (empty: fine). Times are read in the local zone."""
    if end <= start:
        return ["end_before_start"]
    problems = []
    length = _minutes(start, end)
    if length < rules.min_minutes:
        problems.append("too_short")
    if length > rules.max_minutes:
        problems.append("too_long")
    if end <= now or start < now - PAST_GRACE:
        problems.append("in_past")
    if start.astimezone(zone).date() > now.astimezone(zone).date() + timedelta(days=rules.max_days_ahead):
        problems.append("too_far_ahead")
    if not within_hours(start, end, rules, zone):
        problems.append("outside_hours")
    return problems


def overlaps(a_start: datetime, a_until: datetime, b_start: datetime, b_until: datetime) -> bool:
    """Half-open spans [start, until): touching spans (one ends when the other starts) do not overlap."""
    return a_start < b_until and b_start < a_until


def within_hours(start: datetime, end: datetime, rules: SpanRules, zone: ZoneInfo) -> bool:
    """Starts and ends within the bookable hours (a car may be out overnight; the hours are for the
    handover)."""
    return rules.day_starts <= start.astimezone(zone).time() and _end_time(end.astimezone(zone)) <= rules.day_ends


def next_free_start(
    busy: Iterable[tuple[datetime, datetime]], *, wanted_start: datetime, length: timedelta, buffer: timedelta,
    rules: SpanRules, zone: ZoneInfo, days: int = 14,
) -> datetime | None:
    """The earliest start at or after wanted_start where [start, start + length + buffer) is free of the
    busy spans and the booking keeps to the bookable hours; None if there is none within `days`."""
    spans = sorted(busy)
    candidate = wanted_start
    limit = wanted_start + timedelta(days=days)
    while candidate < limit:
        local = candidate.astimezone(zone)
        if not within_hours(candidate, candidate + length, rules, zone):
            day = local.date() if local.time() < rules.day_starts else local.date() + timedelta(days=1)
            candidate = datetime.combine(day, rules.day_starts, tzinfo=zone)
            if not within_hours(candidate, candidate + length, rules, zone):
                return None  # longer than a bookable day allows
            continue
        clash = next((s for s in spans if overlaps(candidate, candidate + length + buffer, s[0], s[1])), None)
        if clash is None:
            return candidate
        candidate = clash[1]
    return None


@dataclass(frozen=True)
class Occurrence:
    start: datetime
    end: datetime


def occurrences(rule: str, first_start: datetime, duration: timedelta, *, zone: ZoneInfo,
                horizon: date) -> list[Occurrence]:
    """The occurrences of an RRULE from first_start, at the same local wall-clock time every time (a
    weekly meeting stays at 9:00 across a DST change), up to the horizon (inclusive)."""
    local_first = first_start.astimezone(zone).replace(tzinfo=None)
    until = datetime.combine(horizon, time.max)
    found = []
    for naive in rrulestr(rule, dtstart=local_first):
        if naive > until:
            break
        start = naive.replace(tzinfo=zone)
        found.append(Occurrence(start, start + duration))
    return found


def ends_by(rule: str, first_start: datetime, day: date, *, zone: ZoneInfo) -> bool:
    """Whether the rule has no occurrence after the day (a rule without COUNT or UNTIL never ends)."""
    local_first = first_start.astimezone(zone).replace(tzinfo=None)
    return rrulestr(rule, dtstart=local_first).after(datetime.combine(day, time.max)) is None


def series_rule(*, freq: str, weekdays: Sequence[str] = (), interval: int = 1, count: int | None = None,
                until: date | None = None) -> str:
    """An RRULE value from the form's choices (DAILY, WEEKLY with MO..SU, MONTHLY); count or until."""
    parts = [f"FREQ={freq}"]
    if interval > 1:
        parts.append(f"INTERVAL={interval}")
    if freq == "WEEKLY" and weekdays:
        parts.append("BYDAY=" + ",".join(weekdays))
    if count:
        parts.append(f"COUNT={count}")
    elif until:
        parts.append(f"UNTIL={until:%Y%m%d}T235959")
    return ";".join(parts)


# --- The car logbook ---------------------------------------------------------------------------

ODOMETER_MAX = 9_999_999  # km: seven digits, more than any car's odometer shows
LONG_TRIP_KM = 2_000      # a single trip longer than this is asked to be confirmed (a typo is likelier)


def odometer_problems(start: int, end: int, *, previous_end: int | None, next_start: int | None,
                      long_confirmed: bool = False) -> list[tuple[str, str]]:
    """What is implausible about a trip's odometer readings, as (field, code): beyond seven digits, the
    return below the start or below the car's last recorded reading (the trip before), above the start
    of a later trip recorded already, or one trip longer than LONG_TRIP_KM unless confirmed."""
    problems = [(field, "too_large") for field, value in (("odometer_start", start), ("odometer_end", end))
                if not 0 <= value <= ODOMETER_MAX]
    if problems:
        return problems
    if end < start:
        problems.append(("odometer_end", "end_before_start"))
    elif previous_end is not None and end < previous_end:
        problems.append(("odometer_end", "end_below_previous"))
    elif next_start is not None and end > next_start:
        problems.append(("odometer_end", "end_above_next"))
    elif end - start > LONG_TRIP_KM and not long_confirmed:
        problems.append(("odometer_end", "long_trip"))
    return problems


CHECK_IN_OPENS = timedelta(minutes=15)  # before the start; the same span before it, the reminder goes out


def check_in_open(start: datetime, end: datetime, now: datetime) -> bool:
    """Whether a booking can be checked in now: from CHECK_IN_OPENS before its start until its end."""
    return start - CHECK_IN_OPENS <= now < end
