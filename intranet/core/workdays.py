"""Working days: Monday to Friday without the public holidays of HOLIDAY_STATE (plain Python)."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings


@lru_cache(maxsize=128)
def public_holidays(state: str, year: int) -> frozenset[date]:
    """The state's public holidays of a year (dates only: the names depend on the process locale)."""
    return frozenset(holidays.country_holidays("DE", subdiv=state, years=year))


@lru_cache(maxsize=128)
def holiday_names(state: str, year: int) -> dict[date, str]:
    """The state's public holidays of a year with their German names (for previews and notes)."""
    return dict(holidays.country_holidays("DE", subdiv=state, years=year, language="de"))


def is_working_day(day: date, state: str | None = None) -> bool:
    return day.weekday() < 5 and day not in public_holidays(state or settings.HOLIDAY_STATE, day.year)


def add_working_days(start: date, count: int, state: str | None = None) -> date:
    """The date `count` working days after `start` (start itself is not counted)."""
    day = start
    while count > 0:
        day += timedelta(days=1)
        if is_working_day(day, state):
            count -= 1
    return day
