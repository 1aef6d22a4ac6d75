"""Travel-cost rules in plain Python (HRKG, domain.md 4.4 to 4.7): per diem by absence duration,
meals provided, kilometre allowance, the claim deadline. Rates come in a TravelRates value that the
caller reads from the dated rule set. Every amount is returned as a line with its reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta

CENT = Decimal("0.01")


@dataclass(frozen=True)
class TravelRates:
    per_diem_partial: Decimal = Decimal("14")   # over 8 hours, or arrival/departure day
    per_diem_full: Decimal = Decimal("28")      # each full day of a multi-day trip
    min_hours: int = 8
    breakfast_share: Decimal = Decimal("0.20")  # of the full-day rate, taken off when provided
    lunch_share: Decimal = Decimal("0.40")
    dinner_share: Decimal = Decimal("0.40")
    km_with_reason: Decimal = Decimal("0.35")
    km_without_reason: Decimal = Decimal("0.21")
    claim_months: int = 6


@dataclass(frozen=True)
class Line:
    text: str
    amount: Decimal


@dataclass(frozen=True)
class Meals:
    breakfast: bool = False
    lunch: bool = False
    dinner: bool = False


def _hours(start: datetime, end: datetime) -> float:
    return (end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() / 3600


def per_diem(departure: datetime, arrival: datetime, rates: TravelRates,
             meals: dict[date, Meals] | None = None, *, overnight: bool = True) -> list[Line]:
    """Per diem lines (Tagegeld) for a trip between two local datetimes, meals provided taken off.
    Without an overnight stay a trip is one absence however many dates it touches (20:00 to 04:00 is
    8 hours); with one, the first and last day are the arrival and departure days."""
    meals = meals or {}
    first, last = departure.date(), arrival.date()
    days: list[tuple[date, Decimal, str]] = []
    if first == last or not overnight:
        if _hours(departure, arrival) > rates.min_hours:
            days.append((first, rates.per_diem_partial, f"über {rates.min_hours} Stunden abwesend"))
    else:
        days.append((first, rates.per_diem_partial, "Anreisetag"))
        day = first + timedelta(days=1)
        while day < last:
            days.append((day, rates.per_diem_full, "voller Tag"))
            day += timedelta(days=1)
        days.append((last, rates.per_diem_partial, "Abreisetag"))
    lines = []
    for day, amount, why in days:
        lines.append(Line(f"Tagegeld {day:%d.%m.%Y} ({why})", amount))
        provided = meals.get(day, Meals())
        cut = sum((share * rates.per_diem_full for flag, share in (
            (provided.breakfast, rates.breakfast_share), (provided.lunch, rates.lunch_share),
            (provided.dinner, rates.dinner_share)) if flag), Decimal(0))
        cut = min(cut, amount).quantize(CENT, ROUND_HALF_UP)
        if cut:
            names = ", ".join(n for n, flag in (("Frühstück", provided.breakfast), ("Mittagessen", provided.lunch),
                                                ("Abendessen", provided.dinner)) if flag)
            lines.append(Line(f"Kürzung {day:%d.%m.%Y}: gestellt {names}", -cut))
    return lines


def kilometre_allowance(km: int, *, good_reason: bool, pool_car_free: bool, rates: TravelRates) -> Line | None:
    """Private car: 0.35 €/km with a good reason, 0.21 €/km without, nothing where a pool car was free."""
    if km <= 0:
        return None
    if pool_car_free:
        return Line(f"Wegstreckenentschädigung {km} km: keine, ein Dienstwagen war frei", Decimal(0))
    rate = rates.km_with_reason if good_reason else rates.km_without_reason
    reason = "mit triftigem Grund" if good_reason else "ohne triftigen Grund"
    return Line(f"Wegstreckenentschädigung {km} km × {rate} € ({reason})", (rate * km).quantize(CENT, ROUND_HALF_UP))


def over_estimate(claimed: Decimal, estimate: Decimal, *, margin_percent: int, margin_min: Decimal) -> Decimal:
    """How far a claim lies above the approved estimate, when that is beyond the margin (a percentage of
    the estimate, but at least margin_min €): the whole difference; 0 within the margin."""
    difference = claimed - estimate
    allowed = max(estimate * Decimal(margin_percent) / 100, Decimal(margin_min))
    return difference.quantize(CENT, ROUND_HALF_UP) if difference > allowed else Decimal(0)


def claim_deadline(trip_end: date, rates: TravelRates) -> date:
    """The last day of the claim (Ausschlussfrist): the period starts the day after the trip ended."""
    return trip_end + relativedelta(months=rates.claim_months)


def trip_credit(absence: timedelta, business: timedelta, target: timedelta) -> timedelta:
    """Working time a trip day is credited (§ 44(2) TVöD BT-V, domain.md 4.8): the business done at the
    destination, and travel and waiting time on top up to the day's regular working time."""
    return max(business, min(absence, target))
