"""Writes for leave and absence: entitlements, requests, cancellations, carry-over, expiry notices.

The approval itself is the shared workflow's (intranet.approvals.workflow): leave registers two kinds there,
"leave" and "leave_cancellation", and books or returns days in their hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, override

from directory.models import User
from directory.selectors import supervisor_of
from intranet.approvals.models import ApprovalRequest, RequestState
from intranet.approvals.notifications import notify
from intranet.approvals.workflow import (
    Approver,
    RequestKind,
    approval_request_create,
    register_kind,
    register_level,
    request_withdraw,
    subject_follow,
)
from intranet.core.permissions import require

from .inbox import cancellation_facts, leave_facts
from .models import (
    BucketKind,
    DrawsOn,
    ExpiryNotice,
    LeaveBucket,
    LeaveDeduction,
    LeaveRequest,
    LeaveRuleSet,
    LeaveState,
    LeaveType,
    days_off_between,
)
from .rules.buckets import Need, Shortfall, allocate
from .rules.entitlement import annual_entitlement
from .rules.leave_days import Span, SpanError, leave_days
from .selectors import Schedule, leave_balance, others_away, overlapping_requests, pending_needs, pots_for, rules_for

SPAN_MESSAGES = {
    "end_before_start": ("end", gettext_lazy("The end lies before the start.")),
    "no_working_day": ("end", gettext_lazy("There is no working day in this period.")),
    "both_halves_of_one_day": ("end_half", gettext_lazy(
        "A single day cannot both start at noon and end at noon.")),
    "half_days_not_allowed": ("start_half", gettext_lazy(
        "Half days of leave are not provided for by the rules of your status group.")),
}


def _day(value: date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


# Working time plugs in here (timekeeping.worktime.services registers both at import): leave knows nothing of months and
# their closings. A period check answers why a person may not report an absence there themselves (a month
# submitted or signed off), or None; a listener hears of each absence that now counts, or no longer does.
PeriodCheck = Callable[[User, date, date], "str | None"]
AbsenceListener = Callable[[User, date, date], None]
_period_checks: list[PeriodCheck] = []
_absence_listeners: list[AbsenceListener] = []


def register_period_check(check: PeriodCheck) -> PeriodCheck:
    _period_checks.append(check)
    return check


def register_absence_listener(listener: AbsenceListener) -> AbsenceListener:
    _absence_listeners.append(listener)
    return listener


def _absence_changed(leave: LeaveRequest) -> None:
    for listener in _absence_listeners:
        listener(leave.person, leave.start, leave.end)


# --- Entitlement ------------------------------------------------------------------------------------

@transaction.atomic
def entitlement_grant(*, person: User, year: int) -> list[LeaveBucket]:
    """Create or refresh the person's statutory and tariff buckets for the year (idempotent)."""
    rules = rules_for(person, date(year, 1, 1))
    schedule = Schedule(person)
    result = annual_entitlement(
        year, annual_days=rules.annual_days, statutory_days=rules.statutory_days, base_weekdays=rules.base_weekdays,
        weekdays_on=lambda day: len(schedule.weekdays_on(day)), employed_from=schedule.first_day,
    )
    year_end = date(year, 12, 31)
    buckets = []
    for kind, days in ((BucketKind.STATUTORY, result.statutory), (BucketKind.TARIFF, result.total - result.statutory)):
        bucket, _created = LeaveBucket.objects.update_or_create(
            person=person, year=year, kind=kind, defaults={"days": Decimal(days), "expires_on": year_end},
        )
        buckets.append(bucket)
    _refresh_carry_over(person, year)
    return buckets


def _expiry(year: int, month_day: str) -> date:
    month, day = (int(part) for part in month_day.split("-"))
    return date(year, month, day)


@dataclass(frozen=True)
class CarryOverLine:
    person: User
    days: Decimal              # what the carried-over bucket of the next year holds after the run
    before: Decimal | None     # what it holds now (None: no bucket yet)

    @property
    def changes(self) -> bool:
        return (self.before is None and self.days > 0) or (self.before is not None and self.before != self.days)


@dataclass(frozen=True)
class CarryOverPlan:
    year: int
    lines: list[CarryOverLine]
    possible_from: date        # the first day the carry-over may run: the year has ended

    @property
    def people(self) -> int:
        return sum(1 for line in self.lines if line.days > 0)

    @property
    def days(self) -> Decimal:
        return sum((line.days for line in self.lines), Decimal(0))

    @property
    def changed(self) -> int:
        return sum(1 for line in self.lines if line.changes)


def _carried_days(person: User, year: int) -> tuple[Decimal, LeaveBucket | None]:
    """What `year` passes on to `year + 1`: its own buckets' rest (not last year's carried days, which
    expired in spring) less the days still requested in `year` (kept there until they are decided), never
    less than the next year has already taken from the carried bucket."""
    balance = leave_balance(person, year)
    rest = sum((b.remaining for b in balance.buckets if b.bucket.kind != BucketKind.CARRIED), Decimal(0))
    existing = (LeaveBucket.objects.filter(person=person, year=year + 1, kind=BucketKind.CARRIED)
                .annotate(used=Sum("deductions__days")).first())
    used = (existing.used or Decimal(0)) if existing else Decimal(0)
    return max(rest - balance.pending, used, Decimal(0)), existing


def _carry_person(person: User, year: int) -> Decimal:
    """Set the person's carried-over bucket of `year + 1` from `year` (recomputed, so a second run
    changes nothing). Returns the days carried."""
    days, existing = _carried_days(person, year)
    if days <= 0 and existing is None:
        return Decimal(0)
    rules = rules_for(person, date(year + 1, 1, 1))
    extended = existing.extended if existing else False
    expires = _expiry(year + 1, rules.carry_over_extended if extended else rules.carry_over_expires)
    LeaveBucket.objects.update_or_create(
        person=person, year=year + 1, kind=BucketKind.CARRIED,
        defaults={"days": days, "expires_on": expires,
                  "note": _("carried over from %(year)s") % {"year": year}},
    )
    return days


def _refresh_carry_over(person: User, year: int) -> None:
    """After leave of `year` was booked, returned or decided: where its rest was carried over already,
    the carried bucket follows (days returned in the old year move on; days taken there are not moved)."""
    if LeaveBucket.objects.filter(person=person, year=year + 1, kind=BucketKind.CARRIED).exists():
        _carry_person(person, year)


def leave_carry_over_plan(*, year: int) -> CarryOverPlan:
    """What carrying `year` over would set, per person; changes nothing (HR's preview and confirmation)."""
    lines = []
    for person in User.objects.filter(leave_buckets__year=year).distinct():
        days, existing = _carried_days(person, year)
        lines.append(CarryOverLine(person=person, days=days, before=existing.days if existing else None))
    return CarryOverPlan(year=year, lines=lines, possible_from=date(year + 1, 1, 1))


@transaction.atomic
def leave_carry_over(*, year: int, today: date | None = None) -> CarryOverPlan:
    """Move what is left of `year` into `year + 1` as a bucket that expires per the rule set (31 March,
    or 31 May where HR extends it). Only once the year has ended: until then its days may still be taken.
    The days move: they are no longer available in `year` (selectors.leave_balance, pots_for), and later
    changes to leave of `year` move them along (_refresh_carry_over). Recomputed, so a second run
    changes nothing. Returns the plan as it was before the run (its `changed` counts the people changed)."""
    today = today or timezone.localdate()
    plan = leave_carry_over_plan(year=year)
    if today < plan.possible_from:
        raise ValidationError(_("The leave of %(year)s can be carried over once the year has ended, "
                                "from %(date)s on.") % {"year": year, "date": _day(plan.possible_from)})
    for line in plan.lines:
        person = User.objects.select_for_update().get(pk=line.person.pk)  # as requests lock it
        _carry_person(person, year)
        entitlement_grant(person=person, year=year + 1)
    return plan


# --- Requests ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Quote:
    days: Decimal
    year: int
    available_before: Decimal | None  # None where the type draws on no balance
    available_after: Decimal | None

    @property
    def plural_n(self) -> int:
        return plural_n(self.days)


def leave_quote(
    *, person: User, leave_type: LeaveType, start: date, end: date, start_half: bool = False,
    end_half: bool = False, today: date | None = None, exclude: int | None = None, by_hr: bool = False,
) -> Quote:
    """What a request would cost and leave, or ValidationError with field messages (nothing saved).
    `by_hr`: HR enters it for the person, outside the sickness window and in closed months."""
    today = today or timezone.localdate()
    if not leave_type.allowed_for(person.status_group):
        raise ValidationError({"leave_type": _("This kind of absence is not available to you.")})
    if not by_hr:
        _check_own_report(person, leave_type, start, end, today)
        if leave_type.draws_on == DrawsOn.ANNUAL and start < today:
            # Leave is asked for ahead; leave already taken is HR's to enter, against the buckets valid then
            # (a carried-over bucket expired since must not be drawn on again).
            raise ValidationError({"start": _(
                "Leave can be requested from today (%(date)s) on. For days that have passed please ask HR "
                "to enter it.") % {"date": _day(today)}})
    try:
        rules = rules_for(person, start)
    except LeaveRuleSet.DoesNotExist:  # e.g. a day long before the first rule set HR keeps
        raise ValidationError({"start": _(
            "No leave rules apply to %(date)s. Please check the date or ask HR.") % {"date": _day(start)}}) from None
    if start.year > today.year + rules.max_years_ahead:
        raise ValidationError({"start": _("Requests can be made up to the end of %(year)s.") % {
            "year": today.year + rules.max_years_ahead}})
    if leave_type.notice_days and start < today + timedelta(days=leave_type.notice_days):
        raise ValidationError({"start": ngettext(
            "%(type)s must be requested at least %(days)s day ahead (earliest start: %(date)s).",
            "%(type)s must be requested at least %(days)s days ahead (earliest start: %(date)s).",
            leave_type.notice_days,
        ) % {"type": leave_type.name, "days": leave_type.notice_days,
             "date": _day(today + timedelta(days=leave_type.notice_days))}})
    try:
        per_year = _cost(person, Span(start, end, start_half, end_half), allow_half_days=rules.allow_half_days)
    except SpanError as exc:
        field, message = SPAN_MESSAGES[exc.code]
        raise ValidationError({field: message}) from None
    if len(per_year) > 1 or start.year != end.year:
        raise ValidationError({"end": _("Please make one request for each calendar year.")})
    (year, days), = per_year.items()
    overlap = overlapping_requests(person, start, end)
    if exclude is not None:
        overlap = overlap.exclude(pk=exclude)
    if leave_type.is_sickness:
        # Falling ill during approved leave: those days are sickness, not leave (§ 9 BUrlG, domain.md 3.11).
        overlap = overlap.exclude(state=LeaveState.APPROVED, leave_type__draws_on=DrawsOn.ANNUAL)
    if clash := overlap.select_related("leave_type").first():
        raise ValidationError({"start": _("You already have a request for %(start)s–%(end)s (%(type)s).") % {
            "start": _day(clash.start), "end": _day(clash.end), "type": clash.leave_type.name}})
    if leave_type.draws_on != DrawsOn.ANNUAL:
        return Quote(days=days, year=year, available_before=None, available_after=None)
    available = leave_balance(person, year, today).available
    try:
        allocate([*pending_needs(person, year, exclude), Need(key="new", start=start, days=days)],
                 pots_for(person, year))
    except Shortfall as short:
        raise ValidationError({"end": _(
            "Your leave days are not enough: %(need)s needed, %(available)s available on %(start)s."
        ) % {"need": format_days(days), "available": format_days(min(available, short.available)),
             "start": _day(start)}}) from None
    return Quote(days=days, year=year, available_before=available, available_after=available - days)


def _check_own_report(person: User, leave_type: LeaveType, start: date, end: date, today: date) -> None:
    """What a person may report themselves: sickness within SICKNESS_REPORT_DAYS_BACK days back and
    SICKNESS_REPORT_DAYS_AHEAD days ahead (the expected end), and nothing in a month already submitted or
    signed off. Older cases and closed months are HR's (who then recomputes the month)."""
    if leave_type.is_sickness:
        back, ahead = settings.SICKNESS_REPORT_DAYS_BACK, settings.SICKNESS_REPORT_DAYS_AHEAD
        if start < today - timedelta(days=back):
            raise ValidationError({"start": _(
                "Sickness can be reported here for up to %(days)s days back (from %(date)s). "
                "For earlier days please ask your supervisor or HR to enter it."
            ) % {"days": back, "date": _day(today - timedelta(days=back))}})
        if end > today + timedelta(days=ahead):
            raise ValidationError({"end": _(
                "Please give the expected end, at most %(days)s days ahead (until %(date)s); "
                "if you stay ill longer, report the following days then."
            ) % {"days": ahead, "date": _day(today + timedelta(days=ahead))}})
    for check in _period_checks:
        if problem := check(person, start, end):
            raise ValidationError({"start": problem})


def _cost(person: User, span: Span, *, allow_half_days: bool) -> dict[int, Decimal]:
    """Leave days the span costs the person, per year (raises SpanError)."""
    return leave_days(span, weekdays_on=Schedule(person).weekdays_on, state=_state(),
                      release_days=rules_for(person, span.start).release_days, allow_half_days=allow_half_days,
                      days_off=days_off_between(span.start, span.end))


def leave_days_of(person: User, start: date, end: date) -> Decimal:
    """The working days of the person in the span (0 when there are none): what an absence there counts."""
    try:
        return sum(_cost(person, Span(start, end), allow_half_days=False).values(), Decimal(0))
    except SpanError:
        return Decimal(0)


def format_days(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def plural_n(value: Decimal) -> int:
    """The whole number that picks the plural form of a number of days (ngettext takes whole numbers):
    one day is singular, half a day and one and a half are plural, in German as in English."""
    return 1 if value == 1 else 2


def days_text(value: Decimal) -> str:
    """"1 Tag", "0,5 Tage", "3 Tage"."""
    return ngettext("%(days)s day", "%(days)s days", plural_n(value)) % {"days": format_days(value)}


def _state() -> str:
    return str(settings.HOLIDAY_STATE)


@transaction.atomic
def leave_request_create(
    *, by: User, leave_type: LeaveType, start: date, end: date, start_half: bool = False, end_half: bool = False,
    substitute: User | None = None, comment: str = "", today: date | None = None, person: User | None = None,
) -> LeaveRequest:
    """Request leave (or report sickness) for oneself; or, for HR, enter an absence for `person` (recorded
    as approved, also for older days and in closed months, whose figures are then recomputed). Holds a
    lock on the person's row while the balance is checked, so two requests at the same moment cannot
    overdraw it."""
    by_hr = person is not None and person.pk != by.pk
    if by_hr:
        require(by, "timekeeping.manage_leave")
    person = User.objects.select_for_update().get(pk=(person or by).pk)
    if substitute is not None and substitute.pk == person.pk:
        raise ValidationError({"substitute": _("You cannot stand in for yourself.")})
    quote = leave_quote(person=person, leave_type=leave_type, start=start, end=end, start_half=start_half,
                        end_half=end_half, today=today, by_hr=by_hr)
    rules = rules_for(person, start)
    needs_approval = leave_type.needs_approval and not by_hr
    leave = LeaveRequest.objects.create(
        person=person, leave_type=leave_type, start=start, end=end, start_half=start_half, end_half=end_half,
        days=quote.days, substitute=substitute, comment=comment.strip(),
        state=LeaveState.SUBMITTED if needs_approval else LeaveState.APPROVED,
        certificate_due=(start + timedelta(days=rules.certificate_from_day - 1)
                         if leave_type.needs_certificate and leave_type.is_sickness
                         and (end - start).days + 1 >= rules.certificate_from_day else None),
    )
    if needs_approval:
        leave.approval = approval_request_create(requester=person, kind=LEAVE.key, summary=_summary(leave),
                                                 subject=leave)
        leave.save(update_fields=["approval"])
    else:
        _book(leave)
        if leave_type.is_sickness:
            leave.interrupted = _sick_during_leave(leave, today or timezone.localdate())
        _tell_supervisor(leave)
    return leave


def _overlapping_leave(sick: LeaveRequest) -> QuerySet[LeaveRequest]:
    return (LeaveRequest.objects.select_for_update().filter(
        person=sick.person, state=LeaveState.APPROVED, leave_type__draws_on=DrawsOn.ANNUAL,
        start__lte=sick.end, end__gte=sick.start).select_related("person", "leave_type").order_by("start"))


def _net_days(leave: LeaveRequest) -> Decimal:
    """What the leave costs: its working days less those on which the person was reported sick (§ 9 BUrlG:
    sick days during leave are not counted as leave)."""
    days = sum(_cost(leave.person, Span(leave.start, leave.end, leave.start_half, leave.end_half),
                     allow_half_days=True).values(), Decimal(0))
    if leave.leave_type.is_sickness:
        return days
    sickness = LeaveRequest.objects.filter(person=leave.person, state=LeaveState.APPROVED,
                                           leave_type__is_sickness=True, start__lte=leave.end, end__gte=leave.start)
    for sick in sickness:
        first, last = max(sick.start, leave.start), min(sick.end, leave.end)
        span = Span(first, last, leave.start_half and first == leave.start, leave.end_half and last == leave.end)
        try:
            days -= sum(_cost(leave.person, span, allow_half_days=True).values(), Decimal(0))
        except SpanError:
            continue
    return max(days, Decimal(0))


def _rebook_net(leave: LeaveRequest) -> Decimal:
    """Set the leave's days net of sickness and book them again; returns the days given back (negative
    when days are taken again)."""
    days = _net_days(leave)
    returned = leave.days - days
    if returned:
        leave.days = days
        leave.revision += 1
        leave.save(update_fields=["days", "revision", "updated_at"])
        _book(leave)
    return returned


def _sick_during_leave(sick: LeaveRequest, today: date) -> list[tuple[LeaveRequest, Decimal]]:
    """Sickness reported during approved leave: those days go back to the leave balance, and the sick
    note is due at once, since only certified sick days during leave do not count as leave (§ 9 BUrlG)."""
    interrupted = [(leave, returned) for leave in _overlapping_leave(sick) if (returned := _rebook_net(leave))]
    if interrupted and sick.leave_type.needs_certificate:
        due = max(sick.start, today) + timedelta(days=1)
        if sick.certificate_due is None or sick.certificate_due > due:
            sick.certificate_due = due
            sick.save(update_fields=["certificate_due"])
    return interrupted


def _summary(leave: LeaveRequest) -> str:
    span = _day(leave.start) if leave.start == leave.end else f"{_day(leave.start)}–{_day(leave.end)}"
    with override("de"):  # kept in German, as the type's name
        return f"{leave.leave_type.name_de} {span} ({days_text(leave.days)})"


def _book(leave: LeaveRequest) -> None:
    """Take an approved request's days from the buckets (earliest expiry first)."""
    leave.deductions.all().delete()
    _absence_changed(leave)
    if leave.leave_type.draws_on != DrawsOn.ANNUAL:
        return
    try:
        taken = allocate([Need(key=leave.pk, start=leave.start, days=leave.days)],
                         pots_for(leave.person, leave.start.year))
    except Shortfall as short:
        raise ValidationError(_("The leave days are no longer enough: %(need)s needed, %(available)s available.") % {
            "need": format_days(leave.days), "available": format_days(short.available)}) from None
    LeaveDeduction.objects.bulk_create(
        LeaveDeduction(request=leave, bucket_id=bucket_id, days=days) for bucket_id, days in taken[leave.pk]
    )
    _refresh_carry_over(leave.person, leave.start.year)


def _unbook(leave: LeaveRequest) -> None:
    """The request no longer takes days (rejected, withdrawn, cancelled): they return to its year, or
    move on into the next year's carried-over bucket where that year was carried over already."""
    leave.deductions.all().delete()
    _absence_changed(leave)
    if leave.leave_type.draws_on == DrawsOn.ANNUAL:
        _refresh_carry_over(leave.person, leave.start.year)


def _tell_supervisor(leave: LeaveRequest) -> None:
    supervisor = supervisor_of(leave.person)
    if supervisor is not None:
        notify(recipient=supervisor, template="absence_reported", link="/abwesenheiten/team/",
               context={"leave": leave, "person": leave.person,
                        "interrupted": [(other, format_days(days)) for other, days in
                                        getattr(leave, "interrupted", [])]})


def _leave_of(approval: ApprovalRequest) -> LeaveRequest:
    return LeaveRequest.objects.select_for_update().select_related("person", "leave_type").get(approval=approval)


def _leave_approved(approval: ApprovalRequest) -> None:
    leave = _leave_of(approval)
    subject_follow(approval, leave)
    _book(leave)


def _leave_closed(approval: ApprovalRequest) -> None:
    leave = _leave_of(approval)
    leave.revision += 1
    subject_follow(approval, leave, "revision", "updated_at")
    _unbook(leave)


def _cancellation_approved(approval: ApprovalRequest) -> None:
    leave = LeaveRequest.objects.select_for_update().select_related("person", "leave_type").get(cancellation=approval)
    leave.revision += 1
    subject_follow(approval, leave, "revision", "updated_at")
    _unbook(leave)  # the days return to the balance


@register_level("substitute", label=gettext_lazy("Stand-in"))
def _substitute_level(request: ApprovalRequest) -> Approver:
    """The stand-in named in the leave request confirms that they will cover."""
    return Approver(user_id=cast(LeaveRequest, request.subject).substitute_id)  # a generic FK is Any to mypy


def _leave_levels(request: ApprovalRequest) -> list[str]:
    leave = request.subject
    if leave is not None and leave.substitute_id and leave.leave_type.substitute_confirms:
        return ["substitute", "supervisor"]
    return ["supervisor"]


def _detail_context(viewer: User, leave: LeaveRequest) -> dict[str, object]:
    return {"others_away": others_away(leave)}


LEAVE = register_kind(RequestKind(
    key="leave", label=gettext_lazy("Leave / absence"), levels=_leave_levels,
    detail_template="leave/_leave_detail.html", detail_context=_detail_context, cancellable_after_approval=False,
    inbox_facts=leave_facts, on_approved=_leave_approved, on_closed=_leave_closed,
    follows={RequestState.APPROVED: LeaveState.APPROVED, RequestState.REJECTED: LeaveState.REJECTED,
             RequestState.WITHDRAWN: LeaveState.WITHDRAWN, RequestState.CANCELLED: LeaveState.CANCELLED},
))
CANCELLATION = register_kind(RequestKind(
    key="leave_cancellation", label=gettext_lazy("Cancellation of approved leave"),
    levels=lambda request: ["supervisor"], detail_template="leave/_leave_detail.html",
    detail_context=_detail_context, inbox_facts=cancellation_facts,
    cancellable_after_approval=False, on_approved=_cancellation_approved,
    follows={RequestState.APPROVED: LeaveState.CANCELLED},  # the subject is the leave being cancelled
))


@transaction.atomic
def leave_cancel(*, by: User, leave_id: int, comment: str = "", today: date | None = None) -> LeaveRequest:
    """Take back leave: withdrawn while it waits; once approved and not yet begun, a cancellation
    request goes to the supervisor (the days return when it is approved)."""
    today = today or timezone.localdate()
    leave = LeaveRequest.objects.select_for_update().select_related("leave_type").get(pk=leave_id)
    require(by, "timekeeping.cancel_leave", leave)
    if leave.state == LeaveState.SUBMITTED:
        request_withdraw(by=by, request_id=cast(int, leave.approval_id))  # a submitted request has its approval
        leave.refresh_from_db()
        return leave
    if leave.state != LeaveState.APPROVED or _begun(leave, today):
        raise ValidationError(_("Only approved leave that has not begun can be cancelled; "
                                "leave that has begun can be ended early."))
    if leave.cancellation is not None and leave.cancellation.state == RequestState.SUBMITTED:
        raise ValidationError(_("A cancellation of this leave is already waiting for a decision."))
    if not leave.leave_type.needs_approval:
        leave.state = LeaveState.CANCELLED
        leave.revision += 1
        leave.save(update_fields=["state", "revision", "updated_at"])
        _unbook(leave)
        if leave.leave_type.is_sickness:
            for interrupted in _overlapping_leave(leave):  # those days are leave again
                _rebook_net(interrupted)
        return leave
    leave.cancellation = approval_request_create(
        requester=by, kind=CANCELLATION.key, summary=_("Cancel: %(leave)s") % {"leave": _summary(leave)},
        subject=leave,
    )
    leave.save(update_fields=["cancellation"])
    return leave


def _begun(leave: LeaveRequest, today: date) -> bool:
    """Whether the leave has begun: one of its working days is today or lies before (a leave from a Saturday
    has not begun on that Saturday)."""
    return leave.start <= today and leave_days_of(leave.person, leave.start, min(today, leave.end)) > 0


@transaction.atomic
def leave_end_early(*, by: User, leave_id: int, new_end: date, today: date | None = None) -> LeaveRequest:
    """End leave that has begun on an earlier day; the days after it return to the balance."""
    today = today or timezone.localdate()
    leave = LeaveRequest.objects.select_for_update().select_related("leave_type", "person").get(pk=leave_id)
    require(by, "timekeeping.cancel_leave", leave)
    if leave.state != LeaveState.APPROVED or not (leave.start <= today <= leave.end):
        raise ValidationError(_("Only leave that is running now can be ended early."))
    if not (max(today, leave.start) <= new_end < leave.end):
        raise ValidationError({"new_end": _("Choose a day from today until the day before the planned end.")})
    # Sickness ended early gives back the leave days it had interrupted after the new end: leave again.
    interrupted = list(_overlapping_leave(leave)) if leave.leave_type.is_sickness else []
    leave.end, leave.end_half = new_end, False
    try:
        leave.days = _net_days(leave)
    except SpanError:
        raise ValidationError({"new_end": _(
            "Until %(date)s this absence has no working day, so nothing of it would be left. Choose a later "
            "day, or cancel it: it has not begun yet.") % {"date": _day(new_end)}}) from None
    leave.revision += 1
    leave.save(update_fields=["end", "end_half", "days", "revision", "updated_at"])
    _book(leave)
    for other in interrupted:
        _rebook_net(other)
    _tell_supervisor(leave)
    return leave


# --- Telling people about expiring leave (Mitwirkungsobliegenheit, domain.md 3.8) ---------------------

def leave_expiry_notices_send(*, now: datetime | None = None) -> int:
    """October: the year's rest will be carried over and expire; January and a month before the
    deadline: the carried-over days and their deadline. Each notice once, logged as proof."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    if today.month >= 10:
        for person in User.objects.filter(is_active=True, leave_buckets__year=today.year).distinct():
            balance = leave_balance(person, today.year, today)
            remaining = sum((b.remaining for b in balance.buckets), Decimal(0))
            rules = rules_for(person, today)
            sent += _notice(person, today.year, "october", remaining,
                            _expiry(today.year + 1, rules.carry_over_expires), now)
    carried = LeaveBucket.objects.filter(kind=BucketKind.CARRIED, year=today.year, expires_on__gte=today,
                                         person__is_active=True).select_related("person")
    for bucket in carried:
        remaining = next(b.remaining for b in leave_balance(bucket.person, today.year, today).buckets
                         if b.bucket.pk == bucket.pk)
        # From January on (the carried bucket exists once the year has turned).
        sent += _notice(bucket.person, today.year, "january", remaining, bucket.expires_on, now)
        if today >= bucket.expires_on - timedelta(days=30):
            sent += _notice(bucket.person, today.year, "month_before", remaining, bucket.expires_on, now)
    return sent


def _notice(person: User, year: int, kind: str, days: Decimal, expires_on: date, now: datetime) -> int:
    if days <= 0:
        return 0
    with transaction.atomic():
        _notice_row, created = ExpiryNotice.objects.get_or_create(
            person=person, year=year, kind=kind, defaults={"days": days, "expires_on": expires_on, "sent_at": now},
        )
        if not created:
            return 0
        notify(recipient=person, template="leave_expiry", link="/abwesenheiten/",
               context={"days": format_days(days), "count": plural_n(days), "expires_on": expires_on})
    return 1


