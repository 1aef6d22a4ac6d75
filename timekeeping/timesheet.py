"""The month sheet: per day target, worked, breaks, credit, difference, warnings; the running
flexitime balance. A read; a constant number of queries for any number of entries."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from directory.models import Employment, User

from .models import LeaveRequest, LeaveState, MonthClosing, MonthState, TimeEntry, WorkTimeRuleSet
from .rules.calendar import is_public_holiday, is_year_end_release
from .rules.worktime import Carry, DayResult, Period, WorkRules, evaluate_day, month_carry
from .selectors import rules_for


def work_rules_for(person: User, on: date) -> WorkTimeRuleSet:
    return WorkTimeRuleSet.valid_for(person.status_group, on)


def as_rules(row: WorkTimeRuleSet) -> WorkRules:
    return WorkRules(
        break_after_6h=row.break_after_6h, break_after_9h=row.break_after_9h, min_break_block=row.min_break_block,
        max_block_minutes=row.max_block_minutes, max_daily_minutes=row.max_daily_minutes,
        min_rest_minutes=row.min_rest_minutes, frame_start=row.frame_start, frame_end=row.frame_end,
        core_start=row.core_start, core_end=row.core_end,
    )


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as aware local datetimes [first 00:00, next month's first 00:00)."""
    first = month.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    return (datetime.combine(first, time(), tzinfo=zone), datetime.combine(following, time(), tzinfo=zone))


@dataclass
class SheetDay:
    date: date
    target: timedelta
    result: DayResult
    entries: list[TimeEntry]
    absence: str = ""
    absence_code: str = ""
    free: bool = False

    @property
    def difference(self) -> timedelta:
        return self.result.credited - self.target


@dataclass
class MonthSheet:
    person: User
    month: date
    days: list[SheetDay]
    carried_in: timedelta
    closing: MonthClosing | None
    plus_cap_hours: int
    minus_cap_hours: int
    open_entry: TimeEntry | None = None
    totals: dict[str, timedelta] = field(default_factory=dict)

    @property
    def difference(self) -> timedelta:
        return sum((d.difference for d in self.days), timedelta())

    @property
    def balance(self) -> timedelta:
        return self.carried_in + self.difference

    @property
    def carry(self) -> Carry:
        return month_carry(self.balance, plus_cap_hours=self.plus_cap_hours, minus_cap_hours=self.minus_cap_hours)

    @property
    def locked(self) -> bool:
        return self.closing is not None and self.closing.state in (MonthState.SUBMITTED, MonthState.APPROVED)

    @property
    def warnings(self) -> int:
        return sum(len(d.result.warnings) for d in self.days)


def _daily_targets(person: User, first: date, last: date) -> dict[date, timedelta]:
    rows = list(Employment.objects.filter(user=person).order_by("valid_from"))
    leave_rules = rules_for(person, first)
    targets = {}
    day = first
    while day <= last:
        current = None
        for row in rows:
            if row.valid_from <= day:
                current = row
        target = timedelta()
        if (current is not None and day.isoweekday() in current.weekdays
                and not is_public_holiday(day, settings.HOLIDAY_STATE)
                and not is_year_end_release(day, leave_rules.release_days)):
            target = timedelta(hours=float(current.weekly_hours)) / len(current.weekdays)
        targets[day] = target
        day += timedelta(days=1)
    return targets


def month_sheet(person: User, month: date) -> MonthSheet:
    start, end = month_bounds(month)
    first, last = start.date(), (end - timedelta(days=1)).date()
    zone = timezone.get_current_timezone()
    rules_row = work_rules_for(person, first)
    rules = as_rules(rules_row)
    entries = list(TimeEntry.objects.filter(person=person, start__gte=start - timedelta(days=1), start__lt=end))
    previous_end = None
    by_day: dict[date, list[TimeEntry]] = {}
    for entry in entries:
        local_day = timezone.localtime(entry.start, zone).date()
        if local_day < first:
            if entry.end:
                previous_end = max(previous_end or entry.end, entry.end)
            continue
        by_day.setdefault(local_day, []).append(entry)
    absences = list(LeaveRequest.objects.filter(person=person, state=LeaveState.APPROVED, start__lte=last,
                                                end__gte=first).select_related("leave_type"))
    targets = _daily_targets(person, first, last)
    days = []
    for offset in range(calendar.monthrange(first.year, first.month)[1]):
        day = first + timedelta(days=offset)
        absence = next((a for a in absences if a.start <= day <= a.end), None)
        target = targets[day]
        if absence is not None:
            half = (day == absence.start and absence.start_half) or (day == absence.end and absence.end_half)
            target = target / 2 if half else timedelta()
        free = day.isoweekday() == 7 or is_public_holiday(day, settings.HOLIDAY_STATE)
        day_entries = sorted(by_day.get(day, []), key=lambda e: e.start)
        periods = [Period(timezone.localtime(e.start, zone), timezone.localtime(e.end, zone))
                   for e in day_entries if e.end is not None]
        result = evaluate_day(periods, rules=rules, is_free_day=free, is_working_day=targets[day] > timedelta(),
                              previous_end=previous_end, absent=absence is not None)
        if periods:
            previous_end = periods[-1].end
        days.append(SheetDay(date=day, target=target, result=result, entries=day_entries,
                             absence=absence.leave_type.name if absence else "",
                             absence_code=absence.leave_type.code if absence else "", free=free))
    previous = (MonthClosing.objects.filter(person=person, month__lt=first, state=MonthState.APPROVED)
                .order_by("-month").first())
    closing = MonthClosing.objects.filter(person=person, month=first).first()
    sheet = MonthSheet(
        person=person, month=first, days=days, closing=closing,
        carried_in=timedelta(minutes=previous.carried_minutes) if previous else timedelta(),
        plus_cap_hours=rules_row.plus_cap_hours, minus_cap_hours=rules_row.minus_cap_hours,
        open_entry=next((e for e in entries if e.end is None), None),
    )
    sheet.totals = {
        "target": sum((d.target for d in days), timedelta()),
        "worked": sum((d.result.worked for d in days), timedelta()),
        "credited": sum((d.result.credited for d in days), timedelta()),
        "deducted": sum((d.result.deducted for d in days), timedelta()),
    }
    return sheet


@dataclass(frozen=True)
class AtWork:
    since: datetime | None   # clocked in at, local time; None when not clocked in
    worked: timedelta        # today so far, the running period included


def today_at_work(person: User, now: datetime | None = None) -> AtWork:
    from .rules.worktime import real

    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    today = timezone.localtime(now, zone).date()
    start = datetime.combine(today, time(), tzinfo=zone)
    entries = list(TimeEntry.objects.filter(person=person, start__gte=start, start__lt=start + timedelta(days=1)))
    open_entry = next((e for e in entries if e.end is None), None)
    worked = sum((real(e.start, e.end or now) for e in entries), timedelta())
    return AtWork(since=timezone.localtime(open_entry.start, zone) if open_entry else None, worked=worked)
