"""Leave at the service layer: entitlement, requests, approval and deputy routing, cancellation,
carry-over and the expiry notices."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from directory.presence import presence_for
from intranet.approvals.models import OutboxMail, StepState
from intranet.approvals.workflow import step_decide
from timekeeping.leave.models import BucketKind, ExpiryNotice, LeaveBucket, LeaveState, LeaveType
from timekeeping.leave.selectors import leave_balance
from timekeeping.leave.services import (
    entitlement_grant,
    leave_cancel,
    leave_carry_over,
    leave_end_early,
    leave_expiry_notices_send,
    leave_request_create,
)

TODAY = date(2026, 11, 2)  # a Monday
NEW_YEAR = date(2027, 1, 4)
BERLIN = ZoneInfo("Europe/Berlin")


def leave_type(code: str = "erholungsurlaub") -> LeaveType:
    return LeaveType.objects.get(code=code)


def request(person, start: date, end: date, code: str = "erholungsurlaub", **kw):
    return leave_request_create(by=person, leave_type=leave_type(code), start=start, end=end, today=TODAY, **kw)


def approve(leave, by) -> None:
    step_decide(by=by, step_id=leave.approval.steps.get(state=StepState.OPEN).pk, approve=True)
    leave.refresh_from_db()


@pytest.fixture
def granted(cast):
    for person in (cast.ada, cast.ben, cast.bea, cast.carl, cast.dan):
        entitlement_grant(person=person, year=2026)
        entitlement_grant(person=person, year=2027)
    return cast


def test_entitlement_is_30_days_split_into_statutory_and_tariff(granted) -> None:
    buckets = {b.kind: b.days for b in LeaveBucket.objects.filter(person=granted.ada, year=2026)}
    assert buckets == {BucketKind.STATUTORY: 20, BucketKind.TARIFF: 10}
    assert leave_balance(granted.ada, 2026).available == 30


def test_four_day_week_gets_24_days(cast) -> None:
    cast.ada.employments.update(working_weekdays="1234")
    entitlement_grant(person=cast.ada, year=2026)
    assert leave_balance(cast.ada, 2026).available == 24


def test_request_approve_and_the_balance_drops(granted) -> None:
    leave = request(granted.ada, date(2026, 11, 23), date(2026, 11, 27))
    assert (leave.days, leave.state) == (5, LeaveState.SUBMITTED)
    assert leave.approval.steps.get().approver == granted.ben
    balance = leave_balance(granted.ada, 2026)
    assert (balance.pending, balance.available) == (5, 25)
    approve(leave, granted.ben)
    assert leave.state == LeaveState.APPROVED
    balance = leave_balance(granted.ada, 2026)
    assert (balance.taken, balance.pending, balance.available) == (5, 0, 25)


def test_overdrawing_is_refused_with_the_numbers(granted) -> None:
    request(granted.ada, date(2026, 11, 9), date(2026, 12, 17))  # 29 working days
    with pytest.raises(ValidationError) as error:
        request(granted.ada, date(2026, 12, 21), date(2026, 12, 23))
    assert "3 benötigt, 1 verfügbar" in str(error.value.message_dict["end"])


def test_overlap_with_own_request_is_refused(granted) -> None:
    request(granted.ada, date(2026, 11, 23), date(2026, 11, 27))
    with pytest.raises(ValidationError) as error:
        request(granted.ada, date(2026, 11, 26), date(2026, 11, 30))
    assert "23.11.2026–27.11.2026" in str(error.value)


@pytest.mark.parametrize(("start", "end", "kw", "field"), [
    (date(2026, 11, 27), date(2026, 11, 23), {}, "end"),                    # end before start
    (date(2026, 11, 28), date(2026, 11, 29), {}, "end"),                    # no working day
    (date(2026, 11, 23), date(2026, 11, 24), {"end_half": True}, "start_half"),  # no half days under TVöD
    (date(2029, 1, 8), date(2029, 1, 9), {}, "start"),                      # too far ahead
    (date(2026, 12, 28), date(2027, 1, 8), {}, "end"),                      # two calendar years
])
def test_bad_spans_save_nothing(granted, start, end, kw, field) -> None:
    with pytest.raises(ValidationError) as error:
        request(granted.ada, start, end, **kw)
    assert field in error.value.message_dict
    assert not granted.ada.leave_requests.exists()


def test_a_day_before_every_rule_set_is_refused_with_a_message(granted) -> None:
    # Found by the API fuzzer: special leave in the year 166 answered 500 (no rule set that old).
    with pytest.raises(ValidationError, match="keine Urlaubsregeln") as error:
        request(granted.ada, date(166, 1, 5), date(166, 1, 6), code="sonderurlaub")
    assert "start" in error.value.message_dict
    assert not granted.ada.leave_requests.exists()


def test_bildungsurlaub_needs_six_weeks_notice_and_is_not_for_civil_servants(granted) -> None:
    with pytest.raises(ValidationError, match="mindestens 42 Tage"):
        request(granted.ada, date(2026, 11, 23), date(2026, 11, 27), code="bildungsurlaub")
    granted.dan.status_group = "beamte"
    granted.dan.save()
    with pytest.raises(ValidationError, match="nicht zur Verfügung"):
        request(granted.dan, date(2027, 3, 1), date(2027, 3, 5), code="bildungsurlaub")


def test_sickness_is_reported_not_requested(granted) -> None:
    sick = request(granted.ada, date(2026, 11, 2), date(2026, 11, 6), code="krankheit")
    assert sick.state == LeaveState.APPROVED and sick.approval is None
    assert sick.certificate_due == date(2026, 11, 5)  # from the 4th calendar day
    assert leave_balance(granted.ada, 2026).available == 30  # draws on no balance
    assert OutboxMail.objects.filter(to=granted.ben.email, subject="Ada Arendt ist abwesend").exists()


def test_approved_absence_routes_approvals_to_the_deputy(granted) -> None:
    bens = request(granted.ben, date(2026, 11, 2), date(2026, 11, 13))
    approve(bens, granted.frank)
    # While Ben is on leave (today, per the clock of the routing), Ada's request goes to Bea.
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=datetime(2026, 11, 4, 9, tzinfo=BERLIN)):
        adas = request(granted.ada, date(2026, 12, 7), date(2026, 12, 11))
    step = adas.approval.steps.get()
    assert (step.approver, step.substitute_for) == (granted.bea, granted.ben)


def test_colleagues_see_absent_never_why(granted) -> None:
    request(granted.ada, date(2026, 11, 2), date(2026, 11, 3), code="krankheit")
    assert presence_for([granted.ada.pk, granted.bea.pk], date(2026, 11, 2)) == {granted.ada.pk: "away"}


def test_cancelling_approved_leave_goes_through_approval(granted) -> None:
    leave = request(granted.ada, date(2026, 11, 23), date(2026, 11, 27))
    approve(leave, granted.ben)
    leave = leave_cancel(by=granted.ada, leave_id=leave.pk, today=TODAY)
    assert leave.state == LeaveState.APPROVED  # until the supervisor agrees
    assert leave_balance(granted.ada, 2026).available == 25
    step_decide(by=granted.ben, step_id=leave.cancellation.steps.get().pk, approve=True)
    leave.refresh_from_db()
    assert leave.state == LeaveState.CANCELLED
    assert leave_balance(granted.ada, 2026).available == 30


def test_waiting_leave_is_simply_withdrawn(granted) -> None:
    leave = request(granted.ada, date(2026, 11, 23), date(2026, 11, 27))
    leave = leave_cancel(by=granted.ada, leave_id=leave.pk, today=TODAY)
    assert leave.state == LeaveState.WITHDRAWN
    assert leave_balance(granted.ada, 2026).available == 30


def test_ending_leave_early_returns_the_rest(granted) -> None:
    leave = request(granted.ada, date(2026, 11, 2), date(2026, 11, 13))
    approve(leave, granted.ben)
    assert leave_balance(granted.ada, 2026).available == 20
    with pytest.raises(ValidationError):
        leave_cancel(by=granted.ada, leave_id=leave.pk, today=date(2026, 11, 4))  # has begun
    leave_end_early(by=granted.ada, leave_id=leave.pk, new_end=date(2026, 11, 6), today=date(2026, 11, 4))
    leave.refresh_from_db()
    assert (leave.end, leave.days) == (date(2026, 11, 6), 5)
    assert leave_balance(granted.ada, 2026).available == 25


def test_carry_over_expires_on_31_march_and_is_taken_first(granted) -> None:
    approve(request(granted.ada, date(2026, 11, 23), date(2026, 12, 4)), granted.ben)  # 10 days
    assert leave_carry_over(year=2026, today=NEW_YEAR).people == 5
    assert leave_carry_over(year=2026, today=NEW_YEAR).changed == 0  # a second run changes nothing
    carried = LeaveBucket.objects.get(person=granted.ada, year=2027, kind=BucketKind.CARRIED)
    assert (carried.days, carried.expires_on) == (20, date(2027, 3, 31))
    assert leave_balance(granted.ada, 2027, NEW_YEAR).available == 50
    # Leave that starts by the deadline draws on the carried-over days first, even past 31 March
    # (29.3.2027 is Easter Monday: 4 leave days).
    march = request(granted.ada, date(2027, 3, 29), date(2027, 4, 2))
    approve(march, granted.ben)
    assert {d.bucket.kind: d.days for d in march.deductions.select_related("bucket")} == {BucketKind.CARRIED: 4}
    assert [b.remaining for b in leave_balance(granted.ada, 2027, NEW_YEAR).expiring] == [16]
    # Leave starting after the deadline cannot use them: 30 days of 2027 are left for it.
    with pytest.raises(ValidationError, match="31 benötigt, 30 verfügbar"):
        request(granted.ada, date(2027, 4, 5), date(2027, 5, 19))


def test_expiry_notices_are_sent_once_and_logged(granted) -> None:
    october = datetime(2026, 10, 5, 9, tzinfo=BERLIN)
    assert leave_expiry_notices_send(now=october) == 5
    assert leave_expiry_notices_send(now=october) == 0
    notice = ExpiryNotice.objects.get(person=granted.ada, kind="october")
    assert (notice.days, notice.expires_on) == (30, date(2027, 3, 31))
    mail = OutboxMail.objects.filter(to=granted.ada.email).last()
    assert mail.subject == "30 Tage Urlaub verfallen am 31.03.2027"


def test_entitlement_respects_the_rule_set_of_the_status_group(cast) -> None:
    from timekeeping.leave.models import LeaveRuleSet

    LeaveRuleSet.objects.create(status_group="tarif", valid_from=date(2027, 1, 1), annual_days=31,
                                statutory_days=20)
    entitlement_grant(person=cast.ada, year=2026)
    entitlement_grant(person=cast.ada, year=2027)
    assert leave_balance(cast.ada, 2026).available == 30
    assert leave_balance(cast.ada, 2027).available == Decimal(31)


def test_a_named_stand_in_confirms_before_the_supervisor(granted) -> None:
    leave = request(granted.ada, date(2026, 11, 23), date(2026, 11, 27), substitute=granted.bea)
    first = leave.approval.steps.get()
    assert (first.level, first.approver) == ("substitute", granted.bea)
    step_decide(by=granted.bea, step_id=first.pk, approve=True, comment="Ich vertrete gern.")
    second = leave.approval.steps.get(state=StepState.OPEN)
    assert (second.level, second.approver) == ("supervisor", granted.ben)
    approve(leave, granted.ben)
    assert leave.state == LeaveState.APPROVED


def test_a_stand_in_who_declines_ends_the_request(granted) -> None:
    leave = request(granted.ada, date(2026, 11, 23), date(2026, 11, 27), substitute=granted.bea)
    step_decide(by=granted.bea, step_id=leave.approval.steps.get().pk, approve=False, comment="Bin selbst weg.")
    leave.refresh_from_db()
    assert leave.state == LeaveState.REJECTED
    assert leave_balance(granted.ada, 2026).available == 30


def test_sickness_names_no_stand_in_step(granted) -> None:
    sick = request(granted.ada, date(2026, 11, 2), date(2026, 11, 3), code="krankheit", substitute=granted.bea)
    assert sick.approval is None


def test_carry_over_moves_the_days_once_and_follows_later_changes(granted) -> None:
    ada = granted.ada
    approve(request(ada, date(2026, 11, 23), date(2026, 11, 25)), granted.ben)  # 3 days: 27 left
    december = request(ada, date(2026, 12, 14), date(2026, 12, 18))  # 5 days, waiting
    late = request(ada, date(2026, 12, 21), date(2026, 12, 22))      # 2 days, waiting
    # Before the year has ended its days can still be taken: nothing is carried.
    with pytest.raises(ValidationError, match="sobald das Jahr vorbei ist"):
        leave_carry_over(year=2026, today=date(2026, 12, 1))
    assert not LeaveBucket.objects.filter(kind=BucketKind.CARRIED).exists()

    def carried() -> Decimal:
        return LeaveBucket.objects.get(person=ada, year=2027, kind=BucketKind.CARRIED).days

    leave_carry_over(year=2026, today=NEW_YEAR)
    # The rest moves; what is still requested in 2026 stays there until it is decided.
    assert carried() == 20
    assert (leave_balance(ada, 2026).available, leave_balance(ada, 2027).available) == (0, 50)
    assert leave_carry_over(year=2026, today=NEW_YEAR).changed == 0
    assert carried() == 20
    # Approved after the carry-over: taken in 2026 from the days kept for it, the carried days stay.
    approve(december, granted.ben)
    assert (carried(), leave_balance(ada, 2026).available) == (20, 0)
    assert {d.bucket.year for d in december.deductions.select_related("bucket")} == {2026}
    # Rejected after the carry-over: its days move on into 2027.
    step_decide(by=granted.ben, step_id=late.approval.steps.get().pk, approve=False, comment="Zu knapp.")
    assert (carried(), leave_balance(ada, 2027, NEW_YEAR).available) == (22, 52)
    # The 2026 days are in 2027 now: they cannot be taken in 2026 as well.
    with pytest.raises(ValidationError, match="1 benötigt, 0 verfügbar"):
        request(ada, date(2026, 12, 28), date(2026, 12, 28))
    # Cancelled after the carry-over: its days return, and move on.
    december = leave_cancel(by=ada, leave_id=december.pk, today=TODAY)
    step_decide(by=granted.ben, step_id=december.cancellation.steps.get().pk, approve=True)
    assert (carried(), leave_balance(ada, 2026).available, leave_balance(ada, 2027, NEW_YEAR).available) == (27, 0, 57)


# --- Absences reported afterwards, closed months, time recorded on absence days -----------------------

def _worked_first_week_of_november(person) -> None:
    from timekeeping.worktime.services import time_entry_create

    for day in range(2, 7):  # Monday 2 to Friday 6 November: 8 hours a day, a 30-minute break
        for start, end in ((8, 12), (12.5, 16.5)):
            time_entry_create(
                by=person, now=datetime(2026, 12, 1, 9, tzinfo=BERLIN),
                start=datetime(2026, 11, day, int(start), int(start % 1 * 60), tzinfo=BERLIN),
                end=datetime(2026, 11, day, int(end), int(end % 1 * 60), tzinfo=BERLIN))


def _signed_off_november(granted):
    from timekeeping.worktime.services import month_submit

    closing = month_submit(by=granted.ada, month=date(2026, 11, 1), today=date(2026, 11, 30))
    step_decide(by=granted.ben, step_id=closing.approval.steps.get().pk, approve=True)
    closing.refresh_from_db()
    return closing


def test_sickness_in_a_signed_off_month_is_refused_to_the_employee_and_hr_enters_it(granted) -> None:
    from django.core.exceptions import PermissionDenied

    from timekeeping.worktime.rules.worktime import Warning
    from timekeeping.worktime.timesheet import month_sheet

    ada = granted.ada
    _worked_first_week_of_november(ada)
    closing = _signed_off_november(granted)
    before = (closing.target_minutes, closing.credited_minutes, closing.balance_minutes)
    december_first = date(2026, 12, 1)
    with pytest.raises(ValidationError, match=r"November 2026 ist eingereicht oder abgezeichnet.*Personalabteilung"):
        leave_request_create(by=ada, leave_type=leave_type("krankheit"), start=date(2026, 11, 27),
                             end=date(2026, 11, 27), today=december_first)
    with pytest.raises(PermissionDenied):  # a supervisor is not HR
        leave_request_create(by=granted.ben, person=ada, leave_type=leave_type("krankheit"),
                             start=date(2026, 11, 2), end=date(2026, 11, 6), today=december_first)
    assert not ada.leave_requests.exists()
    # HR enters it: recorded, and the signed-off month's figures follow.
    sick = leave_request_create(by=granted.hanna, person=ada, leave_type=leave_type("krankheit"),
                                start=date(2026, 11, 2), end=date(2026, 11, 6), today=december_first)
    assert (sick.person, sick.state) == (ada, LeaveState.APPROVED)
    closing.refresh_from_db()
    # The five days' target (7:48 each) is gone, and so is their recorded time (8:00 each) from the credit:
    # the balance loses the 5 x 12 minutes above target, instead of gaining 39 hours.
    assert closing.target_minutes == before[0] - 5 * 468
    assert closing.credited_minutes == before[1] - 5 * 480
    assert closing.balance_minutes == before[2] - 60
    assert closing.worked_minutes == 5 * 480  # what was recorded stays visible
    sheet = month_sheet(ada, date(2026, 11, 1))
    assert [d.date.day for d in sheet.absent_but_recorded] == [2, 3, 4, 5, 6]
    assert all(Warning.ABSENT_BUT_RECORDED in d.result.warnings for d in sheet.absent_but_recorded)
    assert round(sheet.balance.total_seconds() / 60) == closing.balance_minutes


@pytest.mark.parametrize(("start", "end", "field", "message"), [
    (date(2024, 3, 4), date(2024, 3, 8), "start", "bis zu 7 Tage zurück"),       # 247 days back
    (date(2026, 10, 23), date(2026, 10, 27), "start", "bis zu 7 Tage zurück"),   # 8 days back
    (date(2027, 6, 1), date(2027, 6, 4), "end", "höchstens 14 Tage"),           # far ahead
    (date(2026, 11, 2), date(2026, 11, 20), "end", "höchstens 14 Tage"),        # the expected end too far
])
def test_own_sickness_reports_are_bounded_back_and_ahead(granted, start, end, field, message) -> None:
    with pytest.raises(ValidationError) as error:
        request(granted.ada, start, end, code="krankheit")
    assert message in " ".join(error.value.message_dict[field])
    assert not granted.ada.leave_requests.exists()
    # Within the window it is recorded; older cases HR enters.
    request(granted.ada, date(2026, 10, 26), date(2026, 11, 16), code="krankheit")
    leave_request_create(by=granted.hanna, person=granted.ada, leave_type=leave_type("krankheit"),
                         start=date(2024, 3, 4), end=date(2024, 3, 8), today=TODAY)
    assert granted.ada.leave_requests.count() == 2


def test_absence_days_with_recorded_time_are_not_credited_twice_in_an_open_month(granted) -> None:
    from timekeeping.worktime.timesheet import month_sheet

    ada = granted.ada
    _worked_first_week_of_november(ada)
    before = month_sheet(ada, date(2026, 11, 1)).balance
    request(ada, date(2026, 11, 2), date(2026, 11, 3), code="krankheit")  # reported on 2 November
    after = month_sheet(ada, date(2026, 11, 1)).balance
    from datetime import timedelta

    assert after - before == -timedelta(minutes=2 * 12)  # the two days count 0, not +8 hours each


# --- Falling ill during approved leave (§ 9 BUrlG, domain.md 3.11) -------------------------------------

def test_falling_ill_during_approved_leave_gives_the_days_back(granted) -> None:
    from timekeeping.worktime.timesheet import month_sheet

    ada = granted.ada
    leave = request(ada, date(2026, 11, 23), date(2026, 11, 25))
    approve(leave, granted.ben)
    assert leave_balance(ada, 2026).available == 27
    sick = leave_request_create(by=ada, leave_type=leave_type("krankheit"), start=date(2026, 11, 24),
                                end=date(2026, 11, 25), today=date(2026, 11, 24))
    assert sick.state == LeaveState.APPROVED
    leave.refresh_from_db()
    assert (leave.state, leave.days) == (LeaveState.APPROVED, 1)  # only the 23rd is leave
    assert sum(d.days for d in leave.deductions.all()) == 1
    assert leave_balance(ada, 2026).available == 29
    assert sick.certificate_due == date(2026, 11, 25)  # the sick note is needed at once
    mail = OutboxMail.objects.filter(to=granted.ben.email).last()
    assert "nicht mehr als Urlaub zählen und an das Urlaubskonto zurückgehen: 2." in mail.body
    days = {d.date.day: d.absence_code for d in month_sheet(ada, date(2026, 11, 1)).days}
    assert (days[23], days[24], days[25]) == ("erholungsurlaub", "krankheit", "krankheit")
    # Sickness still cannot overlap another sickness, nor leave that waits for a decision.
    with pytest.raises(ValidationError, match="bereits einen Antrag"):
        leave_request_create(by=ada, leave_type=leave_type("krankheit"), start=date(2026, 11, 25),
                             end=date(2026, 11, 25), today=date(2026, 11, 25))
    waiting = request(ada, date(2026, 12, 7), date(2026, 12, 8))
    with pytest.raises(ValidationError, match="bereits einen Antrag"):
        leave_request_create(by=ada, leave_type=leave_type("krankheit"), start=date(2026, 12, 7),
                             end=date(2026, 12, 7), today=date(2026, 12, 7))
    assert waiting.days == 2


def test_sick_for_the_whole_leave_and_a_sickness_taken_back(granted) -> None:
    ada = granted.ada
    leave = request(ada, date(2026, 11, 30), date(2026, 12, 2))
    approve(leave, granted.ben)
    today = date(2026, 11, 27)
    sick = leave_request_create(by=ada, leave_type=leave_type("krankheit"), start=date(2026, 11, 30),
                                end=date(2026, 12, 2), today=today)
    leave.refresh_from_db()
    assert (leave.days, leave.deductions.count(), leave_balance(ada, 2026).available) == (0, 0, 30)
    # Reported by mistake and taken back before it began: the days are leave again.
    leave_cancel(by=ada, leave_id=sick.pk, today=today)
    leave.refresh_from_db()
    assert (leave.days, leave_balance(ada, 2026).available) == (3, 27)
