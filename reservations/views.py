"""Booking pages: find what is free, the day and week grid, book, change, cancel, check in, .ics."""

from __future__ import annotations

import hashlib
from datetime import date, datetime, timedelta
from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from directory.models import User
from intranet.core.downloads import as_attachment
from intranet.core.http import AuthenticatedHttpRequest, act, ask_first, sane_date, show_errors, whole_number
from intranet.core.packed_cache import cached_packed
from intranet.core.permissions import may, require

from .forms import BookingForm, RepeatForm, ScopeForm, SearchForm
from .ical import booking_ics
from .models import Booking, BookingState, Kind, LogbookEntry, Resource, Series
from .permissions import manages
from .rules import ODOMETER_MAX, check_in_open
from .selectors import (
    SLOT,
    Now,
    alternatives_for,
    bookable_resources,
    bookings_of,
    day_grid,
    enabled_kinds,
    free_resources,
    get_booking_for_view,
    grid_version,
    grid_window,
    involved_bookings,
    now_mark,
    upcoming_bookings,
    week_grid,
)
from .series import series_cancel, series_change, series_create, series_date_add_back, series_dates, series_preview
from .services import (
    Collision,
    Request,
    booking_cancel,
    booking_change,
    booking_check_in,
    booking_create,
    colleagues_of,
    last_odometer,
    logbook_record,
)


def bookings_enabled(view):
    """The booking pages exist while rooms or pool cars are switched on."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not enabled_kinds():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped


def _kind(request: AuthenticatedHttpRequest) -> str:
    kind = request.GET.get("kind") or request.POST.get("kind") or enabled_kinds()[0]
    if kind not in enabled_kinds():
        raise Http404
    return kind


@require_GET
@login_required
@bookings_enabled
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Find what is free, and one's next bookings."""
    form = SearchForm(request.GET or None, initial=_search_initial())
    form.fields["kind"].choices = [(k, Kind(k).label) for k in enabled_kinds()]
    found = None
    if form.is_bound and form.is_valid():
        start, end = form.span()
        data = form.cleaned_data
        found = list(free_resources(request.user, kind=data["kind"], start=start, end=end,
                                    capacity_min=data["capacity"] or 0, equipment=data["equipment"],
                                    step_free=data["step_free"]).prefetch_related(None)[:50])
    return render(request, "reservations/overview.html", {
        "form": form, "found": found, "upcoming": upcoming_bookings(request.user)[:10],
        "may_manage": any(may(request.user, "reservations.manage_resources", k) for k in enabled_kinds()),
        "span_start": form.span()[0].isoformat() if found is not None else "",
        "span_end": form.span()[1].isoformat() if found is not None else "",
    })


def _search_initial() -> dict:
    start = (timezone.localtime() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    return {"kind": enabled_kinds()[0], "day": start.date(), "start": start.time(),
            "end": (start + timedelta(hours=1)).time()}


PAGE_SIZES = ("25", "50", "100", "200")  # rows of the grid per page


@require_GET
@login_required
@bookings_enabled
def grid(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The availability grid: resources down, time across; a day (half hours) or a week (days)."""
    kind = _kind(request)
    day = sane_date(request.GET.get("day", "")) or timezone.localdate()
    week = request.GET.get("view") == "week"
    per_page = int(request.GET.get("per_page") if request.GET.get("per_page") in PAGE_SIZES else PAGE_SIZES[0])
    choices = bookable_resources(request.user, kind)
    room = request.GET.get("resource", "")
    if room.isdigit():  # from the week view: the day of one resource
        choices = choices.filter(pk=int(room))
    page = Paginator(choices, per_page).get_page(request.GET.get("page"))
    resources = list(page.object_list)
    context = {"kind": kind, "kinds": enabled_kinds(), "day": day, "week": week, "page": page,
               "per_page": per_page, "page_sizes": PAGE_SIZES,
               "kind_label": Kind(kind).label, "one_resource": room if room.isdigit() else ""}
    step = timedelta(days=7) if week else timedelta(days=1)
    monday = day - timedelta(days=day.weekday())
    context["previous"], context["following"] = (monday - step, monday + step) if week else (day - step, day + step)
    context["now"] = None if week else now_mark(day)
    context["days"] = [monday + timedelta(days=n) for n in range(7)] if week else [day]
    context["grid"] = _grid_cells(request.user, kind, resources, day, week, context["now"])
    return render(request, "reservations/grid.html", context)


GRID_CACHE_SECONDS = 600


def _grid_cells(user: User, kind: str, resources: list[Resource], day: date, week: bool, now: Now | None) -> str:
    """The grid's cells, drawn once for everyone who sees the same: cached under what they are drawn from
    (selectors.grid_version), the half hour now falls in (free stretches begin after it) and what decides
    which titles the viewer sees (permissions.can_see_booking). A booking's change changes the key, so the
    cache never shows a stale booking."""
    first, last = grid_window(day, week)
    moment = timezone.now()
    viewer = "all" if manages(user, kind) else involved_bookings(user, resources, first, last)
    key = "grid:" + hashlib.sha256(repr((
        kind, week, day if not week else first, translation.get_language(), timezone.get_current_timezone_name(),
        -(-moment.timestamp() // SLOT.total_seconds()), now and (now.col, now.step), viewer,
        grid_version(resources, first, last))).encode()).hexdigest()
    cells = cached_packed(key, lambda: _draw_grid(user, kind, resources, day, week, now, moment).encode(),
                          GRID_CACHE_SECONDS)
    return mark_safe(cells.decode())  # autoescaped by Jinja2 when drawn


def _draw_grid(user: User, kind: str, resources: list[Resource], day: date, week: bool, now: Now | None,
               moment: datetime) -> str:
    context = {"kind": kind, "day": day, "now": now}
    if week:
        context["days"], context["week_rows"] = week_grid(resources, day - timedelta(days=day.weekday()), moment)
        bookings = [b for _r, days in context["week_rows"] for d in days for b in d.bookings]
    else:
        context["hours"], context["rows"] = day_grid(resources, day, moment)
        bookings = [s.booking for row in context["rows"] for s in row.segments if s.booking]
    context["may_see"] = {b.pk for b in bookings if may(user, "reservations.see_booking", b)}
    # Links built once rather than per cell: the grid has thousands of them.
    context["detail_prefix"] = reverse("reservations:booking_detail", args=[0]).removesuffix("0/")
    context["new_url"] = reverse("reservations:booking_new")
    # The cells in Jinja2, which draws them four times as fast as Django's templates (intranet/core/jinja.py).
    cells = "reservations/_grid_week.html" if week else "reservations/_grid_day.html"
    return render_to_string(cells, context, using="jinja2")


def _form(request: AuthenticatedHttpRequest, kind: str, data=None, initial=None,
          booking: Booking | None = None) -> BookingForm:
    """The booking form; when changing a booking, the people already named on it stay choosable (a
    manager editing someone's booking must not drop whom it is for)."""
    people = colleagues_of(request.user)
    if booking is not None:
        named = [p for p in (booking.on_behalf_of_id, booking.driver_id) if p]
        people = User.objects.filter(Q(pk__in=people.values("pk")) | Q(pk__in=named)).order_by(
            "last_name", "first_name")
    return BookingForm(data, initial=initial, kind=kind, colleagues=people,
                       resources=bookable_resources(request.user, kind))


def _wanted(form: BookingForm) -> Request:
    data = form.cleaned_data
    start, end = form.span()
    return Request(resource=data["resource"], start=start, end=end, title=data["title"],
                   attendees=data.get("attendees") or 1, note=data["note"], on_behalf_of=data["on_behalf_of"],
                   driver=data.get("driver"), destination=data.get("destination", ""),
                   purpose=data.get("purpose", ""))


@require_http_methods(["GET", "POST"])
@login_required
@bookings_enabled
def booking_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """One booking, or a series: "Vorschau" lists the dates with what stands in their way, the person
    unticks what they do not want, and the series is then booked all at once or not at all."""
    kind = _kind(request)
    alternatives = preview = None
    repeat = RepeatForm(request.POST or None, prefix="series")
    if request.method == "POST":
        form = _form(request, kind, request.POST)
        if form.is_valid() and repeat.is_valid() and repeat.repeats:
            wanted = _wanted(form)
            try:
                if "create_series" in request.POST:
                    chosen = set(request.POST.getlist("dates"))
                    planned = series_preview(by=request.user, wanted=wanted, rule=repeat.rule())
                    skip = {p.start.date() for p in planned if p.start.date().isoformat() not in chosen}
                    series = series_create(by=request.user, wanted=wanted, rule=repeat.rule(), skip=skip)
                    messages.success(request, _("The series was booked: %(n)s dates.") % {
                        "n": series.occurrences.count()})
                    return _go(request, reverse("reservations:series_detail", args=[series.pk]))
                preview = series_preview(by=request.user, wanted=wanted, rule=repeat.rule())
            except ValidationError as exc:
                show_errors(form, exc)
        elif form.is_valid() and repeat.is_valid():
            wanted = _wanted(form)
            try:
                booking = booking_create(by=request.user, wanted=wanted)
            except Collision as exc:
                show_errors(form, exc)
                alternatives = alternatives_for(request.user, wanted.resource, wanted.start, wanted.end,
                                                wanted.attendees)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("Booked: %(resource)s.") % {"resource": booking.resource}
                                 if booking.state == BookingState.CONFIRMED else _("Your booking waits for approval."))
                return _go(request, reverse("reservations:booking_detail", args=[booking.pk]))
    else:
        resource = None
        if (wanted := whole_number(request.GET.get("resource"))) is not None:
            resource = bookable_resources(request.user).filter(pk=wanted).first()
            if resource is not None:
                kind = resource.kind
        initial = BookingForm.initial_for(_aware(request.GET.get("start", "")), resource)
        if end := _aware(request.GET.get("end", "")):
            initial["end"] = timezone.localtime(end).time()
        form = _form(request, kind, initial=initial)
    # From the grid's dialog (htmx) only the form itself, errors and alternatives included, so the dialog
    # stays open with everything typed; otherwise the whole page.
    template = "reservations/_booking_form.html" if request.htmx else "reservations/booking_form.html"
    return render(request, template, {"form": form, "kind": kind, "alternatives": alternatives, "booking": None,
                                      "repeat": repeat, "preview": preview})


def _go(request: AuthenticatedHttpRequest, url: str) -> HttpResponse:
    """Done: on to url; from the grid's dialog (htmx) the whole page goes there, not the dialog."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _aware(value: str) -> datetime | None:
    """A link's ?start= or ?end=: an ISO datetime with offset, or None for anything else."""
    try:
        parsed = parse_datetime(value or "")
    except ValueError:  # well-formed but impossible, e.g. 30 February
        return None
    return parsed if parsed and timezone.is_aware(parsed) and 1900 < parsed.year < 9000 else None


def _booking_for(request: AuthenticatedHttpRequest, pk: int) -> Booking:
    return get_booking_for_view(request.user, pk)


@require_GET
@login_required
@bookings_enabled
def booking_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    now = timezone.now()
    logbook_form = None
    if (booking.resource.kind == Kind.CAR and booking.state == BookingState.CONFIRMED and booking.start <= now
            and not LogbookEntry.objects.filter(booking=booking).exists()):
        logbook_form = LogbookForm(initial={"odometer_start": last_odometer(booking.resource, booking.start)})
    return _render_detail(request, booking, logbook_form)


def _render_detail(request: AuthenticatedHttpRequest, booking: Booking, logbook_form) -> HttpResponse:
    now = timezone.now()
    return render(request, "reservations/booking_detail.html", {
        "booking": booking, "logbook_form": logbook_form,
        "logbook": LogbookEntry.objects.filter(booking=booking).first(),
        "may_change": booking.active and booking.end > now
        and may(request.user, "reservations.change_booking", booking),
        "may_check_in": booking.state == "confirmed" and booking.resource.checkin_minutes is not None
        and booking.checked_in_at is None and check_in_open(booking.start, booking.end, now),
    })


@require_http_methods(["GET", "POST"])
@login_required
@bookings_enabled
def booking_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    require(request.user, "reservations.change_booking", booking)
    kind = booking.resource.kind
    alternatives = None
    scope = ScopeForm(request.POST or None) if booking.series_id else None
    if request.method == "POST":
        form = _form(request, kind, request.POST, booking=booking)
        if form.is_valid() and (scope is None or scope.is_valid()):
            wanted = _wanted(form)
            try:
                if scope is not None and scope.cleaned_data["scope"] != "one":
                    series_change(by=request.user, booking_id=booking.pk, scope=scope.cleaned_data["scope"],
                                  title=wanted.title, start_time=form.cleaned_data["start"],
                                  end_time=form.cleaned_data["end"], resource=wanted.resource)
                else:  # one booking, or one date of a series with everything the form says
                    booking_change(by=request.user, booking_id=booking.pk, wanted=wanted)
            except Collision as exc:
                show_errors(form, exc)
                alternatives = alternatives_for(request.user, wanted.resource, wanted.start, wanted.end,
                                                wanted.attendees)
            except ValidationError as exc:
                show_errors(form, exc)
            else:
                messages.success(request, _("The booking was changed."))
                return redirect("reservations:booking_detail", pk=booking.pk)
    else:
        start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
        form = _form(request, kind, booking=booking, initial={
            "resource": booking.resource, "title": booking.title, "day": start.date(), "start": start.time(),
            "end_day": end.date() if end.date() != start.date() else None, "end": end.time(),
            "attendees": booking.attendees, "on_behalf_of": booking.on_behalf_of, "driver": booking.driver,
            "destination": booking.destination, "purpose": booking.purpose, "note": booking.note})
    return render(request, "reservations/booking_form.html",
                  {"form": form, "kind": kind, "alternatives": alternatives, "booking": booking, "scope": scope})


@require_POST
@login_required
@bookings_enabled
def booking_cancel_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    # The confirmation posts to this address again: the scope the first form chose rides in the query string.
    scope = request.POST.get("scope") or request.GET.get("scope")
    if not booking.series_id or scope not in ("following", "all"):
        scope = "one"
    if asking := _ask_before_cancelling(request, booking, scope):
        return asking
    if scope != "one":
        act(request, lambda: series_cancel(by=request.user, booking_id=booking.pk, scope=scope),
            _("The dates were cancelled."))
    else:
        act(request, lambda: booking_cancel(by=request.user, booking_id=booking.pk), _("The booking was cancelled."))
    return redirect("reservations:booking_detail", pk=booking.pk)


def _ask_before_cancelling(request: AuthenticatedHttpRequest, booking: Booking, scope: str) -> HttpResponse | None:
    start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
    what = {"resource": booking.resource.name, "title": booking.title,
            "day": date_format(start.date(), "SHORT_DATE_FORMAT"), "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}" if end.date() == start.date() else date_format(end, "SHORT_DATETIME_FORMAT")}
    if scope == "following":
        title, button = _("Cancel this and all following dates?"), _("Cancel this and all following")
        text = _("%(resource)s on %(day)s, %(start)s–%(end)s (%(title)s) and all following dates of the series "
                 "are cancelled.") % what
    elif scope == "all":
        title, button = _("Cancel all dates of the series?"), _("Cancel all dates")
        text = _("All dates of the series %(title)s in %(resource)s are cancelled.") % what
    else:
        title = _("Cancel this date?") if booking.series_id else _("Cancel this booking?")
        button = _("Cancel this date") if booking.series_id else _("Cancel booking")
        text = _("%(resource)s on %(day)s, %(start)s–%(end)s (%(title)s) is cancelled.") % what
    return ask_first(request, title=title, text=text, button=button,
                     back=reverse("reservations:booking_detail", args=[booking.pk]),
                     action=f"{request.path}?scope={scope}" if scope != "one" else None)


@require_POST
@login_required
@bookings_enabled
def booking_check_in_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    act(request, lambda: booking_check_in(by=request.user, booking_id=booking.pk), _("Checked in. The room is yours."))
    return redirect("reservations:booking_detail", pk=booking.pk)


@require_GET
@login_required
@bookings_enabled
def booking_download(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    response = HttpResponse(booking_ics([booking], name=booking.title), content_type="text/calendar; charset=utf-8")
    return as_attachment(response, f"buchung-{booking.pk}.ics")


@require_GET
@login_required
@bookings_enabled
def my_bookings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """All of one's bookings, the coming ones first, then the past (paginated)."""
    user = request.user
    bookings = bookings_of(user).select_related("resource").order_by("-start")
    page = Paginator(bookings, 25).get_page(request.GET.get("page"))
    return render(request, "reservations/my_bookings.html", {"page": page, "now": timezone.now()})


class LogbookForm(forms.Form):
    odometer_start = forms.IntegerField(label=gettext_lazy("Odometer at start (km)"), min_value=0,
                                        max_value=ODOMETER_MAX)
    odometer_end = forms.IntegerField(label=gettext_lazy("Odometer at return (km)"), min_value=0,
                                      max_value=ODOMETER_MAX)
    # Offered once a trip turned out longer than rules.LONG_TRIP_KM: the driver confirms the distance.
    confirm_distance = forms.BooleanField(label=gettext_lazy("The distance is right"), required=False)
    ask_confirm = False
    fuel_level = forms.IntegerField(label=gettext_lazy("Fuel or charge at return (%)"), min_value=0, max_value=100,
                                    required=False)
    damage = forms.CharField(label=gettext_lazy("Damage or problems (optional)"), required=False, max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 2}))


@require_POST
@login_required
@bookings_enabled
def logbook_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    booking = _booking_for(request, pk)
    form = LogbookForm(request.POST)
    if form.is_valid():
        try:
            logbook_record(by=request.user, booking_id=booking.pk, **form.cleaned_data)
        except ValidationError as exc:
            show_errors(form, exc)
            form.ask_confirm = any(e.code == "long_trip" for e in getattr(exc, "error_dict", {}).get(
                "odometer_end", []))
        else:
            messages.success(request, _("Thank you: the trip is in the logbook."))
            return redirect("reservations:booking_detail", pk=booking.pk)
    return _render_detail(request, booking, form)


@require_GET
@login_required
@bookings_enabled
def series_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series.objects.select_related("resource"), pk=pk)
    first = series.occurrences.first()
    if first is None:
        raise Http404
    _booking_for(request, first.pk)  # the same people as for its bookings
    return render(request, "reservations/series_detail.html", {
        "series": series, "dates": series_dates(series), "today": timezone.localdate()})


@require_POST
@login_required
@bookings_enabled
def series_add_back(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    series = get_object_or_404(Series, pk=pk)
    first = series.occurrences.first()
    if first is None:
        raise Http404
    _booking_for(request, first.pk)  # others learn nothing, not even that the date is wrong
    day = sane_date(request.POST.get("day", ""))

    def add_back() -> None:
        if day is None:
            raise ValidationError(_("Please choose a date of the series."))
        series_date_add_back(by=request.user, series_id=series.pk, day=day)

    act(request, add_back, _("Booked again: %(date)s.") % {"date": day.strftime("%d.%m.%Y") if day else ""})
    return redirect("reservations:series_detail", pk=series.pk)
