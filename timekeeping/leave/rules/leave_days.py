"""How many leave days a span costs (domain.md 3.4, 3.5, 3.17).

A leave day is a day the person would work by their schedule that is not a public holiday, not a
year-end release day and not a local day off HR granted; a half day at either end, or on a local half
day off (Rosenmontag afternoon), counts 0.5 where the policy allows half days.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .calendar import is_public_holiday, is_year_end_release

HALF = Decimal("0.5")


@dataclass(frozen=True)
class Span:
    start: date
    end: date
    start_half: bool = False  # starts at noon (afternoon only)
    end_half: bool = False    # ends at noon (morning only)


class SpanError(ValueError):
    """The span itself is impossible; the message says why (its code is in .code)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def working_days(
    span: Span, *, weekdays_on: Callable[[date], frozenset[int]], state: str,
    release_days: tuple[str, ...] = (), days_off: Mapping[date, Decimal] | None = None,
) -> list[date]:
    """The person's working days in the span (ISO weekdays from their schedule valid on each day)."""
    days, day = [], span.start
    while day <= span.end:
        if (day.isoweekday() in weekdays_on(day) and not is_public_holiday(day, state)
                and not is_year_end_release(day, release_days) and (days_off or {}).get(day) != 1):
            days.append(day)
        day += timedelta(days=1)
    return days


def leave_days(
    span: Span, *, weekdays_on: Callable[[date], frozenset[int]], state: str,
    release_days: tuple[str, ...] = (), allow_half_days: bool = False, days_off: Mapping[date, Decimal] | None = None,
) -> dict[int, Decimal]:
    """Leave days the span costs, per calendar year. Raises SpanError for an impossible span."""
    if span.end < span.start:
        raise SpanError("end_before_start")
    if (span.start_half or span.end_half) and not allow_half_days:
        raise SpanError("half_days_not_allowed")
    if span.start == span.end and span.start_half and span.end_half:
        raise SpanError("both_halves_of_one_day")
    days_off = days_off or {}
    days = working_days(span, weekdays_on=weekdays_on, state=state, release_days=release_days, days_off=days_off)
    if not days:
        raise SpanError("no_working_day")
    per_year: dict[int, Decimal] = {}
    for day in days:
        cost = 1 - days_off.get(day, Decimal(0))
        if (day == span.start and span.start_half) or (day == span.end and span.end_half):
            cost = HALF
        per_year[day.year] = per_year.get(day.year, Decimal(0)) + cost
    return per_year
