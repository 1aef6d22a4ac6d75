"""Writes of working time: clocking in and out, entering and removing periods, closing a month."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import User
from intranet.models import ApprovalRequest
from intranet.workflow import RequestKind, approval_request_create, register_kind

from .models import MonthClosing, MonthState, TimeEntry
from .timesheet import month_sheet


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
    if current < end_local:
        parts.append((current, end_local))
    return parts


@transaction.atomic
def time_entry_create(*, by: User, start: datetime, end: datetime, mobile: bool = False, note: str = "",
                      now: datetime | None = None) -> list[TimeEntry]:
    """Record a period of one's own work. Holds a lock on the person's row, so two entries at the
    same moment cannot overlap."""
    now = now or timezone.now()
    person = User.objects.select_for_update().get(pk=by.pk)
    if end <= start:
        raise ValidationError({"end": _("The end lies before the start.")})
    if end > now + timedelta(minutes=1):
        raise ValidationError({"end": _("Working time can only be recorded once it has been worked.")})
    if end - start > timedelta(hours=24):
        raise ValidationError({"end": _("A period can be at most 24 hours long.")})
    _check_unlocked(person, start, end)
    clash = TimeEntry.objects.filter(person=person, start__lt=end).exclude(end__lte=start).first()
    if clash is not None:
        raise ValidationError({"start": _("This overlaps with your entry from %(start)s.") % {
            "start": date_format(timezone.localtime(clash.start), "SHORT_DATETIME_FORMAT")}})
    return [TimeEntry.objects.create(person=person, start=a, end=b, mobile=mobile, note=note.strip())
            for a, b in _split_at_midnight(start, end)]


@transaction.atomic
def time_entry_delete(*, by: User, entry_id: int) -> None:
    entry = TimeEntry.objects.select_for_update().get(pk=entry_id)
    if entry.person_id != by.pk:
        raise PermissionDenied
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
    closing.state = MonthState.APPROVED
    closing.save(update_fields=["state"])


def _month_returned(approval: ApprovalRequest) -> None:
    closing = _closing_of(approval)
    closing.state = MonthState.REJECTED
    closing.save(update_fields=["state"])


TIMESHEET = register_kind(RequestKind(
    key="timesheet", label=gettext_lazy("Monthly timesheet"), levels=lambda request: ["supervisor"],
    detail_template="timekeeping/_timesheet_detail.html", cancellable_after_approval=False,
    on_approved=_month_signed_off, on_closed=_month_returned,
))


def _minutes(delta: timedelta) -> int:
    return round(delta.total_seconds() / 60)


@transaction.atomic
def month_submit(*, by: User, month: date, today: date | None = None) -> MonthClosing:
    """Submit one's month for sign-off; from then on it is locked (unless the supervisor returns it)."""
    today = today or timezone.localdate()
    month = month.replace(day=1)
    person = User.objects.select_for_update().get(pk=by.pk)
    if today < _last_day(month):
        raise ValidationError(_("A month can be submitted from its last day on."))
    sheet = month_sheet(person, month)
    if sheet.open_entry is not None:
        raise ValidationError(_("Please clock out first."))
    closing = MonthClosing.objects.filter(person=person, month=month).first()
    if closing is not None and closing.state != MonthState.REJECTED:
        raise ValidationError(_("This month has already been submitted."))
    carry = sheet.carry
    values = {
        "state": MonthState.SUBMITTED, "target_minutes": _minutes(sheet.totals["target"]),
        "worked_minutes": _minutes(sheet.totals["worked"]), "credited_minutes": _minutes(sheet.totals["credited"]),
        "balance_minutes": _minutes(sheet.balance), "carried_minutes": _minutes(carry.carried),
        "forfeited_minutes": _minutes(carry.forfeited),
    }
    closing, _created = MonthClosing.objects.update_or_create(person=person, month=month, defaults=values)
    closing.approval = approval_request_create(
        requester=person, kind=TIMESHEET.key, subject=closing,
        summary=f"Arbeitszeitnachweis {date_format(month, 'F Y')} ({_hours(sheet.balance)} Saldo)",
    )
    closing.save(update_fields=["approval"])
    return closing


def _last_day(month: date) -> date:
    return date(month.year + (month.month == 12), month.month % 12 + 1, 1) - timedelta(days=1)


def _hours(delta: timedelta) -> str:
    minutes = _minutes(delta)
    sign = "−" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60}:{abs(minutes) % 60:02d} h"


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
