"""Travel costs as tables: per diem by absence, multi-day trips, meals provided, kilometres, deadline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from timekeeping.travel.rules.travel import (
    Meals,
    TravelRates,
    claim_deadline,
    kilometre_allowance,
    over_estimate,
    per_diem,
    trip_credit,
)

BERLIN = ZoneInfo("Europe/Berlin")
RATES = TravelRates()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=BERLIN)


def total(lines) -> Decimal:
    return sum((line.amount for line in lines), Decimal(0))


@pytest.mark.parametrize(("departure", "arrival", "expected"), [
    (at(23, 8), at(23, 15, 59), Decimal(0)),       # under 8 hours
    (at(23, 8), at(23, 16), Decimal(0)),           # exactly 8 hours: not "over"
    (at(23, 8), at(23, 16, 1), Decimal(14)),       # over 8 hours
    (at(23, 18), at(24, 10), Decimal(28)),         # overnight: departure and arrival day, 14 each
    (at(23, 8), at(25, 18), Decimal(56)),          # 14 + 28 + 14
    (at(23, 8), at(27, 18), Decimal(112)),         # 14 + 3 x 28 + 14
])
def test_per_diem_by_duration(departure, arrival, expected) -> None:
    assert total(per_diem(departure, arrival, RATES)) == expected


@pytest.mark.parametrize(("meals", "expected"), [
    (Meals(breakfast=True), Decimal("22.40")),              # 28 - 5.60
    (Meals(lunch=True), Decimal("16.80")),                  # 28 - 11.20
    (Meals(breakfast=True, lunch=True, dinner=True), Decimal(0)),
])
def test_meals_provided_reduce_a_full_day(meals, expected) -> None:
    lines = per_diem(at(23, 8), at(25, 18), RATES, {date(2026, 11, 24): meals})
    assert total(lines) - 28 == expected  # the two partial days stay 14 each
    assert any("Kürzung" in line.text for line in lines) == (expected != 28)


def test_meal_cut_is_capped_at_the_days_per_diem() -> None:
    lines = per_diem(at(23, 8), at(23, 18), RATES, {date(2026, 11, 23): Meals(lunch=True, dinner=True)})
    assert total(lines) == 0  # 22.40 off a 14 € day: the day is 0, never negative


@pytest.mark.parametrize(("km", "reason", "pool_free", "amount"), [
    (100, True, False, Decimal("35.00")),
    (100, False, False, Decimal("21.00")),
    (100, True, True, Decimal("0")),      # a pool car was free: nothing
    (0, True, False, None),
])
def test_kilometre_allowance(km, reason, pool_free, amount) -> None:
    line = kilometre_allowance(km, good_reason=reason, pool_car_free=pool_free, rates=RATES)
    assert (line.amount if line else None) == amount


def test_claim_deadline_is_six_months_after_the_trip() -> None:
    assert claim_deadline(date(2026, 11, 23), RATES) == date(2027, 5, 23)
    assert claim_deadline(date(2026, 8, 31), RATES) == date(2027, 2, 28)


@pytest.mark.parametrize(("absence", "business", "target", "credit"), [
    (10, 6, 8, 8),    # travel tops the business up to the day's target
    (6, 4, 8, 6),     # ... but never beyond the absence
    (12, 9, 8, 9),    # business above the target counts in full
])
def test_trip_credit(absence, business, target, credit) -> None:
    hours = timedelta(hours=1)
    assert trip_credit(absence * hours, business * hours, target * hours) == credit * hours


@pytest.mark.parametrize(("departure", "arrival", "expected"), [
    (at(23, 23), at(24, 1), Decimal(0)),    # two hours across midnight, no overnight stay
    (at(23, 20), at(24, 5), Decimal(14)),   # nine hours across midnight: one absence over 8 hours
])
def test_without_an_overnight_stay_a_trip_is_one_absence(departure, arrival, expected) -> None:
    assert total(per_diem(departure, arrival, RATES, overnight=False)) == expected


@pytest.mark.parametrize(("claimed", "estimate", "over"), [
    ("100", "100", "0"),          # as estimated
    ("119", "100", "0"),          # within 20 percent ...
    ("149", "100", "0"),          # ... and within the 50 € every claim has
    ("151", "100", "51.00"),      # beyond both: the whole difference
    ("1250", "1000", "250.00"),   # 20 percent of 1,000 € is 200 €
    ("1199", "1000", "0"),
    ("300000", "0", "300000.00"),  # nothing estimated, a fortune claimed
    ("14", "49", "0"),            # below the estimate
])
def test_a_claim_above_the_estimate_beyond_the_margin(claimed, estimate, over) -> None:
    assert over_estimate(Decimal(claimed), Decimal(estimate), margin_percent=20, margin_min=Decimal(50)) == Decimal(
        over)
