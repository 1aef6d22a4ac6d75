"""Annual leave entitlement under TVöD § 26 (domain.md 3.1-3.3, 3.10).

30 days at a 5-day week, proportional to the working weekdays (4 days: 24), counted per full
calendar month of employment (1/12 each) with the schedule valid in that month, then rounded:
fractions of at least one half up, smaller ones dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Entitlement:
    total: int            # whole days after the TVöD rounding
    statutory: int        # the part that is the statutory minimum (BUrlG: 20 at 5 days)
    exact: Decimal        # before rounding, for the explanation on screen


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1).toordinal() - 1
    return first, date.fromordinal(last)


def tvoed_round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def annual_entitlement(
    year: int, *, annual_days: int, statutory_days: int, base_weekdays: int,
    weekdays_on: Callable[[date], int], employed_from: date | None = None, employed_until: date | None = None,
) -> Entitlement:
    """The year's entitlement. `weekdays_on(day)` gives the number of working weekdays valid on a
    day (0 when not employed then). Only whole months of employment count."""
    exact = statutory_exact = Decimal(0)
    for month in range(1, 13):
        first, last = _month_bounds(year, month)
        if (employed_from and employed_from > first) or (employed_until and employed_until < last):
            continue
        weekdays = Decimal(weekdays_on(first))
        exact += Decimal(annual_days) * weekdays / Decimal(base_weekdays) / 12
        statutory_exact += Decimal(statutory_days) * weekdays / Decimal(base_weekdays) / 12
    total = tvoed_round(exact)
    return Entitlement(total=total, statutory=min(total, tvoed_round(statutory_exact)), exact=exact)
