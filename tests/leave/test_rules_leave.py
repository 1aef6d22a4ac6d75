"""The leave rules as tables: working days of a span, entitlement and its rounding."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from timekeeping.leave.rules.entitlement import annual_entitlement, tvoed_round
from timekeeping.leave.rules.leave_days import Span, SpanError, leave_days

FIVE = frozenset({1, 2, 3, 4, 5})
FOUR = frozenset({1, 2, 3, 4})
YEAR_END = ("12-24", "12-31")


def five(day: date) -> frozenset[int]:
    return FIVE


def four(day: date) -> frozenset[int]:
    return FOUR


@pytest.mark.parametrize(("span", "schedule", "halves", "expected"), [
    (Span(date(2026, 11, 23), date(2026, 11, 27)), five, False, {2026: 5}),          # Mon-Fri
    (Span(date(2026, 11, 23), date(2026, 11, 29)), five, False, {2026: 5}),          # weekend free
    (Span(date(2026, 11, 23), date(2026, 11, 27)), four, False, {2026: 4}),          # 4-day week
    (Span(date(2026, 6, 1), date(2026, 6, 5)), five, False, {2026: 4}),              # Fronleichnam 4.6.
    (Span(date(2026, 4, 2), date(2026, 4, 7)), five, False, {2026: 2}),              # Karfreitag, Ostermontag
    (Span(date(2026, 12, 21), date(2026, 12, 31)), five, False, {2026: 6}),          # 24., 25., 31. free
    (Span(date(2026, 12, 28), date(2027, 1, 8)), five, False, {2026: 3, 2027: 5}),   # year boundary; 1.1. free
    (Span(date(2026, 11, 23), date(2026, 11, 24), end_half=True), five, True, {2026: Decimal("1.5")}),
    (Span(date(2026, 11, 23), date(2026, 11, 24), start_half=True, end_half=True), five, True, {2026: 1}),
    (Span(date(2026, 11, 23), date(2026, 11, 23), start_half=True), five, True, {2026: Decimal("0.5")}),
])
def test_leave_days(span: Span, schedule, halves: bool, expected: dict[int, Decimal]) -> None:
    assert leave_days(span, weekdays_on=schedule, state="HE", release_days=YEAR_END,
                      allow_half_days=halves) == expected


@pytest.mark.parametrize(("span", "halves", "code"), [
    (Span(date(2026, 11, 27), date(2026, 11, 23)), False, "end_before_start"),
    (Span(date(2026, 11, 28), date(2026, 11, 29)), False, "no_working_day"),
    (Span(date(2026, 12, 24), date(2026, 12, 26)), False, "no_working_day"),
    (Span(date(2026, 11, 23), date(2026, 11, 23), start_half=True, end_half=True), True, "both_halves_of_one_day"),
    (Span(date(2026, 11, 23), date(2026, 11, 24), end_half=True), False, "half_days_not_allowed"),
])
def test_impossible_spans(span: Span, halves: bool, code: str) -> None:
    with pytest.raises(SpanError) as error:
        leave_days(span, weekdays_on=five, state="HE", release_days=YEAR_END, allow_half_days=halves)
    assert error.value.code == code


def test_year_end_release_only_where_the_rule_set_has_it() -> None:
    span = Span(date(2026, 12, 24), date(2026, 12, 24))
    assert leave_days(span, weekdays_on=five, state="HE", release_days=()) == {2026: 1}


@pytest.mark.parametrize(("value", "rounded"), [
    (Decimal("7.5"), 8), (Decimal("7.49"), 7), (Decimal("24"), 24), (Decimal("22.5"), 23), (Decimal("0.4"), 0),
])
def test_tvoed_rounding(value: Decimal, rounded: int) -> None:
    assert tvoed_round(value) == rounded


def weekdays(n: int):
    return lambda day: n


@pytest.mark.parametrize(("kwargs", "total", "statutory"), [
    ({"weekdays_on": weekdays(5)}, 30, 20),
    ({"weekdays_on": weekdays(4)}, 24, 16),
    ({"weekdays_on": weekdays(3)}, 18, 12),
    ({"weekdays_on": weekdays(6)}, 36, 24),
    ({"weekdays_on": weekdays(5), "employed_from": date(2026, 10, 1)}, 8, 5),     # 3/12 x 30 = 7.5 -> 8
    ({"weekdays_on": weekdays(5), "employed_from": date(2026, 10, 2)}, 5, 3),     # October not whole: 2/12
    ({"weekdays_on": weekdays(5), "employed_until": date(2026, 6, 30)}, 15, 10),  # leaving mid-year
    # four days a week until June, five from July: 6/12 x 24 + 6/12 x 30 = 27
    ({"weekdays_on": lambda day: 4 if day.month <= 6 else 5}, 27, 18),
])
def test_annual_entitlement(kwargs: dict, total: int, statutory: int) -> None:
    result = annual_entitlement(2026, annual_days=30, statutory_days=20, base_weekdays=5, **kwargs)
    assert (result.total, result.statutory) == (total, statutory)
