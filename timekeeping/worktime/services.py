"""Writes of working time: clocking in and out, entering and removing periods, closing a month."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import cast

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import User
from intranet.approvals.models import ApprovalRequest, RequestState
from intranet.approvals.workflow import RequestKind, approval_request_create, register_kind, subject_follow
from intranet.core.permissions import require
from timekeeping.leave.services import register_absence_listener, register_period_check

from .inbox import correction_facts, timesheet_facts
from .models import MonthClosing, MonthState, TimeCorrection, TimeEntry
from .rules.worktime import real
from .timesheet import MonthSheet, month_sheet


def _month_of(moment: datetime) -> date:
    return timezone.localtime(moment).date().replace(day=1)


def _check_unlocked(person: User, *moments: datetime) -> None:
    months = {_month_of(m) for m in moments}
    locked = MonthClosing.objects.filter(person=person, month__in=months,
                                         state__in=[MonthState.SUBMITTED, MonthState.APPROVED]).first()
    if locked is not None:
        raise ValidationError(_("%(month)s is submitted or signed off and can no longer be changed. "
                                "Ask your supervisor to return it, or HR for a correction.") % {
            "month": date_format(locked.month, "F Y")})


def _split_at_midnight(start: datetime, end: datetime) -> list[tuple[datetime, datetime]]:
    """Periods across local midnight become one per day."""
    parts, zone = [], timezone.get_current_timezone()
    current = timezone.localtime(start, zone)
    end_local = timezone.localtime(end, zone)
    while current.date() < end_local.date():
        midnight = datetime.combine(current.date() + timedelta(days=1), time(), tzinfo=zone)
        parts.append((current, midnight))
        current = midnight
    if real(current, end_local) > timedelta():  # in real time: 2:55 before 2:10 once the clocks went back
        parts.append((current, end_local))
    return parts


@transaction.atomic
def time_entry_create(*, by: User, start: datetime, end: datetime, mobile: bool = False, note: str = "",
                      now: datetime | None = None) -> list[TimeEntry]:
    """Record a period of one's own work. Holds a lock on the person's row, so two entries at the
    same moment cannot overlap."""
    person = User.objects.select_for_update().get(pk=by.pk)
    _check_period(person, start, end, now or timezone.now())
    _check_unlocked(person, *(a for a, _ in _split_at_midnight(start, end)))  # an end at 0:00 is not the next month
    return _record(person, start, end, mobile=mobile, note=note)


def _check_period(person: User, start: datetime, end: datetime, now: datetime) -> None:
    # In real time (rules.worktime.real): local times of one zone compare and subtract by their wall clocks,
    # which is an hour off across a change of summer time, and wrong within the hour that comes twice.
    if real(start, end) <= timedelta():
        raise ValidationError({"end": _("The end lies before the start.")})
    if real(now, end) > timedelta(minutes=1):
        raise ValidationError({"end": _("Working time can only be recorded once it has been worked.")})
    if real(start, end) > timedelta(hours=24):
        raise ValidationError({"end": _("A period can be at most 24 hours long.")})
    # Not before the employment began, nor older than the records are kept (a mistyped year).
    began = person.employments.order_by("valid_from").values_list("valid_from", flat=True).first()
    today = timezone.localdate(now)  # the month the purge keeps from (time_records_purge)
    kept_from = date(today.year - settings.TIME_RETENTION_YEARS, today.month, 1)
    earliest = max(began or kept_from, kept_from)
    if timezone.localdate(start) < earliest:
        raise ValidationError({"start": _("Working time can be recorded from %(date)s on.") % {
            "date": date_format(earliest, "SHORT_DATE_FORMAT")}})
    clash = TimeEntry.objects.filter(person=person, start__lt=end).exclude(end__lte=start).first()
    if clash is not None:
        raise ValidationError({"start": _("This overlaps with the period you recorded from %(start)s.") % {
            "start": date_format(timezone.localtime(clash.start), "SHORT_DATETIME_FORMAT")}})


def _record(person: User, start: datetime, end: datetime, *, mobile: bool, note: str) -> list[TimeEntry]:
    return [TimeEntry.objects.create(person=person, start=a, end=b, mobile=mobile, note=note.strip())
            for a, b in _split_at_midnight(start, end)]


@transaction.atomic
def time_entry_delete(*, by: User, entry_id: int) -> None:
    entry = TimeEntry.objects.select_for_update().get(pk=entry_id)
    require(by, "timekeeping.delete_time_entry", entry)
    _check_unlocked(entry.person, entry.start)
    entry.delete()


@transaction.atomic
def clock_in(*, by: User, now: datetime | None = None) -> TimeEntry:
    now = now or timezone.now()
    person = User.objects.select_for_update().get(pk=by.pk)
    if TimeEntry.objects.filter(person=person, end__isnull=True).exists():
        raise ValidationError(_("You are already clocked in."))
    if TimeEntry.objects.filter(person=person, start__lte=now, end__gt=now).exists():
        raise ValidationError(_("You have already recorded work for this moment."))
    _check_unlocked(person, now)
    return TimeEntry.objects.create(person=person, start=now.replace(second=0, microsecond=0))


@transaction.atomic
def clock_out(*, by: User, now: datetime | None = None) -> list[TimeEntry]:
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    entry = TimeEntry.objects.select_for_update().filter(person=by, end__isnull=True).first()
    if entry is None:
        raise ValidationError(_("You are not clocked in."))
    if now <= entry.start:
        entry.delete()  # in and out within the same minute: nothing was worked
        return []
    parts = _split_at_midnight(entry.start, now)
    entry.end = parts[0][1]
    entry.save(update_fields=["end", "updated_at"])
    return [entry] + [TimeEntry.objects.create(person=entry.person, start=a, end=b) for a, b in parts[1:]]


# --- Month closing through the shared approval workflow ---------------------------------------------

def _closing_of(approval: ApprovalRequest) -> MonthClosing:
    return MonthClosing.objects.select_for_update().get(approval=approval)


def _month_signed_off(approval: ApprovalRequest) -> None:
    closing = _closing_of(approval)
    subject_follow(approval, closing)
    _later_closings_follow(closing)


def _later_closings_follow(closing: MonthClosing) -> None:
    """The closings after a month whose carry has just changed (signed off, or corrected) carry their
    balance in from it, so a later month submitted or signed off first is not lost for the months after it."""
    month = closing.month
    closings_recompute(closing.person, date(month.year + (month.month == 12), month.month % 12 + 1, 1))


def _month_returned(approval: ApprovalRequest) -> None:
    closing = _closing_of(approval)
    subject_follow(approval, closing)


TIMESHEET = register_kind(RequestKind(
    key="timesheet", label=gettext_lazy("Monthly timesheet"), levels=lambda request: ["supervisor"],
    detail_template="worktime/_timesheet_detail.html", cancellable_after_approval=False, inbox_facts=timesheet_facts,
    on_approved=_month_signed_off, on_closed=_month_returned,
    # Not cancellable once signed off; a month taken back while waiting is open again as a returned one.
    follows={RequestState.APPROVED: MonthState.APPROVED, RequestState.REJECTED: MonthState.REJECTED,
             RequestState.WITHDRAWN: MonthState.REJECTED, RequestState.CANCELLED: MonthState.REJECTED},
))


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


@transaction.atomic
def month_submit(*, by: User, month: date, today: date | None = None) -> MonthClosing:
    """Submit one's month for sign-off; from then on it is locked (unless the supervisor returns it)."""
    today = today or timezone.localdate()
    month = month.replace(day=1)
    person = User.objects.select_for_update().get(pk=by.pk)
    sheet = month_sheet(person, month, today=today, complete=True)  # the whole month, its last day included
    if refusal := sheet.submit_refusal(today):
        raise ValidationError(refusal)
    closing, _created = MonthClosing.objects.update_or_create(
        person=person, month=month, defaults={"state": MonthState.SUBMITTED, **_figures(sheet)})
    closing.approval = approval_request_create(
        requester=person, kind=TIMESHEET.key, subject=closing,
        summary=f"Arbeitszeitnachweis {date_format(month, 'F Y')} ({_hours(sheet.balance)} Saldo)",
    )
    closing.save(update_fields=["approval"])
    return closing


def _figures(sheet: MonthSheet) -> dict[str, int]:
    """What a closing keeps of the sheet: the month's totals and what it carries into the next month."""
    carry = sheet.carry
    return {
        "target_minutes": _minutes(sheet.totals["target"]), "worked_minutes": _minutes(sheet.totals["worked"]),
        "credited_minutes": _minutes(sheet.totals["credited"]), "balance_minutes": _minutes(sheet.balance),
        "carried_minutes": _minutes(carry.carried), "forfeited_minutes": _minutes(carry.forfeited),
    }


def _hours(delta: timedelta) -> str:
    minutes = _minutes(delta)
    sign = "−" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60}:{abs(minutes) % 60:02d} h"


# --- Corrections of signed-off months, through the same approval ----------------------------------------

def _signed_off(person: User, moment: datetime) -> MonthClosing:
    """The signed-off closing of the moment's month; a ValidationError saying what to do otherwise."""
    closing = MonthClosing.objects.filter(person=person, month=_month_of(moment)).first()
    if closing is None or closing.state == MonthState.REJECTED:
        raise ValidationError(_("This month is still open: change the entries directly."))
    if closing.state == MonthState.SUBMITTED:
        raise ValidationError(_("This month is waiting for sign-off. Ask your supervisor to return it."))
    return closing


@transaction.atomic
def time_correction_request(*, by: User, reason: str, start: datetime | None = None, end: datetime | None = None,
                            remove_entry_id: int | None = None, mobile: bool = False,
                            now: datetime | None = None) -> TimeCorrection:
    """Ask for a period to be added to, or removed from, one's signed-off month. Applied on approval."""
    person = User.objects.select_for_update().get(pk=by.pk)
    if not reason.strip():
        raise ValidationError({"reason": _("Please say why the month needs correcting.")})
    if remove_entry_id is not None:
        entry = TimeEntry.objects.filter(person=person, pk=remove_entry_id, end__isnull=False).first()
        if entry is None:
            raise PermissionDenied
        # end__isnull=False above: a closed entry.
        start, end, mobile, action = entry.start, cast(datetime, entry.end), entry.mobile, TimeCorrection.Action.REMOVE
    else:
        if start is None or end is None:
            raise ValidationError({"start": _("Please enter the period.")})
        _check_period(person, start, end, now or timezone.now())
        entry, action = None, TimeCorrection.Action.ADD
    if _month_of(start) != _month_of(end - timedelta(microseconds=1)):
        raise ValidationError({"end": _("A correction concerns one month; please split it at the month's end.")})
    _signed_off(person, start)
    if TimeCorrection.objects.filter(person=person, applied=False, approval__state=RequestState.SUBMITTED,
                                     start__lt=end, end__gt=start).exists():
        raise ValidationError({"start": _("A correction of this period is already waiting for approval.")})
    correction = TimeCorrection.objects.create(person=person, action=action, start=start, end=end, mobile=mobile,
                                               entry=entry, reason=reason.strip())
    local = timezone.localtime(start)
    verb = "Nachtrag" if action == TimeCorrection.Action.ADD else "Streichung"
    correction.approval = approval_request_create(
        requester=person, kind=TIME_CORRECTION.key, subject=correction,
        summary=f"Korrektur Arbeitszeit ({verb}) {date_format(local, 'SHORT_DATE_FORMAT')} "
                f"{local:%H:%M}–{timezone.localtime(end):%H:%M}",
    )
    correction.save(update_fields=["approval"])
    return correction


def _correction_approved(approval: ApprovalRequest) -> None:
    correction = TimeCorrection.objects.select_for_update().get(approval=approval)
    person = User.objects.select_for_update().get(pk=correction.person_id)
    if correction.action == TimeCorrection.Action.ADD:
        _check_period(person, correction.start, correction.end, timezone.now())
        _record(person, correction.start, correction.end, mobile=correction.mobile, note=correction.reason[:200])
    elif correction.entry is not None:
        correction.entry.delete()
        correction.entry = None  # as on_delete=SET_NULL did in the database; the period stays on the correction
    correction.applied = True
    correction.save(update_fields=["applied"])
    # The closing keeps the month's corrected figures; later months carry from it.
    closings_recompute(person, _signed_off(person, correction.start).month)


def closings_recompute(person: User, first_month: date) -> int:
    """Recompute the figures of the person's submitted and signed-off months from `first_month` on, in
    order (each month carries from the one before). Returns the number of closings recomputed."""
    closings = list(MonthClosing.objects.select_for_update().filter(
        person=person, month__gte=first_month.replace(day=1),
        state__in=[MonthState.SUBMITTED, MonthState.APPROVED]).order_by("month"))
    for closing in closings:
        for name, value in _figures(month_sheet(person, closing.month, complete=True)).items():
            setattr(closing, name, value)
        closing.save()
    return len(closings)


def _months(start: date, end: date) -> list[date]:
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return months


@register_period_check
def _closed_month(person: User, start: date, end: date) -> str | None:
    """An absence in a month that is submitted or signed off is not the person's to report any more."""
    closed = MonthClosing.objects.filter(person=person, month__in=_months(start, end),
                                         state__in=[MonthState.SUBMITTED, MonthState.APPROVED]).order_by("month")
    closing = closed.first()
    if closing is None:
        return None
    return _("%(month)s is submitted or signed off, so you can no longer report an absence in it here. "
             "Please ask your supervisor or HR to enter it; the month's figures are then recomputed.") % {
        "month": date_format(closing.month, "F Y")}


@register_absence_listener
def _absence_changed(person: User, start: date, end: date) -> None:
    """An absence now counts or no longer does: the closed months it touches, and the months after them,
    keep figures as their sheets now show them."""
    if MonthClosing.objects.filter(person=person, month__gte=start.replace(day=1),
                                   state__in=[MonthState.SUBMITTED, MonthState.APPROVED]).exists():
        closings_recompute(person, start)


TIME_CORRECTION = register_kind(RequestKind(
    key="time_correction", label=gettext_lazy("Correction of working time"), levels=lambda request: ["supervisor"],
    detail_template="worktime/_time_correction_detail.html", cancellable_after_approval=False,
    inbox_facts=correction_facts,
    on_approved=_correction_approved,
))


@transaction.atomic
def time_records_purge(*, today: date, dry_run: bool = False) -> tuple[int, int]:
    """Delete the entries of signed-off months whose retention has passed: the end of the month plus
    TIME_RETENTION_YEARS years. Returns (entries, months). The closings stay as the proof of the month."""
    from django.conf import settings

    from .timesheet import month_bounds

    years = settings.TIME_RETENTION_YEARS
    cutoff = date(today.year - years, today.month, 1)
    closings = MonthClosing.objects.filter(state=MonthState.APPROVED, month__lt=cutoff)
    entries = months = 0
    for closing in closings:
        start, end = month_bounds(closing.month)
        doomed = TimeEntry.objects.filter(person_id=closing.person_id, start__gte=start, start__lt=end)
        count = doomed.count()
        if count:
            months += 1
            entries += count
            if not dry_run:
                doomed.delete()
    return entries, months
