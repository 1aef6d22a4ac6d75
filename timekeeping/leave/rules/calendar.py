"""Which days are free for everyone: public holidays of the state, and (for TVöD staff) the
full-day release on 24 and 31 December (§ 6(3) TVöD, domain.md 3.17)."""

from __future__ import annotations

from datetime import date

from intranet.core.workdays import public_holidays


def is_public_holiday(day: date, state: str) -> bool:
    return day in public_holidays(state, day.year)


def is_year_end_release(day: date, release_days: tuple[str, ...]) -> bool:
    """24/31 December as configured in the rule set ("12-24", "12-31"), whatever the weekday."""
    return f"{day.month:02d}-{day.day:02d}" in release_days
