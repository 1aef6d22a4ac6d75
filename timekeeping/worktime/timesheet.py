"""The month sheet: per day target, worked, breaks, credit, difference, warnings; the running
flexitime balance. A read: a constant number of queries for any number of entries, and for any number
of people when sheets are made together (month_sheets)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Employment, User
from intranet.core.bulk_read import value_rows
from intranet.core.dated_rules import valid_on
from timekeeping.leave.models import LeaveRequest, LeaveRuleSet, LeaveState, LocalDayOff
from timekeeping.leave.rules.calendar import is_public_holiday, is_year_end_release

from .models import DayCredit, MonthClosing, MonthState, TimeEntry, WorkTimeRuleSet
from .rules.worktime import (
    HOLIDAY_WINDOW_DAYS,
    ZERO,
    Carry,
    DayInput,
    DayResult,
    Period,
    RestDay,
    Warning,
    WorkRules,
    evaluate_days,
    month_carry,
    substitute_rest_days,
    target_due,
)


def as_rules(row: WorkTimeRuleSet) -> WorkRules:
    return WorkRules(
        break_after_6h=row.break_after_6h, break_after_9h=row.break_after_9h, min_break_block=row.min_break_block,
        max_block_minutes=row.max_block_minutes, max_daily_minutes=row.max_daily_minutes,
        min_rest_minutes=row.min_rest_minutes, frame_start=row.frame_start, frame_end=row.frame_end,
        core_start=row.core_start, core_end=row.core_end,
    )


def last_closed_month(today: date) -> date:
    """The last month that has ended (its first day): the one payroll exports and monthly reports are for."""
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month as aware local datetimes [first 00:00, next month's first 00:00)."""
    first = month.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    return (datetime.combine(first, time(), tzinfo=zone), datetime.combine(following, time(), tzinfo=zone))


class EntryRow(NamedTuple):
    """A time entry as the sheets read it: what the page shows and the rules need, without a model object
    (a month of the whole administration is 210,000 entries, and making model objects of them was dear)."""
    pk: int
    start: datetime
    end: datetime | None
    mobile: bool


@dataclass
class SheetDay:
    date: date
    target: timedelta
    result: DayResult
    entries: Sequence[EntryRow]  # (days without any share one empty tuple: fewer objects for the collector)
    absence: str = ""
    absence_code: str = ""
    free: bool = False
    day_off: str = ""  # the name of a local day off (Betriebsausflug), if any
    rest_day: RestDay | None = None  # for a Sunday or holiday worked: its substitute rest day
    credits: Sequence[DayCredit] = ()  # day credits without clock times (travel days)
    due: timedelta = timedelta()     # the part of the target the balance counts so far (rules.target_due)
    pending: bool = False            # a day still to come: its target is shown, no difference yet

    @property
    def difference(self) -> timedelta:
        """Credited minus the target due so far: a day to come has none, today only its surplus."""
        return self.result.credited - self.due


@dataclass
class MonthSheet:
    person: User
    month: date
    days: list[SheetDay]
    carried_in: timedelta
    closing: MonthClosing | None
    plus_cap_hours: int
    minus_cap_hours: int
    open_entry: EntryRow | None = None
    totals: dict[str, timedelta] = field(default_factory=dict)

    @property
    def difference(self) -> timedelta:
        """The month's difference so far: the days over, and today as far as it was worked."""
        return sum((d.difference for d in self.days), timedelta())

    @property
    def balance(self) -> timedelta:
        """The real flexitime balance as of today (the one figure the sheet, the team overview, the
        dashboard, the API and the export show)."""
        return self.carried_in + self.difference

    @property
    def carry(self) -> Carry:
        return month_carry(self.balance, plus_cap_hours=self.plus_cap_hours, minus_cap_hours=self.minus_cap_hours)

    @property
    def locked(self) -> bool:
        return self.closing is not None and self.closing.state in (MonthState.SUBMITTED, MonthState.APPROVED)

    def submit_refusal(self, today: date) -> str | None:
        """Why the month cannot be submitted for sign-off on `today`, None when it can: month_submit's rule,
        which the sheet asks too before it offers the button."""
        if today < self.month.replace(day=calendar.monthrange(self.month.year, self.month.month)[1]):
            return _("A month can be submitted from its last day on.")
        if self.open_entry is not None:
            return _("Please clock out first.")
        if self.closing is not None and self.closing.state != MonthState.REJECTED:
            return _("This month has already been submitted.")
        return None

    @property
    def warnings(self) -> int:
        return sum(len(d.result.warnings) for d in self.days)

    @property
    def absent_but_recorded(self) -> list[SheetDay]:
        """Days of absence with time recorded: flagged to the person and to whoever signs the month off."""
        return [d for d in self.days if Warning.ABSENT_BUT_RECORDED in d.result.warnings]


class _Month:
    """What the month is for everyone, worked out once for all the people of a report (in any number of
    batches): its days, Sundays and holidays, local days off, the rule sets, and each schedule's targets."""

    def __init__(self, month: date, today: date) -> None:
        self.start, self.end = month_bounds(month)
        self.first, self.last = self.start.date(), (self.end - timedelta(days=1)).date()
        self.today = today
        self.zone = timezone.get_current_timezone()
        self.days = [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]
        self.holidays = {d for d in self.days if is_public_holiday(d, settings.HOLIDAY_STATE)}
        self.free = {d for d in self.days if d.isoweekday() == 7 or d in self.holidays}  # Sundays and holidays
        self._targets: dict[tuple[Any, ...] | None, list[timedelta]] = {}
        self.work_rules = _by_group(WorkTimeRuleSet.objects.filter(valid_from__lte=self.first))
        self.leave_rules = _by_group(LeaveRuleSet.objects.filter(valid_from__lte=self.first))
        self.local_days = {d.date: d for d in LocalDayOff.objects.filter(date__gte=self.first, date__lte=self.last)}

    def rules_of(self, rows: dict, person: User, model: type):
        """The rule set of the person's status group valid on the first of the month (as valid_for)."""
        if person.status_group not in rows:
            raise model.DoesNotExist(f"No {model._meta.verbose_name} for {person.status_group} on {self.first}")
        return rows[person.status_group][-1]

    def schedule_targets(self, schedule: Employment | None, release_days: tuple[str, ...]) -> list[timedelta]:
        """The month's targets of a schedule: zero on holidays and release days, lowered on local days off
        (a list shared by everyone with that schedule: not to be changed)."""
        key = (schedule.weekly_hours, schedule.working_weekdays, release_days) if schedule else None
        if key not in self._targets:
            targets = []
            weekdays = schedule.weekdays if schedule else frozenset()
            for day in self.days:
                if (schedule is None or day.isoweekday() not in weekdays
                        or day in self.holidays or is_year_end_release(day, release_days)):
                    targets.append(timedelta())
                    continue
                local = self.local_days.get(day)
                targets.append(timedelta(hours=float(schedule.weekly_hours)) / len(weekdays) * float(
                    1 - (local.share if local else 0)))
            self._targets[key] = targets
        return self._targets[key]


class _MonthData:
    """Everything the sheets of a batch of people need for one month besides what the month is for
    everyone, read in a fixed number of queries whatever the number of people or entries: schedules,
    entries, day credits, absences, closings."""

    def __init__(self, people: Sequence[User], month: _Month) -> None:
        self.month = month
        self.start, self.end, self.first, self.last = month.start, month.end, month.first, month.last
        ids = [p.pk for p in people]
        self.employments = _by_person(Employment.objects.filter(user_id__in=ids).order_by("valid_from"), "user_id")
        # Light rows, in order of start, without the bookkeeping stamps: timestamps are the dearest values to read.
        self.entries: dict[int, list[EntryRow]] = {}
        for row in value_rows(TimeEntry.objects.filter(
                person_id__in=ids, start__gte=self.start - timedelta(days=1), start__lt=self.end + timedelta(days=1),
        ).order_by("start").values_list("pk", "start", "end", "mobile", "person_id")):
            self.entries.setdefault(row[4], []).append(EntryRow._make(row[:4]))
        self.credits = _by_person(DayCredit.objects.filter(
            person_id__in=ids, date__gte=self.first, date__lte=self.last), "person_id")
        self.absences = _by_person(LeaveRequest.objects.filter(
            person_id__in=ids, state=LeaveState.APPROVED, start__lte=self.last, end__gte=self.first,
        ).select_related("leave_type"), "person_id")
        self.closings = {c.person_id: c for c in MonthClosing.objects.filter(person_id__in=ids, month=self.first)}
        last_signed_off = MonthClosing.objects.filter(
            person=OuterRef("pk"), month__lt=self.first, state=MonthState.APPROVED).order_by("-month")
        self.carried_in = dict(User.objects.filter(pk__in=ids).annotate(
            carried=Subquery(last_signed_off.values("carried_minutes")[:1])).values_list("pk", "carried"))

    def targets(self, person: User, release_days: tuple[str, ...]) -> list[timedelta]:
        """Each day's target by the schedule valid that day (not to be changed: see Month.schedule_targets)."""
        rows, month = self.employments.get(person.pk, []), self.month
        if not any(self.first < row.valid_from <= self.last for row in rows):  # one schedule all month
            return month.schedule_targets(valid_on(rows, self.first), release_days)
        return [month.schedule_targets(valid_on(rows, day), release_days)[n] for n, day in enumerate(month.days)]


def _by_group(rows) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for row in rows.order_by("valid_from"):
        grouped.setdefault(row.status_group, []).append(row)
    return grouped


def _by_person(rows, key: str) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for row in rows:
        grouped.setdefault(getattr(row, key), []).append(row)
    return grouped


def month_sheets(people: Sequence[User], month: date, *, today: date | None = None,
                 complete: bool = False) -> list[MonthSheet]:
    """The month sheets of several people at once (the team overview, the inbox). The balance counts
    the targets of the days up to `today` (rules.target_due); `complete` counts the whole month as over,
    as its closing does."""
    today = today or timezone.localdate()
    return _batch(people, _Month(month, _counted_to(month, today, complete)), today)


def sheets_in_batches(batches: Iterable[Sequence[User]], month: date, *, today: date | None = None,
                      complete: bool = False) -> Iterator[MonthSheet]:
    """The month sheets of people given in batches (the HR export, the council report: thousands of
    people), made a batch at a time, and what the month is for everyone worked out once."""
    today = today or timezone.localdate()
    common = _Month(month, _counted_to(month, today, complete))
    for people in batches:
        yield from _batch(people, common, today)


def _counted_to(month: date, today: date, complete: bool) -> date:
    first = month.replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return max(today, following) if complete else today


def _batch(people: Sequence[User], month: _Month, today: date) -> list[MonthSheet]:
    data = _MonthData(people, month)
    sheets = [_sheet(person, data) for person in people]
    _match_rest_days(sheets, today)
    return sheets


def month_sheet(person: User, month: date, *, today: date | None = None, complete: bool = False) -> MonthSheet:
    return month_sheets([person], month, today=today, complete=complete)[0]


def flexitime_balance(person: User, *, today: date | None = None) -> MonthSheet:
    """The sheet of the running month, whose balance is the person's flexitime balance today (the dashboard)."""
    today = today or timezone.localdate()
    return month_sheet(person, today.replace(day=1), today=today)


def _match_rest_days(sheets: list[MonthSheet], today: date) -> None:
    """Give each Sunday or holiday worked its substitute rest day, or warn where none was given in time.
    Reads the days worked around the month in one more query, only when someone worked such a day."""
    concerned = [s for s in sheets if any(d.free and d.result.worked for d in s.days)]
    if not concerned:
        return
    first, last = concerned[0].days[0].date, concerned[0].days[-1].date
    reach = timedelta(days=HOLIDAY_WINDOW_DAYS - 1)
    zone = timezone.get_current_timezone()
    worked: dict[int, set[date]] = {}
    # Days worked before the month compete for the same rest days, and their windows reach further back.
    earliest = first - 2 * reach
    for person_id, start in TimeEntry.objects.filter(
            person_id__in=[s.person.pk for s in concerned], end__isnull=False,
            start__gte=datetime.combine(earliest, time(), tzinfo=zone),
            start__lt=datetime.combine(last + reach + timedelta(days=1), time(), tzinfo=zone),
    ).values_list("person_id", "start"):
        worked.setdefault(person_id, set()).add(timezone.localtime(start, zone).date())
    state = settings.HOLIDAY_STATE
    for sheet in concerned:
        days_worked = worked.get(sheet.person.pk, set())
        span = [earliest + timedelta(days=n) for n in range((last + reach - earliest).days + 1)]
        free_worked = [(d, d.isoweekday() == 7) for d in span if first - reach <= d <= last and d in days_worked
                       and (d.isoweekday() == 7 or is_public_holiday(d, state))]
        candidates = {d for d in span if d.isoweekday() != 7 and not is_public_holiday(d, state)
                      and d not in days_worked}
        matched = {r.worked_on: r for r in substitute_rest_days(free_worked, candidates, today=today)}
        for day in sheet.days:
            if day.date in matched:
                day.rest_day = matched[day.date]
                if day.rest_day.missed(today):
                    day.result.warnings.append(Warning.NO_SUBSTITUTE_REST_DAY)


def _sheet(person: User, data: _MonthData) -> MonthSheet:
    month = data.month
    zone = month.zone
    first = data.first
    rules_row = month.rules_of(month.work_rules, person, WorkTimeRuleSet)
    release_days = month.rules_of(month.leave_rules, person, LeaveRuleSet).release_days
    rules = as_rules(rules_row)
    entries = data.entries.get(person.pk, [])
    by_day: dict[date, list[EntryRow]] = {}
    periods: dict[date, list[Period]] = {}
    for entry in entries:  # in order of start
        start = entry.start.astimezone(zone)
        by_day.setdefault(start.date(), []).append(entry)
        if entry.end is not None:
            # (Read in UTC already, so converting is only a check, and nearly free.)
            periods.setdefault(start.date(), []).append(Period(start, entry.end.astimezone(zone),
                                                               utc_start=entry.start.astimezone(UTC),
                                                               utc_end=entry.end.astimezone(UTC)))

    def periods_of(day: date) -> list[Period]:
        return periods.get(day) or []

    credits: dict[date, list[DayCredit]] = {}
    for credit in data.credits.get(person.pk, []):
        credits.setdefault(credit.date, []).append(credit)
    # Sickness first: a sick day during leave is sickness, not leave (§ 9 BUrlG).
    absences = sorted(data.absences.get(person.pk, []), key=lambda a: not a.leave_type.is_sickness)
    days, inputs = [], []
    for day, scheduled in zip(month.days, data.targets(person, release_days), strict=True):
        absence = next((a for a in absences if a.start <= day <= a.end), None) if absences else None
        target = scheduled
        half = absence is not None and (
            (day == absence.start and absence.start_half) or (day == absence.end and absence.end_half))
        if absence is not None:
            target = target / 2 if half else timedelta()
        free = day in month.free
        day_credits = credits.get(day, ())
        inputs.append(DayInput(day, periods_of(day), is_free_day=free, is_working_day=scheduled > ZERO,
                               absent=absence is not None or bool(day_credits),  # away on a trip: no core time
                               absent_all_day=absence is not None and not half,
                               credit=sum((c.duration for c in day_credits), ZERO) if day_credits else ZERO))
        days.append(SheetDay(date=day, target=target, result=DayResult(), entries=by_day.get(day, ()),
                             absence=absence.leave_type.name if absence else "",
                             absence_code=absence.leave_type.code if absence else "", free=free,
                             day_off=month.local_days[day].name if day in month.local_days else "",
                             pending=day > month.today, credits=day_credits))
    # The rules apply to working days, which may run across midnight, also across the month's edges: the
    # day before and the day after take part (their figures belong to their own month's sheet).
    before, after = first - timedelta(days=1), data.last + timedelta(days=1)
    results = evaluate_days([DayInput(before, periods_of(before), is_working_day=False), *inputs,
                             DayInput(after, periods_of(after), is_working_day=False)], rules=rules)[1:-1]
    for sheet_day, result in zip(days, results, strict=True):
        sheet_day.result = result
        sheet_day.due = target_due(sheet_day.target, result.credited, day=sheet_day.date, today=month.today)
    carried = data.carried_in.get(person.pk)
    sheet = MonthSheet(
        person=person, month=first, days=days, closing=data.closings.get(person.pk),
        carried_in=timedelta(minutes=carried) if carried is not None else timedelta(),
        plus_cap_hours=rules_row.plus_cap_hours, minus_cap_hours=rules_row.minus_cap_hours,
        open_entry=next((e for e in entries if e.end is None and data.start <= e.start < data.end), None),
    )
    target = due = worked = credited = deducted = day_credit = ZERO
    for d in days:  # in one pass: this runs for every person of the HR export
        target += d.target
        due += d.due
        worked += d.result.worked
        credited += d.result.credited
        deducted += d.result.deducted
        day_credit += d.result.day_credit
    sheet.totals = {"target": target, "target_to_date": due, "worked": worked, "credited": credited,
                    "deducted": deducted, "travel_credit": day_credit}
    return sheet


@dataclass(frozen=True)
class AtWork:
    since: datetime | None   # clocked in at, local time; None when not clocked in
    worked: timedelta        # today so far, the running period included


def today_at_work(person: User, now: datetime | None = None, *, sheet: MonthSheet | None = None) -> AtWork:
    """Whether the person is clocked in and what they worked today so far; from `sheet`, the running
    month's, when there is one (it read today's periods already: no query)."""
    from .rules.worktime import real

    now = now or timezone.now()
    zone = timezone.get_current_timezone()
    today = timezone.localtime(now, zone).date()
    if sheet is not None and sheet.month == today.replace(day=1):
        entries: Sequence[EntryRow | TimeEntry] = next(d.entries for d in sheet.days if d.date == today)
    else:
        start = datetime.combine(today, time(), tzinfo=zone)
        entries = list(TimeEntry.objects.filter(person=person, start__gte=start, start__lt=start + timedelta(days=1)))
    open_entry = next((e for e in entries if e.end is None), None)
    worked = sum((real(e.start, e.end or now) for e in entries), timedelta())
    return AtWork(since=timezone.localtime(open_entry.start, zone) if open_entry else None, worked=worked)
