"""Working-time pages: the month sheet with its entries, clocking in and out, submitting the month."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.backends.utils import csrf_input
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from directory.models import OrgUnit
from directory.selectors import people_led_by
from intranet.core.downloads import csv_response
from intranet.core.http import AuthenticatedHttpRequest, act, ask_first, next_url, sane_month, show_errors, whole_number
from intranet.core.modules import module_required
from intranet.core.parts import address, part
from intranet.core.permissions import may, require

from .council_report import council_report
from .council_report import csv_rows as council_csv_rows
from .export import export_response, people_in
from .forms import TimeCorrectionForm, TimeEntryForm
from .models import MonthState, TimeCorrection, TimeEntry
from .services import clock_in, clock_out, month_submit, time_correction_request, time_entry_create, time_entry_delete
from .templatetags.worktime import hours
from .timesheet import MonthSheet, last_closed_month, month_bounds, month_sheet, month_sheets
from .wording import WARNING_LABELS, WARNING_TEXTS


def _month_or_404(year: int, month: int) -> date:
    first = sane_month(f"{year}-{month}")
    if first is None:
        raise Http404
    return first


@require_GET
@login_required
@module_required("time")
def sheet_current(request: AuthenticatedHttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return redirect("time:month_sheet", year=today.year, month=today.month)


@require_GET
@login_required
@module_required("time")
def month_sheet_view(request: AuthenticatedHttpRequest, year: int, month: int) -> HttpResponse:
    first = _month_or_404(year, month)
    return _render_sheet(request, first, TimeEntryForm(initial={"day": timezone.localdate()}))


def _render_sheet(request: AuthenticatedHttpRequest, first: date, form: TimeEntryForm,
                  correction_form: TimeCorrectionForm | None = None) -> HttpResponse:
    sheet = month_sheet(request.user, first)
    previous = date(first.year - (first.month == 1), (first.month - 2) % 12 + 1, 1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    signed_off = sheet.closing is not None and sheet.closing.state == MonthState.APPROVED
    if signed_off and correction_form is None:
        correction_form = TimeCorrectionForm(entries=[e for d in sheet.days for e in d.entries],
                                             initial={"day": first})
    return render(request, "worktime/month_sheet.html", {
        "sheet": sheet, "form": form, "previous": previous, "following": following,
        "days_table": _days_table(request, sheet),
        "warning_texts": WARNING_TEXTS, "today": timezone.localdate(),
        "submit_refusal": sheet.submit_refusal(timezone.localdate()),
        "may_team": may(request.user, "timekeeping.view_team_time"),
        "may_export": may(request.user, "timekeeping.export_time"),
        "may_council_report": may(request.user, "timekeeping.view_council_report"),
        "correction_form": correction_form if signed_off else None,
        "corrections": TimeCorrection.objects.filter(
            person=request.user, start__gte=month_bounds(first)[0], start__lt=month_bounds(first)[1],
        ).select_related("approval") if signed_off else [],
    })


def _days_table(request: AuthenticatedHttpRequest, sheet: MonthSheet) -> str:
    """The sheet's days in Jinja2, which draws the thirty rows four times as fast as Django's templates."""
    return part("worktime/_month_days.html", {
        "sheet": sheet, "today": timezone.localdate(), "warning_texts": WARNING_TEXTS, "hours": hours,
        "month_label": date_format(sheet.month, "F Y"), "remove_url": address("time:time_entry_remove"),
        "csrf": csrf_input(request),  # once: the backend's csrf_input makes a new token each time it is read
    })


def _period(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    """A day's period as aware datetimes; an end before the start means the next day (a night shift)."""
    zone = timezone.get_current_timezone()
    start_at, end_at = datetime.combine(day, start, tzinfo=zone), datetime.combine(day, end, tzinfo=zone)
    return start_at, end_at + timedelta(days=1) if end <= start else end_at


@require_POST
@login_required
@module_required("time")
def time_entry_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TimeEntryForm(request.POST)
    # A refusal is shown on the sheet the form was sent from, where the form and what was typed are;
    # the entry's own month may be signed off and show no form at all.
    shown = sane_month(request.POST.get("sheet", "")) or timezone.localdate().replace(day=1)
    if form.is_valid():
        data = form.cleaned_data
        start, end = _period(data["day"], data["start"], data["end"])
        try:
            time_entry_create(by=request.user, start=start, end=end, mobile=data["mobile"], note=data["note"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("The period was recorded."))
            return redirect("time:month_sheet", year=data["day"].year, month=data["day"].month)
    return _render_sheet(request, shown, form)


@require_POST
@login_required
@module_required("time")
def time_correction_add(request: AuthenticatedHttpRequest, year: int, month: int) -> HttpResponse:
    """Ask for a correction of a signed-off month; it goes to the supervisor like the month did."""
    first = _month_or_404(year, month)
    start, end = month_bounds(first)
    entries = list(TimeEntry.objects.filter(person=request.user, start__gte=start, start__lt=end, end__isnull=False))
    form = TimeCorrectionForm(request.POST, entries=entries)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == TimeCorrection.Action.REMOVE:
                correction = time_correction_request(by=request.user, reason=data["reason"],
                                                     remove_entry_id=data["entry"])
            else:
                period_start, period_end = _period(data["day"], data["start"], data["end"])
                correction = time_correction_request(by=request.user, reason=data["reason"], start=period_start,
                                                     end=period_end, mobile=data["mobile"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your correction was sent to your supervisor."))
            return redirect("request_detail", pk=correction.approval_id)
    return _render_sheet(request, first, TimeEntryForm(initial={"day": timezone.localdate()}), form)


@require_POST
@login_required
@module_required("time")
def time_entry_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(TimeEntry, pk=pk, person=request.user)
    month = timezone.localtime(entry.start).date()
    start, end = timezone.localtime(entry.start), timezone.localtime(entry.end) if entry.end else None
    if asking := ask_first(
        request, title=_("Remove this period?"),
        text=_("The period from %(start)s to %(end)s on %(day)s is removed from your working time.") % {
            "start": f"{start:%H:%M}", "end": f"{end:%H:%M}" if end else "…",
            "day": date_format(start.date(), "SHORT_DATE_FORMAT")},
        button=_("Remove the period"), back=reverse("time:month_sheet", args=[month.year, month.month]),
    ):
        return asking
    act(request, lambda: time_entry_delete(by=request.user, entry_id=entry.pk), _("The period was removed."))
    return redirect("time:month_sheet", year=month.year, month=month.month)


@require_POST
@login_required
@module_required("time")
def clock(request: AuthenticatedHttpRequest) -> HttpResponse:
    try:
        if request.POST.get("direction") == "in":
            entry = clock_in(by=request.user)
            messages.success(request, _("Clocked in at %(time)s.") % {
                "time": timezone.localtime(entry.start).strftime("%H:%M")})
        else:
            clock_out(by=request.user)
            messages.success(request, _("Clocked out. Have a good evening!"))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(next_url(request, reverse("dashboard")))


@require_POST
@login_required
@module_required("time")
def month_submit_view(request: AuthenticatedHttpRequest, year: int, month: int) -> HttpResponse:
    first = _month_or_404(year, month)
    try:
        closing = month_submit(by=request.user, month=first)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("time:month_sheet", year=year, month=month)
    messages.success(request, _("Your month was submitted for sign-off."))
    return redirect("request_detail", pk=closing.approval_id)


def _month_param(request: AuthenticatedHttpRequest) -> date | None:
    """The ?month=YYYY-MM of the request, or None when it is missing or no month."""
    return sane_month(request.GET.get("month", ""))


def _unit_param(request: AuthenticatedHttpRequest) -> OrgUnit | None:
    unit_id = whole_number(request.GET.get("unit"))
    return get_object_or_404(OrgUnit, pk=unit_id) if unit_id is not None else None


@require_GET
@login_required
@module_required("time")
def council_report_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The staff council's pseudonymised report of working-time-law warnings per unit (domain.md 9.6)."""
    require(request.user, "timekeeping.view_council_report")
    first, unit = _month_param(request), _unit_param(request)
    context = {"units": OrgUnit.objects.order_by("code"), "month": first, "unit": unit,
               "preselected": first or last_closed_month(timezone.localdate()),
               "error": bool(request.GET.get("month")) and first is None, "warning_texts": WARNING_TEXTS,
               "warning_labels": WARNING_LABELS}
    if first is not None:
        if request.GET.get("format") == "csv":
            return csv_response(council_csv_rows(people_in(unit), first), f"personalrat-arbeitszeit-{first:%Y-%m}")
        report = council_report(people_in(unit), first)
        context.update(unit_lines=report.units, person_lines=report.flagged, left_out=report.left_out,
                       minimum=report.minimum)
        context["warnings"] = list(WARNING_TEXTS)
    return render(request, "worktime/council_report.html", context)


@require_GET
@login_required
@module_required("time")
def time_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR: a month of working time for a unit and its sub-units, as CSV (streamed) or XLSX."""
    require(request.user, "timekeeping.export_time")
    first = _month_param(request)
    if first is None:
        return render(request, "worktime/time_export.html", {
            "units": OrgUnit.objects.order_by("code"), "error": bool(request.GET.get("month")),
            "preselected": last_closed_month(timezone.localdate())})
    return export_response(unit=_unit_param(request), month=first, fmt=request.GET.get("format", "csv"),
                           comma=request.GET.get("decimal", "comma") == "comma")


@require_GET
@login_required
@module_required("time")
def team_month(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Supervisors: target, worked, balance, warnings and closing state of the people they lead."""
    require(request.user, "timekeeping.view_team_time")
    first = _month_param(request) or timezone.localdate().replace(day=1)
    people = people_led_by(request.user).select_related("org_unit").order_by("last_name", "first_name")
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    sheets = month_sheets(list(page.object_list), first)
    return render(request, "worktime/team_month.html", {"page": page, "sheets": sheets, "month": first})
