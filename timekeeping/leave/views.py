"""Leave pages: my leave and balance, the request form with its live quote, cancelling and ending
early, the team calendar, and HR's entitlements, carry-over and export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import OrgUnit, User
from intranet.core.cells import Value
from intranet.core.downloads import csv_response, xlsx_response
from intranet.core.http import AuthenticatedHttpRequest, ask_first, sane_date, show_errors, whole_number
from intranet.core.modules import module_required
from intranet.core.parts import part
from intranet.core.permissions import fetch, require
from intranet.core.widgets import MonthForm

from .calendar_view import team_month
from .forms import EndEarlyForm, LeaveRequestForm
from .models import LeaveRequest, LeaveState
from .selectors import leave_balance, on_default_schedule, rules_for, sick_days_report
from .services import (
    entitlement_grant,
    format_days,
    leave_cancel,
    leave_carry_over,
    leave_carry_over_plan,
    leave_end_early,
    leave_quote,
    leave_request_create,
)


def _form(request: AuthenticatedHttpRequest, data: object = None) -> LeaveRequestForm:
    rules = rules_for(request.user, timezone.localdate())
    return LeaveRequestForm(data, person=request.user, allow_half_days=rules.allow_half_days)


@require_GET
@login_required
@module_required("leave")
def leave_overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    balances = [b for b in (leave_balance(request.user, y) for y in (year, year + 1)) if b.buckets]
    requests = (LeaveRequest.objects.filter(person=request.user).select_related("leave_type")
                .order_by("-start"))
    page = Paginator(requests, 20).get_page(request.GET.get("page"))
    return render(request, "leave/leave_overview.html",
                  {"balances": balances, "page": page, "today": timezone.localdate()})


@require_http_methods(["GET", "POST"])
@login_required
@module_required("leave")
def leave_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _form(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            leave = leave_request_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            if leave.approval_id:
                messages.success(request, _("Your request was submitted."))
                return redirect("request_detail", pk=leave.approval_id)
            messages.success(request, _("Your absence was recorded. Get well soon!") if leave.leave_type.is_sickness
                             else _("Your absence was recorded."))
            for interrupted, days in getattr(leave, "interrupted", []):
                messages.info(request, ngettext(
                    "%(days)s day of your leave from %(start)s to %(end)s goes back to your balance.",
                    "%(days)s days of your leave from %(start)s to %(end)s go back to your balance.",
                    1 if days == 1 else 2) % {
                    "days": format_days(days), "start": date_format(interrupted.start, "SHORT_DATE_FORMAT"),
                    "end": date_format(interrupted.end, "SHORT_DATE_FORMAT")})
            if getattr(leave, "interrupted", []) and leave.certificate_due:
                messages.warning(request, _(
                    "Please hand in your sick note by %(date)s: only sick days with a medical certificate do not "
                    "count as leave (§ 9 BUrlG).") % {"date": date_format(leave.certificate_due, "SHORT_DATE_FORMAT")})
            return redirect("timekeeping:leave_overview")
    return render(request, "leave/leave_form.html", {"form": form})


@require_GET
@login_required
@module_required("leave")
def leave_quote_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The live answer while the form is filled: days it costs and the balance after, or what is wrong."""
    form = _form(request, request.GET)
    context: dict[str, object] = {}
    if form.is_valid():
        data = form.cleaned_data
        try:
            context["quote"] = leave_quote(person=request.user, leave_type=data["leave_type"], start=data["start"],
                                           end=data["end"], start_half=data.get("start_half", False),
                                           end_half=data.get("end_half", False))
        except ValidationError as exc:
            context["problems"] = exc.messages
    return render(request, "leave/_leave_quote.html", context)


@require_POST
@login_required
@module_required("leave")
def leave_cancel_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    leave = fetch(LeaveRequest.objects.select_related("leave_type"), pk, request.user, "timekeeping.cancel_leave",
                  hide=True)  # one's own
    if leave.state == LeaveState.APPROVED and (asking := _ask_first(request, leave)):  # approved leave: ask first
        return asking
    try:
        leave = leave_cancel(by=request.user, leave_id=leave.pk)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = {LeaveState.WITHDRAWN: _("Your request was withdrawn."),
                LeaveState.CANCELLED: _("The absence was cancelled.")}
        messages.success(request, done.get(LeaveState(leave.state), _("The cancellation was sent to your supervisor.")))
    return redirect("timekeeping:leave_overview")


def _ask_first(request: AuthenticatedHttpRequest, leave: LeaveRequest) -> HttpResponse | None:
    what = {"kind": leave.leave_type.name, "start": date_format(leave.start, "SHORT_DATE_FORMAT"),
            "end": date_format(leave.end, "SHORT_DATE_FORMAT")}
    text = (_("Your supervisor is asked to agree to cancelling %(kind)s from %(start)s to %(end)s. Once they "
              "agree, the days are back in your balance.") if leave.leave_type.needs_approval
            else _("%(kind)s from %(start)s to %(end)s is cancelled.")) % what
    return ask_first(request, title=_("Cancel this absence?"), text=text, button=_("Cancel the absence"),
                     back=reverse("timekeeping:leave_overview"))


@require_POST
@login_required
@module_required("leave")
def leave_end_early_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    leave = fetch(LeaveRequest.objects.all(), pk, request.user, "timekeeping.cancel_leave", hide=True)  # one's own
    form = EndEarlyForm(request.POST)
    if form.is_valid():
        try:
            leave_end_early(by=request.user, leave_id=leave.pk, new_end=form.cleaned_data["new_end"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Your leave now ends earlier; the remaining days are back in your balance."))
    else:
        messages.error(request, _("Please enter a valid date."))
    return redirect("timekeeping:leave_overview")


@require_GET
@login_required
@module_required("leave")
def team_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MonthForm(request.GET or None)
    today = timezone.localdate()
    month = today.replace(day=1)
    unit_id = request.user.org_unit_id
    if form.is_valid():
        month = form.cleaned_data["month"] or month
        unit_id = form.cleaned_data["unit"] or unit_id
    if not unit_id:
        return render(request, "leave/team_calendar.html", {"form": form, "unit": None})
    unit = fetch(OrgUnit.objects.all(), unit_id, request.user, "timekeeping.view_team_calendar")
    days, rows = team_month(viewer=request.user, unit=unit, year=month.year, month=month.month)
    previous = (month.replace(day=1) - date.resolution).replace(day=1)
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    legend = sorted({(cell.short, cell.label) for row in rows for cell in row.cells if cell.label})
    # The cells in Jinja2, which draws them four times as fast as Django's templates (intranet/core/jinja.py).
    month_table = part("leave/_team_month.html", {"unit": unit, "month": month, "days": days, "rows": rows})
    return render(request, "leave/team_calendar.html", {
        "form": form, "unit": unit, "month": month, "month_table": month_table, "legend": legend,
        "previous": previous, "following": following,
        "away": [row for row in rows if row.spans],  # the phone's list: who is away when, not who is not
    })


# --- HR ----------------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
@module_required("leave")
def leave_admin(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, "timekeeping.manage_leave")
    year = timezone.localdate().year
    if request.method == "POST":
        action = request.POST.get("action")
        target = whole_number(request.POST.get("year") or str(year))
        if target is None or not 2000 <= target <= 2100:  # as the form's year field allows
            messages.error(request, _("Please enter a year between 2000 and 2100."))
            return redirect("timekeeping:leave_admin")
        if action == "grant":
            people = User.objects.filter(is_active=True).exclude(employments=None)
            for person in people:
                entitlement_grant(person=person, year=target)
            count = people.count()
            messages.success(request, ngettext("Entitlements for %(year)s set for %(count)d person.",
                                               "Entitlements for %(year)s set for %(count)d people.", count) % {
                "year": target, "count": count})
        elif action == "carry_over":
            return _carry_over(request, target)
        return redirect("timekeeping:leave_admin")
    return _admin_page(request)


def _absence_form(data: object = None) -> LeaveRequestForm:
    return LeaveRequestForm(data, person=None, allow_half_days=True, auto_id="absence-%s")


def _admin_page(request: AuthenticatedHttpRequest, absence_form: LeaveRequestForm | None = None) -> HttpResponse:
    return render(request, "leave/leave_admin.html", {
        "year": timezone.localdate().year, "units": OrgUnit.objects.order_by("code"),
        "on_default": on_default_schedule(), "absence_form": absence_form or _absence_form()})


@require_POST
@login_required
@module_required("leave")
def absence_enter(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR enters an absence for a person, through the same service as the API (recorded as approved, also
    in closed months, whose figures are recomputed); a refusal shows the form again as it was sent."""
    require(request.user, "timekeeping.manage_leave")
    form = _absence_form(request.POST)
    if form.is_valid():
        try:
            leave = leave_request_create(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("%(type)s entered for %(person)s from %(start)s to %(end)s.") % {
                "type": leave.leave_type.name, "person": leave.person.display_name,
                "start": date_format(leave.start, "SHORT_DATE_FORMAT"),
                "end": date_format(leave.end, "SHORT_DATE_FORMAT")})
            return redirect("timekeeping:leave_admin")
    return _admin_page(request, form)


def _carry_over(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    """First a preview that says whom and how many days the carry-over moves (and, before the year has
    ended, that it cannot run yet); only the confirmed form runs it."""
    today = timezone.localdate()
    if request.POST.get("confirm") != "yes":
        plan = leave_carry_over_plan(year=year)
        return render(request, "leave/leave_carry_over.html", {
            "plan": plan, "open": today >= plan.possible_from,
            "lines": [line for line in plan.lines if line.days > 0 or line.changes],
        })
    try:
        plan = leave_carry_over(year=year, today=today)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if plan.changed:
            messages.success(request, _(
                "Leave of %(year)s carried into %(next)s: %(days)s days for %(count)d people.") % {
                "year": year, "next": year + 1, "days": format_days(plan.days), "count": plan.people})
        else:
            messages.info(request, _("Leave of %(year)s had been carried over already; nothing changed.") % {
                "year": year})
    return redirect("timekeeping:leave_admin")


@require_GET
@login_required
@module_required("leave")
def absence_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR's absence report as CSV (streamed) or XLSX, per unit and period."""
    require(request.user, "timekeeping.manage_leave")
    start, end = sane_date(request.GET.get("from", "")), sane_date(request.GET.get("to", ""))
    unit = whole_number(request.GET.get("unit"))
    problem = (_("Please choose a start and an end date.") if start is None or end is None
               else _("The end date lies before the start date.") if end < start
               else _("Please choose a unit from the list.") if request.GET.get("unit") and unit is None else None)
    if problem:
        messages.error(request, problem)  # back to the form, filled in as it was sent
        return redirect(f"{reverse('timekeeping:leave_admin')}?{request.GET.urlencode()}")
    if request.GET.get("format") == "sick":
        return _sick_days_csv(start, end, unit)
    absences = (LeaveRequest.objects.filter(state=LeaveState.APPROVED, start__lte=end, end__gte=start)
                .select_related("person__org_unit", "leave_type").order_by("person__last_name", "start"))
    if unit is not None:
        absences = absences.filter(person__org_unit_id=unit)
    header = [_("Personnel number"), _("Name"), _("Org unit"), _("Kind"), _("From"), _("Until"), _("Days"),
              _("Sick note due")]

    def rows() -> Iterator[list[Value]]:
        yield header
        for a in absences.iterator(chunk_size=2000):
            unit = a.person.org_unit.code if a.person.org_unit else ""
            yield [a.person.personnel_number, a.person.display_name, unit, a.leave_type.name,
                   a.start, a.end, a.days, a.certificate_due]

    filename = f"abwesenheiten-{start}-{end}"
    if request.GET.get("format") == "xlsx":
        return xlsx_response(rows(), filename, sheet_title=_("Absences"))
    return csv_response(rows(), filename)


def _sick_days_csv(start: date, end: date, unit: int | None) -> HttpResponse:
    rows = sick_days_report(start, end, unit)
    lines: list[list[Value]] = [[_("Personnel number"), _("Name"), _("Episodes"), _("Calendar days")]]
    lines += [[r.person.personnel_number, r.person.display_name, r.episodes, r.calendar_days] for r in rows]
    return csv_response(lines, f"krankheitstage-{start}-{end}")
