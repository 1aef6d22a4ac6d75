"""Property-based proof of the working-time numbers: random sequences of what people do with their time
records (record and delete periods, across midnight and the change of summer time; submit a month; the
supervisor signs it off or returns it; corrections of signed-off months, approved or rejected), with the
invariants of the month sheets and closings checked after every step.

All dates lie in August to October 2026 and every service is given the fixed NOW, so the outcome does not
depend on the day the suite runs (TEST_NOW included). The approval of a correction checks its period
against the real clock (time_services._correction_approved); the retention is widened so that its
"not older than the records are kept" check cannot refuse these dates in a later year.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import HealthCheck, event
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.stateful import initialize, invariant, precondition, rule, run_state_machine_as_test

from intranet.approvals.models import ApprovalStep, StepState
from intranet.approvals.workflow import step_decide
from intranet.core.cells import csv_field
from tests.timekeeping.machines import RolledBackMachine
from timekeeping.worktime.export import _person_rows
from timekeeping.worktime.models import MonthClosing, MonthState, TimeCorrection, TimeEntry, WorkTimeRuleSet
from timekeeping.worktime.rules.worktime import DayInput, Period, evaluate_days, real, working_days
from timekeeping.worktime.services import (
    _figures,
    month_submit,
    time_correction_request,
    time_entry_create,
    time_entry_delete,
)
from timekeeping.worktime.timesheet import as_rules, month_sheet, month_sheets

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 15, 12, 0, tzinfo=BERLIN)
TODAY = NOW.date()
FIRST, LAST = date(2026, 8, 1), date(2026, 10, 31)
MONTHS = [date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1)]
SHEETS = [*MONTHS, date(2026, 11, 1)]  # a night from 31 October reaches into November
# Days where the interesting things happen: the months' edges and the end of summer time (25 October).
EDGE_DAYS = [date(2026, 8, 31), date(2026, 9, 1), date(2026, 9, 30), date(2026, 10, 1), date(2026, 10, 24),
             date(2026, 10, 25), date(2026, 10, 26), date(2026, 10, 31)]
ZERO = timedelta()
EXAMPLES, STEPS = int(os.environ.get("INV_EXAMPLES", 8)), 25  # INV_EXAMPLES=200 for a long hunt

days = st.one_of(st.sampled_from(EDGE_DAYS), st.dates(min_value=FIRST, max_value=LAST))
starts = st.one_of(st.sampled_from([time(0), time(6), time(8), time(12, 30), time(16), time(20), time(22),
                                    time(23, 45)]),
                   st.builds(time, st.integers(0, 23), st.sampled_from([0, 5, 15, 30, 45, 55])))
# Moments as instants: also those of the hour 2:00-3:00 on 25 October that comes twice (the second time, fold=1).
FOLD = datetime(2026, 10, 24, 23, 0, tzinfo=UTC)  # 1:00 CEST, an hour before the clocks go back
FIVE = timedelta(minutes=5)
moments = st.one_of(st.integers(0, 36).map(lambda n: FOLD + n * FIVE),
                    st.integers(0, 92 * 24 * 12 - 1).map(lambda n: datetime(2026, 7, 31, 22, tzinfo=UTC) + n * FIVE))
begins = st.one_of(st.builds(lambda d, t: datetime.combine(d, t, tzinfo=BERLIN).astimezone(UTC), days, starts),
                   moments)
lengths = st.one_of(st.sampled_from([15, 120, 240, 361, 390, 480, 540, 545, 600, 630, 720]),
                    st.integers(1, 168).map(lambda n: 5 * n)).map(lambda m: timedelta(minutes=m))


def month_of(moment: datetime) -> date:
    return moment.astimezone(BERLIN).date().replace(day=1)


def pieces(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """The period as the service stores it, one piece per local day (in UTC)."""
    out, current = [], start
    while current < end:
        local = current.astimezone(BERLIN)
        midnight = datetime.combine(local.date() + timedelta(days=1), time(), tzinfo=BERLIN).astimezone(UTC)
        out.append((current, min(end, midnight)))
        current = min(end, midnight)
    return out


def overlaps(a: tuple[datetime, datetime], b: tuple[datetime, datetime]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def day_figures(day) -> tuple:
    r = day.result
    return (day.date, day.target, day.due, r.worked, r.breaks, r.deducted, r.credited, r.capped, r.day_credit,
            sorted(r.warnings))


def sheet_figures(sheet) -> tuple:
    return (sheet.carried_in, sheet.balance, sheet.difference, sorted(sheet.totals.items()),
            [day_figures(d) for d in sheet.days])


def own_figures(sheet) -> tuple:
    """What a month's own records decide: every day's figures and the totals, not what it carried in."""
    return ([day_figures(d)[:9] for d in sheet.days], sorted(sheet.totals.items()), sheet.difference)


STORED = ["target_minutes", "worked_minutes", "credited_minutes", "balance_minutes", "carried_minutes",
          "forfeited_minutes"]


@dataclass
class Pending:
    id: int
    person: int
    month: date
    span: tuple[datetime, datetime]


class WorkingTime(RolledBackMachine):
    def __init__(self) -> None:
        super().__init__()
        cast = type(self).cast
        self.supervisor = {cast.ada.pk: cast.ben.pk, cast.carl.pk: cast.frank.pk}
        self.entries: dict[int, set[tuple[datetime, datetime]]] = {pk: set() for pk in self.people}
        self.states: dict[tuple[int, date], str] = {}        # the model of the closings' states
        self.own: dict[tuple[int, date], tuple] = {}         # a locked month's own figures, as submitted
        self.pending: list[Pending] = []
        self.corrected: set[tuple[int, date]] = set()        # months changed by an approved correction this step
        self.sheets: dict[int, list] = {}
        self.checked: dict[int, tuple] = {}


    # --- helpers -----------------------------------------------------------------------------------

    def locked(self, person: int, month: date) -> bool:
        return self.states.get((person, month)) in (MonthState.SUBMITTED, MonthState.APPROVED)

    def joins_locked_month(self, person: int, add=(), remove=()) -> bool:
        """Whether adding or removing these pieces changes a working day that reaches into a submitted or
        signed-off month other than the pieces' own. Such steps are not taken: they change that month's
        figures (an open defect, see test_a_night_across_a_locked_months_end_keeps_its_figures below)."""
        rules = as_rules(WorkTimeRuleSet.objects.filter(
            status_group=self.people[person].status_group).latest("valid_from"))
        changed = set(add) | set(remove)
        own = {month_of(a) for a, _ in changed}
        before = self.entries[person]
        for spans in (before, (before - set(remove)) | set(add)):
            for shift in working_days([Period(a.astimezone(BERLIN), b.astimezone(BERLIN)) for a, b in spans],
                                      rules=rules):
                utc = {(p.start.astimezone(UTC), p.end.astimezone(UTC)) for p in shift}
                if utc & changed and any(self.locked(person, month_of(a)) for a, _ in utc if month_of(a) not in own):
                    event("not taken: joins a locked month's working day")
                    return True
        return False

    def snapshot(self) -> tuple:
        return (sorted(TimeEntry.objects.values_list("person_id", "start", "end")),
                sorted(MonthClosing.objects.values_list("person_id", "month", "state", *STORED)),
                sorted(TimeCorrection.objects.values_list("id", "applied", "approval__state")))

    def refused(self, action, *args, refusal: type[Exception] = ValidationError, **kwargs) -> None:
        """The action must be refused (a ValidationError, or as said) and change nothing at all."""
        event(f"refused: {action.__name__}")
        before = self.snapshot()
        with pytest.raises(refusal):
            action(*args, **kwargs)
        assert self.snapshot() == before

    def step_of(self, approval) -> ApprovalStep:
        step = approval.steps.get(state=StepState.OPEN)
        assert step.approver_id == self.supervisor[approval.requester_id]
        return step

    # --- rules ---------------------------------------------------------------------------------------

    @initialize(ada=st.lists(st.tuples(begins, lengths), max_size=10),
                carl=st.lists(st.tuples(begins, lengths), max_size=6))
    def some_weeks_recorded(self, ada, carl) -> None:
        """Each example starts from some records already there (as many as the steps could make)."""
        for person, periods in (("ada", ada), ("carl", carl)):
            for begin, length in periods:
                self.record_period(person, begin, length)

    @rule(person=st.sampled_from(["ada", "carl"]), begin=begins, length=lengths)
    def record(self, person: str, begin: datetime, length: timedelta) -> None:
        self.record_period(person, begin, length)

    def record_period(self, person: str, begin: datetime, length: timedelta) -> None:
        who = getattr(type(self).cast, person)
        end = begin + length  # in real time: 2:00 + 1 h on 25 October is 2:00 again
        parts = pieces(begin, end)
        refuse = (any(overlaps(p, q) for p in parts for q in self.entries[who.pk])
                  or any(self.locked(who.pk, month_of(a)) for a, _ in parts))
        if refuse:
            self.refused(time_entry_create, by=who, start=begin, end=end, now=NOW)
            return
        if self.joins_locked_month(who.pk, add=parts):
            return
        created = time_entry_create(by=who, start=begin, end=end, now=NOW)
        assert [(e.start.astimezone(UTC), e.end.astimezone(UTC)) for e in created] == parts
        self.entries[who.pk].update(parts)
        event("recorded across midnight" if len(parts) > 1 else "recorded")

    @precondition(lambda self: any(self.entries.values()))
    @rule(data=st.data())
    def delete(self, data) -> None:
        person, part = data.draw(st.sampled_from(sorted((pk, p) for pk, ps in self.entries.items() for p in ps)))
        entry = TimeEntry.objects.get(person_id=person, start=part[0], end=part[1])
        if self.locked(person, month_of(part[0])):
            self.refused(time_entry_delete, by=self.people[person], entry_id=entry.pk)
            return
        if self.joins_locked_month(person, remove=[part]):
            return
        time_entry_delete(by=self.people[person], entry_id=entry.pk)
        self.entries[person].discard(part)

    @rule(person=st.sampled_from(["ada", "carl"]), month=st.sampled_from(MONTHS))
    def submit(self, person: str, month: date) -> None:
        who = getattr(type(self).cast, person)
        if self.states.get((who.pk, month), MonthState.REJECTED) != MonthState.REJECTED:
            self.refused(month_submit, by=who, month=month, today=TODAY)
            return
        closing = month_submit(by=who, month=month, today=TODAY)
        assert closing.state == MonthState.SUBMITTED
        self.states[(who.pk, month)] = MonthState.SUBMITTED
        self.own[(who.pk, month)] = own_figures(month_sheet(who, month, today=TODAY, complete=True))

    @precondition(lambda self: MonthState.SUBMITTED in self.states.values())
    @rule(data=st.data(), approve=st.sampled_from([True, False, True]))
    def decide_month(self, data, approve: bool) -> None:
        person, month = data.draw(st.sampled_from(sorted(k for k, s in self.states.items()
                                                         if s == MonthState.SUBMITTED)))
        closing = MonthClosing.objects.get(person_id=person, month=month)
        step = self.step_of(closing.approval)
        by = self.people[person]
        self.refused(step_decide, by=by, step_id=step.pk, approve=True, refusal=PermissionDenied)  # never one's own
        step_decide(by=step.approver, step_id=step.pk, approve=approve, comment="" if approve else "Bitte prüfen.")
        closing.refresh_from_db()
        assert closing.state == (MonthState.APPROVED if approve else MonthState.REJECTED)
        event(f"month {closing.state}")
        self.states[(person, month)] = closing.state
        if not approve:
            del self.own[(person, month)]

    @rule(person=st.sampled_from(["ada", "carl"]), begin=begins, length=lengths, data=st.data())
    def correct_add(self, person: str, begin: datetime, length: timedelta, data) -> None:
        who = getattr(type(self).cast, person)
        signed = sorted(m for (pk, m), state in self.states.items() if pk == who.pk and state == MonthState.APPROVED)
        if signed and data.draw(st.booleans()):  # mostly a day of a signed-off month, else anywhere
            month = data.draw(st.sampled_from(signed))
            begin = datetime.combine(month.replace(day=data.draw(st.integers(1, 28))), data.draw(starts),
                                     tzinfo=BERLIN).astimezone(UTC)
        end = begin + length
        span, month = (begin, end), month_of(begin)
        fine = (self.states.get((who.pk, month)) == MonthState.APPROVED
                and month_of(end - timedelta(microseconds=1)) == month
                and not any(overlaps(p, span) for p in self.entries[who.pk])
                and not any(overlaps(c.span, span) for c in self.pending if c.person == who.pk))
        if not fine:
            self.refused(time_correction_request, by=who, reason="vergessen", start=begin, end=end, now=NOW)
            return
        if self.joins_locked_month(who.pk, add=pieces(begin, end)):
            return
        correction = time_correction_request(by=who, reason="vergessen", start=begin, end=end, now=NOW)
        self.pending.append(Pending(correction.pk, who.pk, month, span))

    @precondition(lambda self: any(self.entries.values()))
    @rule(data=st.data())
    def correct_remove(self, data) -> None:
        every = sorted((pk, p) for pk, ps in self.entries.items() for p in ps)
        signed = [(pk, p) for pk, p in every if self.states.get((pk, month_of(p[0]))) == MonthState.APPROVED]
        person, part = data.draw(st.sampled_from(signed if signed and data.draw(st.booleans()) else every))
        entry = TimeEntry.objects.get(person_id=person, start=part[0], end=part[1])
        month, who = month_of(part[0]), self.people[person]
        fine = (self.states.get((person, month)) == MonthState.APPROVED
                and not any(overlaps(c.span, part) for c in self.pending if c.person == person))
        if not fine:
            self.refused(time_correction_request, by=who, reason="doppelt", remove_entry_id=entry.pk, now=NOW)
            return
        if self.joins_locked_month(person, remove=[part]):
            return
        correction = time_correction_request(by=who, reason="doppelt", remove_entry_id=entry.pk, now=NOW)
        self.pending.append(Pending(correction.pk, person, month, part))

    @precondition(lambda self: self.pending)
    @rule(data=st.data(), approve=st.sampled_from([True, False, True]))
    def decide_correction(self, data, approve: bool) -> None:
        pending = data.draw(st.sampled_from(self.pending))
        correction = TimeCorrection.objects.get(pk=pending.id)
        step = self.step_of(correction.approval)
        if approve and self.joins_locked_month(pending.person, **(
                {"add": pieces(*pending.span)} if correction.action == TimeCorrection.Action.ADD
                else {"remove": [pending.span]})):
            return
        before = self.snapshot()
        step_decide(by=step.approver, step_id=step.pk, approve=approve, comment="" if approve else "Belege fehlen.")
        correction.refresh_from_db()
        self.pending.remove(pending)
        assert correction.applied == approve
        event(f"correction {'approved' if approve else 'rejected'}")
        if not approve:  # a rejected correction changes nothing but its own request
            entries, closings, _ = self.snapshot()
            assert (entries, closings) == before[:2]
            return
        if correction.action == TimeCorrection.Action.ADD:
            self.entries[pending.person].update(pieces(*pending.span))
        else:
            self.entries[pending.person].discard(pending.span)
        self.corrected.add((pending.person, pending.month))
        event(f"correction approved: {correction.action}")

    # --- invariants ----------------------------------------------------------------------------------
    # Checked after every step. A person's sheets are made afresh whenever their records or closings changed
    # (the sheets are a function of those; a refused step was proven to change nothing).

    @invariant()
    def records_are_what_was_accepted(self) -> None:
        for person, parts in self.entries.items():
            assert set(TimeEntry.objects.filter(person_id=person).values_list("start", "end")) == parts
        assert self.states == {(c.person_id, c.month): c.state for c in MonthClosing.objects.all()}

    @invariant()
    def sheets_add_up(self) -> None:
        changed = [p for p in self.people.values() if self.person_state(p.pk) != self.checked.get(p.pk)]
        if not changed:
            return
        for person in changed:
            self.sheets[person.pk] = [month_sheet(person, month, today=TODAY) for month in SHEETS]
            self.check_person(person, self.sheets[person.pk])
            self.check_locked(person, self.sheets[person.pk])
            self.checked[person.pk] = self.person_state(person.pk)
        # The batch (team overview, export) gives every person the same sheet as one at a time.
        people = list(self.people.values())
        for n, month in enumerate(SHEETS):
            batch = month_sheets(people, month, today=TODAY)
            assert [sheet_figures(s) for s in batch] == [sheet_figures(self.sheets[p.pk][n]) for p in people]
        self.corrected.clear()

    def person_state(self, person: int) -> tuple:
        return (sorted(TimeEntry.objects.filter(person_id=person).values_list("start", "end")),
                sorted(MonthClosing.objects.filter(person_id=person).values_list("month", "state", *STORED)))

    def check_person(self, person, sheets) -> None:
        rules = as_rules(WorkTimeRuleSet.objects.filter(status_group=person.status_group).latest("valid_from"))
        cap = timedelta(minutes=rules.max_daily_minutes)
        # Each date in exactly one month's sheet, every day of the months there.
        assert [d.date for s in sheets for d in s.days] == [
            SHEETS[0] + timedelta(days=n) for n in range((date(2026, 12, 1) - SHEETS[0]).days)]
        for sheet in sheets:
            balance = sheet.carried_in
            rows = list(_person_rows(person, sheet, {}))
            for day, row in zip(sheet.days, rows, strict=False):
                r = day.result
                assert r.worked >= ZERO and r.credited >= ZERO and r.deducted >= ZERO and r.capped >= ZERO
                assert r.breaks >= ZERO and day.target >= ZERO
                assert r.credited <= r.worked + r.day_credit
                assert r.credited == max(r.worked - r.deducted - r.capped, min(r.day_credit, cap))
                if day.date < TODAY:
                    assert day.due == day.target and not day.pending
                else:
                    assert day.due == (ZERO if day.pending else min(day.target, r.credited))
                balance += r.credited - day.due
                if not day.pending:  # the balance on the day, as the export reports it
                    assert csv_field(row["balance"], comma=False) == f"{balance.total_seconds() / 3600:.2f}"
            # The balance at the month's end (or today): carried in plus each day's credited minus target.
            assert sheet.balance == balance == sheet.carried_in + sheet.difference
            assert csv_field(rows[-1]["balance"], comma=False) == f"{balance.total_seconds() / 3600:.2f}"
            for name, field in (("worked", "worked"), ("credited", "credited"), ("deducted", "deducted")):
                assert sheet.totals[name] == sum((getattr(d.result, field) for d in sheet.days), ZERO)
            assert sheet.totals["target"] == sum((d.target for d in sheet.days), ZERO)
        # The carried-in balance is the carry of the last signed-off month before.
        for sheet in sheets:
            before = MonthClosing.objects.filter(person=person, month__lt=sheet.month,
                                                 state=MonthState.APPROVED).order_by("-month").first()
            assert sheet.carried_in == timedelta(minutes=before.carried_minutes if before else 0)
        # A night across a month's end counts once: the days' worked minutes add up to the records ...
        recorded = sum((real(a, b) for a, b in self.entries[person.pk]), ZERO)
        assert sum((s.totals["worked"] for s in sheets), ZERO) == recorded
        # ... and each day is judged as on one sheet of the whole window (the rules of a working day across
        # midnight apply across a month's end alike, whichever month's sheet shows the day).
        span = [d for s in sheets for d in s.days]
        periods: dict[date, list[Period]] = {}
        for a, b in sorted(self.entries[person.pk]):
            periods.setdefault(a.astimezone(BERLIN).date(), []).append(
                Period(a.astimezone(BERLIN), b.astimezone(BERLIN)))
        whole = evaluate_days([DayInput(SHEETS[0] - timedelta(days=1), []),
                               *(DayInput(d.date, periods.get(d.date, [])) for d in span),
                               DayInput(date(2026, 12, 1), [])], rules=rules)[1:-1]
        assert [(d.date, d.result.worked, d.result.breaks, d.result.deducted, d.result.capped, d.result.credited)
                for d in span] == [(d.date, w.worked, w.breaks, w.deducted, w.capped, w.credited)
                                   for d, w in zip(span, whole, strict=True)]

    def check_locked(self, person, sheets) -> None:
        for sheet in sheets[:len(MONTHS)]:  # the months' days are all over: the sheet is the complete one
            state = self.states.get((person.pk, sheet.month))
            if state not in (MonthState.SUBMITTED, MonthState.APPROVED):
                continue
            if (person.pk, sheet.month) in self.corrected:
                self.own[(person.pk, sheet.month)] = own_figures(sheet)
            # Nothing but an approved correction of the month changes what its own records add up to ...
            assert own_figures(sheet) == self.own[(person.pk, sheet.month)]
            # ... and its closing keeps the figures of its sheet, with the balance carried in from the month
            # before (which follows when that month is signed off or corrected later).
            closing = MonthClosing.objects.get(person=person, month=sheet.month)
            assert {name: getattr(closing, name) for name in STORED} == _figures(sheet)
            assert closing.worked_minutes >= 0 and closing.credited_minutes >= 0 and closing.target_minutes >= 0


@pytest.mark.django_db(transaction=False)
def test_working_time_invariants_hold_for_any_sequence_of_actions(cast, settings) -> None:
    settings.TIME_RETENTION_YEARS = 50  # a correction's approval checks the period against the real clock
    WorkingTime.cast = cast
    run_state_machine_as_test(WorkingTime, settings=hypothesis_settings(
        max_examples=EXAMPLES, stateful_step_count=STEPS, deadline=None, derandomize=False,
        suppress_health_check=[HealthCheck.too_slow]))


# --- Regression examples for what the invariants found ---------------------------------------------------

def berlin(month: int, day: int, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=BERLIN, fold=fold)


def signed_off(person, supervisor, month: date, *, approve: bool = True) -> MonthClosing:
    closing = month_submit(by=person, month=month, today=TODAY)
    if approve:
        step_decide(by=supervisor, step_id=closing.approval.steps.get(state=StepState.OPEN).pk, approve=True)
        closing.refresh_from_db()
    return closing


@pytest.mark.django_db
def test_a_removal_of_a_signed_off_period_is_applied_on_approval(cast) -> None:
    """Approving a removal answered a 500 (the deleted entry was still linked when the correction was saved)
    and so could never be approved."""
    (entry,) = time_entry_create(by=cast.ada, start=berlin(9, 2, 8), end=berlin(9, 2, 12), now=NOW)
    closing = signed_off(cast.ada, cast.ben, date(2026, 9, 1))
    removal = time_correction_request(by=cast.ada, reason="war Urlaub", remove_entry_id=entry.pk, now=NOW)
    step_decide(by=cast.ben, step_id=removal.approval.steps.get().pk, approve=True)
    removal.refresh_from_db()
    closing.refresh_from_db()
    assert removal.applied and removal.start == entry.start and removal.end == entry.end
    assert not TimeEntry.objects.filter(person=cast.ada).exists() and closing.worked_minutes == 0


@pytest.mark.django_db
def test_a_later_month_carries_what_an_earlier_one_was_signed_off_or_corrected_with(cast, settings) -> None:
    """A closing took its carried-in balance once, when it was submitted: a month signed off after a later
    one, or corrected after the next was closed, was lost for all the months after."""
    settings.TIME_RETENTION_YEARS = 50  # the approval of the correction checks against the real clock
    time_entry_create(by=cast.ada, start=berlin(8, 3, 8), end=berlin(8, 3, 12), now=NOW)
    august = signed_off(cast.ada, cast.ben, date(2026, 8, 1), approve=False)
    september = signed_off(cast.ada, cast.ben, date(2026, 9, 1))  # signed off before August
    step_decide(by=cast.ben, step_id=august.approval.steps.get(state=StepState.OPEN).pk, approve=True)
    august.refresh_from_db()
    september.refresh_from_db()

    def difference(month: date) -> int:
        return round(month_sheet(cast.ada, month, today=TODAY).difference.total_seconds() / 60)

    assert august.balance_minutes == august.carried_minutes == difference(date(2026, 8, 1))  # all minus: no cap
    assert september.balance_minutes == august.carried_minutes + difference(date(2026, 9, 1))
    assert month_sheet(cast.ada, date(2026, 10, 1), today=TODAY).carried_in == timedelta(
        minutes=september.carried_minutes)
    before = september.balance_minutes
    added = time_correction_request(by=cast.ada, reason="Außentermin", start=berlin(8, 4, 8),
                                    end=berlin(8, 4, 12), now=NOW)
    step_decide(by=cast.ben, step_id=added.approval.steps.get().pk, approve=True)
    september.refresh_from_db()
    assert september.balance_minutes == september.carried_minutes == before + 240
    assert month_sheet(cast.ada, date(2026, 10, 1), today=TODAY).carried_in == timedelta(minutes=before + 240)


@pytest.mark.django_db
def test_a_period_in_the_hour_that_comes_twice_is_recorded(cast) -> None:
    """On 25 October 2026 the clocks go back at 3:00 to 2:00: 2:55 summer time to 2:10 winter time is a
    quarter of an hour. Given in UTC it was silently dropped (nothing saved, no message); given in local
    time (as the API gives it) it was refused as ending before it starts."""
    start, end = berlin(10, 25, 2, 55), berlin(10, 25, 2, 10, fold=1)
    assert real(start, end) == timedelta(minutes=15)
    (entry,) = time_entry_create(by=cast.ada, start=start.astimezone(UTC), end=end.astimezone(UTC), now=NOW)
    assert real(entry.start, entry.end) == timedelta(minutes=15)
    (entry,) = time_entry_create(by=cast.carl, start=start, end=end, now=NOW)
    assert real(entry.start, entry.end) == timedelta(minutes=15)
    assert TimeEntry.objects.count() == 2
    with pytest.raises(ValidationError) as error:  # a night from 22:00 to 22:00 is 25 hours long that day
        time_entry_create(by=cast.ben, start=berlin(10, 24, 22), end=berlin(10, 25, 22), now=NOW)
    assert "end" in error.value.message_dict


@pytest.mark.django_db
def test_periods_in_the_hour_that_comes_twice_are_judged_in_real_order(cast) -> None:
    """2:40-2:50 summer time, then 2:10 winter time (20 minutes later) to 9:00: 7 hours with a 20-minute
    break, so 10 minutes deducted. Sorted by the wall clock, the second period came first and the break
    was lost (30 minutes deducted)."""
    time_entry_create(by=cast.ada, start=berlin(10, 25, 2, 40), end=berlin(10, 25, 2, 50), now=NOW)
    time_entry_create(by=cast.ada, start=berlin(10, 25, 2, 10, fold=1), end=berlin(10, 25, 9), now=NOW)
    day = month_sheet(cast.ada, date(2026, 10, 1), today=TODAY).days[24]
    assert day.date == date(2026, 10, 25)
    assert (day.result.worked, day.result.breaks, day.result.deducted, day.result.credited) == (
        timedelta(hours=7), timedelta(minutes=20), timedelta(minutes=10), timedelta(hours=6, minutes=50))


@pytest.mark.django_db
def test_work_until_midnight_of_an_open_month_is_not_refused_for_the_next_month(cast) -> None:
    """22:00-24:00 on 30 September lies wholly in September; it was refused because October, where its end
    falls at 0:00, was submitted."""
    signed_off(cast.ada, cast.ben, date(2026, 10, 1), approve=False)
    with pytest.raises(ValidationError, match="Oktober 2026"):  # not a minute into October
        time_entry_create(by=cast.ada, start=berlin(9, 30, 22), end=berlin(10, 1, 0, 1), now=NOW)
    (entry,) = time_entry_create(by=cast.ada, start=berlin(9, 30, 22), end=berlin(10, 1, 0), now=NOW)
    assert real(entry.start, entry.end) == timedelta(hours=2)


@pytest.mark.xfail(strict=True, reason="open defect: a working day across a month's end is judged as one, so a "
                   "period recorded in the open month changes the figures of the submitted or signed-off one")
@pytest.mark.django_db
def test_a_night_across_a_locked_months_end_keeps_its_figures(cast) -> None:
    """20:00-24:00 on 30 September, September signed off; then 0:00-4:00 on 1 October is recorded: one
    working day of 8 hours, whose 30 minutes of break are deducted from the day it began, in signed-off
    September. September's sheet changes while its closing (and what October carries in) does not, so
    the deduction is lost from the account."""
    time_entry_create(by=cast.ada, start=berlin(9, 30, 20), end=berlin(10, 1, 0), now=NOW)
    closing = signed_off(cast.ada, cast.ben, date(2026, 9, 1))
    time_entry_create(by=cast.ada, start=berlin(10, 1, 0), end=berlin(10, 1, 4), now=NOW)
    september = month_sheet(cast.ada, date(2026, 9, 1), today=TODAY)
    october = month_sheet(cast.ada, date(2026, 10, 1), today=TODAY)
    assert _figures(september) == {name: getattr(closing, name) for name in STORED}
    lost = september.days[-1].result.deducted + october.days[0].result.deducted
    assert lost == timedelta(minutes=30) and closing.credited_minutes + round(
        october.totals["credited"].total_seconds() / 60) == 8 * 60 - 30
