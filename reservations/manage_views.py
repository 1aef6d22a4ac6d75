"""Pages for the facility and fleet managers: their resources with blocks, door-display and feed links;
driving-licence checks; the fleet report with its CSV export."""

from __future__ import annotations

from datetime import date, datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import User
from intranet.core.downloads import csv_response
from intranet.core.http import AuthenticatedHttpRequest, local_datetime, sane_month, show_errors, whole_number
from intranet.core.permissions import may, require
from intranet.core.site import absolute_url
from intranet.core.widgets import DateInput, TimeInput

from .feeds import resource_token, resource_token_renew
from .forms import bookable_role_field
from .models import ACTIVE_STATES, Block, Booking, Kind, LogbookEntry, Resource
from .permissions import manages
from .selectors import enabled_kinds
from .services import block_create, licence_check_record, licence_lapses_on
from .views import bookings_enabled


def _managed_kinds(user: User) -> list[str]:
    return [k for k in enabled_kinds() if manages(user, k)]


class ResourceForm(forms.ModelForm):
    bookable_role = bookable_role_field()

    class Meta:
        model = Resource
        fields = ["name", "location", "floor", "description", "active", "capacity", "equipment", "step_free",
                  "hearing_loop", "licence_plate", "car_model", "fuel", "range_km", "key_box", "next_inspection",
                  "bookable_role", "needs_approval", "min_minutes", "max_minutes", "max_days_ahead", "day_starts",
                  "day_ends", "buffer_minutes", "max_future_bookings", "show_titles", "checkin_minutes"]
        widgets = {"next_inspection": DateInput, "day_starts": TimeInput, "day_ends": TimeInput,
                   "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, kind: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        unused = (["licence_plate", "car_model", "fuel", "range_km", "key_box", "next_inspection"] if kind != Kind.CAR
                  else ["capacity", "equipment", "step_free", "hearing_loop", "checkin_minutes"])
        for name in unused:
            del self.fields[name]

    # Fields that belong together stand side by side: the shortest and longest booking, the day's hours.
    PAIRS = (("min_minutes", "max_minutes"), ("day_starts", "day_ends"))

    def rows(self) -> list[list[forms.BoundField]]:
        paired = {second: first for first, second in self.PAIRS}
        rows: list[list[forms.BoundField]] = []
        for field in self:
            if field.name in paired and rows and rows[-1][0].name == paired[field.name]:
                rows[-1].append(field)
            else:
                rows.append([field])
        return rows


class BlockForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("From (day)"), widget=DateInput)
    start = forms.TimeField(label=gettext_lazy("From (time)"), widget=TimeInput, initial=time(0))
    end_day = forms.DateField(label=gettext_lazy("Until (day)"), widget=DateInput)
    end = forms.TimeField(label=gettext_lazy("Until (time)"), widget=TimeInput, initial=time(23, 59))
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


@require_GET
@login_required
@bookings_enabled
def resources(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The manager's resources, with the bookings that lie in a block (to sort out with their people)."""
    kinds = _managed_kinds(request.user)
    if not kinds:
        raise Http404
    now = timezone.now()
    in_block = Block.objects.filter(resource=OuterRef("resource"), start__lt=OuterRef("end"), end__gt=OuterRef("start"))
    conflicts = (Booking.objects.filter(resource__kind__in=kinds, state__in=ACTIVE_STATES, end__gt=now)
                 .filter(Exists(in_block)).select_related("resource", "booker").order_by("start")[:50])
    page = Paginator(Resource.objects.filter(kind__in=kinds).order_by("kind", "name"), 50).get_page(
        request.GET.get("page"))
    return render(request, "reservations/manage_resources.html", {
        "page": page, "conflicts": conflicts, "may_licences": Kind.CAR in kinds,
        "blocks": Block.objects.filter(resource__kind__in=kinds, end__gt=now).select_related("resource")[:50],
    })


def _managed(request: AuthenticatedHttpRequest, pk: int) -> Resource:
    resource = get_object_or_404(Resource, pk=pk, kind__in=enabled_kinds())
    if not manages(request.user, resource.kind):
        raise Http404
    return resource


@require_http_methods(["GET", "POST"])
@login_required
@bookings_enabled
def resource_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    resource = _managed(request, pk) if pk else None
    kind = resource.kind if resource else request.GET.get("kind", request.POST.get("kind", Kind.ROOM))
    if kind not in _managed_kinds(request.user):
        raise Http404
    form = ResourceForm(request.POST or None, instance=resource, kind=kind)
    block_form = BlockForm(initial={"day": timezone.localdate(), "end_day": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        saved = form.save(commit=False)
        saved.kind = kind
        saved.save()
        form.save_m2m()
        messages.success(request, _("Saved."))
        return redirect("reservations:resource_edit", pk=saved.pk)
    return render(request, "reservations/resource_edit.html", {
        "form": form, "resource": resource, "kind": kind, "block_form": block_form,
        "door_url": absolute_url(reverse("reservations:door_display", args=[resource_token(resource)]))
        if resource else "",
        "feed_url": absolute_url(reverse("reservations:resource_feed", args=[resource_token(resource)]))
        if resource else "",
    })


@require_POST
@login_required
@bookings_enabled
def resource_token_renew_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource_token_renew(_managed(request, pk))
    messages.success(request, _("New addresses made; the old door display and feed addresses no longer work."))
    return redirect("reservations:resource_edit", pk=pk)


@require_POST
@login_required
@bookings_enabled
def block_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    resource = _managed(request, pk)
    form = BlockForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            affected = block_create(by=request.user, resource=resource, reason=data["reason"],
                                    start=local_datetime(data["day"], data["start"]),
                                    end=local_datetime(data["end_day"], data["end"]))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            if affected:
                messages.warning(request, ngettext(
                    "Blocked. %(n)s booking lies in that time; its people were told.",
                    "Blocked. %(n)s bookings lie in that time; their people were told.", len(affected),
                ) % {"n": len(affected)})
            else:
                messages.success(request, _("Blocked."))
            return redirect("reservations:resource_edit", pk=pk)
    return render(request, "reservations/resource_edit.html", {
        "form": ResourceForm(instance=resource, kind=resource.kind), "resource": resource, "kind": resource.kind,
        "block_form": form,
        "door_url": absolute_url(reverse("reservations:door_display", args=[resource_token(resource)])),
        "feed_url": absolute_url(reverse("reservations:resource_feed", args=[resource_token(resource)])),
    })


@require_POST
@login_required
@bookings_enabled
def block_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.select_related("resource"), pk=pk)
    _managed(request, block.resource_id)
    block.delete()
    messages.success(request, _("The block was removed."))
    return redirect("reservations:resource_edit", pk=block.resource_id)


class LicenceCheckForm(forms.Form):
    driver = forms.CharField(label=gettext_lazy("Driver (user name)"), max_length=150)
    checked_on = forms.DateField(label=gettext_lazy("Licence seen on"), widget=DateInput)
    classes = forms.CharField(label=gettext_lazy("Classes"), max_length=40, initial="B")

    def clean_driver(self) -> User:
        username = self.cleaned_data["driver"].strip()
        driver = User.objects.filter(username=username, is_active=True).first()
        if driver is None:
            raise ValidationError(_("Nobody active has this user name."))
        return driver


@require_http_methods(["GET", "POST"])
@login_required
@bookings_enabled
def licence_checks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Fleet managers: record that a licence was seen; everyone checked, with the lapsed ones first."""
    require(request.user, "reservations.check_licences")
    form = LicenceCheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            licence_check_record(by=request.user, driver=data["driver"], checked_on=data["checked_on"],
                                 classes=data["classes"])
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Recorded: %(name)s.") % {"name": data["driver"].display_name})
            return redirect("reservations:licence_checks")
    drivers = (User.objects.filter(licence_checks__isnull=False).annotate(last_check=Max("licence_checks__checked_on"))
               .order_by("last_check", "last_name"))
    page = Paginator(drivers, 50).get_page(request.GET.get("page"))
    rows = [(d, licence_lapses_on(d.last_check)) for d in page.object_list]
    return render(request, "reservations/licence_checks.html", {
        "form": form, "page": page, "rows": rows, "today": timezone.localdate()})


@require_GET
@login_required
@bookings_enabled
def fleet_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Per car and month: trips, kilometres, gaps in the odometer, damage reported; CSV for the books."""
    if not may(request.user, "reservations.manage_resources", Kind.CAR):
        raise Http404
    first = sane_month(request.GET.get("month", "")) or timezone.localdate().replace(day=1)
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    zone = timezone.get_current_timezone()
    entries = (LogbookEntry.objects.filter(booking__start__gte=datetime.combine(first, time(), tzinfo=zone),
                                           booking__start__lt=datetime.combine(following, time(), tzinfo=zone))
               .select_related("car", "driver", "booking").order_by("car__name", "booking__start"))
    if (car_id := whole_number(request.GET.get("car"))) is not None:
        entries = entries.filter(car_id=car_id)
    if request.GET.get("format") == "csv":
        def rows():
            yield ["Fahrzeug", "Kennzeichen", "Beginn", "Ende", "Fahrer/in", "Ziel", "Zweck", "km Beginn", "km Ende",
                   "km", "Lücke km", "Tank/Ladung %", "Schäden"]
            for e in entries.iterator(chunk_size=500):
                yield [e.car.name, e.car.licence_plate, e.booking.start, e.booking.end, e.driver.display_name,
                       e.booking.destination, e.booking.purpose, e.odometer_start, e.odometer_end, e.distance,
                       e.gap_km, e.fuel_level, e.damage]
        return csv_response(rows(), f"fahrtenbuch-{first:%Y-%m}")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    totals = {row["car_id"]: (row["km"], row["gaps"]) for row in entries.order_by().values("car_id").annotate(
        km=Sum(F("odometer_end") - F("odometer_start")), gaps=Count("pk", filter=~Q(gap_km=0)))}
    cars = Resource.objects.filter(kind=Kind.CAR).order_by("name")
    return render(request, "reservations/fleet_report.html", {
        "page": page, "month": first, "cars": cars, "car_id": car_id,
        "summary": [(c, *totals[c.pk]) for c in cars if c.pk in totals]})
