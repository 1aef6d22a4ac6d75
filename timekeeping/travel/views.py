"""Business-trip pages: my trips, apply (the form adapts to the means of transport), the approval page
to print, call off, the travel-cost claim with receipts, and a receipt for those who may see it."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intranet.core.downloads import file_download
from intranet.core.http import AuthenticatedHttpRequest, act, ask_first, local_datetime, show_errors, whole_number
from intranet.core.modules import module_required
from intranet.core.permissions import fetch, may
from intranet.core.widgets import PLEASE_CHOOSE, DateInput, TimeInput

from .models import Receipt, Transport, Trip, TripState
from .trips import (
    MAX_AMOUNT,
    ClaimInput,
    TripInput,
    claim_submit,
    deadline_of,
    free_cars,
    rule_sets,
    trip_apply,
    trip_cancel,
)

MONEY: dict[str, Any] = {"min_value": Decimal(0), "max_value": MAX_AMOUNT, "decimal_places": 2, "required": False,
         "initial": Decimal(0)}


class TripForm(forms.Form):
    destination = forms.CharField(label=gettext_lazy("Destination"), max_length=200)
    purpose = forms.CharField(label=gettext_lazy("Purpose"), max_length=300)
    start_day = forms.DateField(label=gettext_lazy("Departure (day)"), widget=DateInput)
    start_time = forms.TimeField(label=gettext_lazy("Departure (time)"), widget=TimeInput)
    end_day = forms.DateField(label=gettext_lazy("Return (day)"), widget=DateInput)
    end_time = forms.TimeField(label=gettext_lazy("Return (time)"), widget=TimeInput)
    abroad = forms.BooleanField(label=gettext_lazy("Abroad"), required=False)
    transport = forms.ChoiceField(label=gettext_lazy("Means of transport"), choices=Transport.choices)
    car = forms.TypedChoiceField(label=gettext_lazy("Pool car"), coerce=int, required=False, empty_value=None)
    distance_km = forms.IntegerField(label=gettext_lazy("Distance there and back (km)"), min_value=0,
                                     max_value=20000, required=False, initial=0)
    transport_reason = forms.CharField(label=gettext_lazy("Reason for the private car or the flight"),
                                       max_length=300, required=False,
                                       help_text=gettext_lazy("With a good reason the private car is paid at "
                                                              "0.35 €/km, without at 0.21 €/km."))
    tickets = forms.DecimalField(label=gettext_lazy("Tickets (estimated, €)"), **MONEY)
    lodging = forms.DecimalField(label=gettext_lazy("Lodging (estimated, €)"), **MONEY)
    fees = forms.DecimalField(label=gettext_lazy("Fees (estimated, €)"), **MONEY)
    advance = forms.DecimalField(label=gettext_lazy("Advance payment wanted (€)"), **MONEY)
    # The course the trip goes to, when applied from its page (a hidden field: its errors are the form's).
    training = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, cars=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["car"].choices = [("", PLEASE_CHOOSE)] + [(c.pk, str(c)) for c in cars]

    def clean(self) -> dict:
        data = super().clean()
        raw = (data.get("training") or "").strip()
        data["training"] = whole_number(raw)
        if raw and (data["training"] is None or not 0 < data["training"] < 2**31):
            data["training"] = None
            self.add_error(None, _("The course to link is not known; please open the trip from the course's "
                                   "page again."))
        return data

    def span(self) -> tuple[datetime, datetime] | None:
        data = self.cleaned_data
        if all(data.get(k) for k in ("start_day", "start_time", "end_day", "end_time")):
            return (local_datetime(data["start_day"], data["start_time"]),
                    local_datetime(data["end_day"], data["end_time"]))
        return None


def _cars_for(request: AuthenticatedHttpRequest, data) -> list:
    """The pool cars free for the span typed so far (the form lists them when the pool car is chosen)."""
    probe = TripForm(data)
    probe.is_valid()
    span = probe.span()
    if span is None or span[1] <= span[0]:
        return []
    return list(free_cars(request.user, *span))


@require_http_methods(["GET", "POST"])
@login_required
@module_required("trips")
def trip_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = request.POST or request.GET or None
    cars = _cars_for(request, data) if data else []
    # A linked trip (e.g. to an approved course) arrives prefilled by the link's query.
    prefill = {k: v for k, v in request.GET.items() if k in TripForm.base_fields} if not request.htmx else {}
    form = TripForm(request.POST or None, cars=cars, initial={"transport": Transport.PUBLIC, **prefill})
    if request.htmx and request.method == "GET":  # the means of transport changed: only its fields again
        form = TripForm(request.GET, cars=cars)
        return render(request, "travel/_trip_transport.html", {"form": form, "cars": cars})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        start, end = form.span()
        try:
            trip = trip_apply(by=request.user, data=TripInput(
                destination=data["destination"], purpose=data["purpose"], start=start, end=end,
                transport=data["transport"], transport_reason=data["transport_reason"],
                distance_km=data["distance_km"] or 0, car_id=data["car"], abroad=data["abroad"],
                tickets=data["tickets"] or 0, lodging=data["lodging"] or 0, fees=data["fees"] or 0,
                advance=data["advance"] or 0, training_id=data["training"]))
        except ValidationError as exc:
            show_errors(form, exc, {"start": "start_day", "end": "end_day", "training": None})  # hidden: above
        else:
            messages.success(request, _("Your trip was sent for approval."))
            return redirect("trips:trip_detail", pk=trip.pk)
    return render(request, "travel/trip_form.html", {"form": form, "cars": cars})


@require_GET
@login_required
@module_required("trips")
def trip_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    trips = Trip.objects.filter(person=request.user).select_related("claim").order_by("-start")
    page = Paginator(trips, 25).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rates = rule_sets()
    rows = [(t, deadline_of(t, rates) if t.state == TripState.APPROVED and not hasattr(t, "claim") else None)
            for t in page.object_list]
    return render(request, "travel/trip_list.html", {"page": page, "rows": rows, "today": today})


def _trip_for(request: AuthenticatedHttpRequest, pk: int) -> Trip:
    """The traveller's own trip, or one whose approval the user may see (approvers, HR); else 404."""
    trip = fetch(Trip.objects.select_related("person", "car", "approval", "claim__approval"), pk, request.user,
                 "timekeeping.view_trip", hide=True)
    return trip


@require_GET
@login_required
@module_required("trips")
def trip_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trip = _trip_for(request, pk)
    claim = getattr(trip, "claim", None)
    now = timezone.now()
    return render(request, "travel/trip_detail.html", {
        "trip": trip, "claim": claim, "own": trip.person_id == request.user.pk,
        "may_cancel": trip.person_id == request.user.pk and trip.state in (TripState.SUBMITTED, TripState.APPROVED)
        and trip.start > now,
        "may_claim": trip.person_id == request.user.pk and trip.state == TripState.APPROVED and trip.end <= now
        and (claim is None or claim.state == "rejected"),
        "deadline": deadline_of(trip), "decided": trip.approval.events.filter(kind="approved").select_related(
            "actor").order_by("at") if trip.state == TripState.APPROVED else [],
    })


@require_POST
@login_required
@module_required("trips")
def trip_cancel_view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trip = _trip_for(request, pk)
    if trip.state == TripState.APPROVED and (asking := ask_first(  # an approved trip: ask first
        request, title=_("Call this business trip off?"),
        text=_("The approved business trip to %(dest)s on %(date)s is called off; its approvers are told and a "
               "booked pool car is released.") % {
            "dest": trip.destination, "date": date_format(timezone.localtime(trip.start), "SHORT_DATE_FORMAT")},
        button=_("Call the trip off"), back=reverse("trips:trip_detail", args=[trip.pk]),
    )):
        return asking
    act(request, lambda: trip_cancel(by=request.user, trip_id=trip.pk), _("The trip was called off."))
    return redirect("trips:trip_detail", pk=trip.pk)


class ClaimForm(forms.Form):
    start_day = forms.DateField(label=gettext_lazy("Departure (day)"), widget=DateInput)
    start_time = forms.TimeField(label=gettext_lazy("Departure (time)"), widget=TimeInput)
    end_day = forms.DateField(label=gettext_lazy("Return (day)"), widget=DateInput)
    end_time = forms.TimeField(label=gettext_lazy("Return (time)"), widget=TimeInput)
    business_hours = forms.DecimalField(label=gettext_lazy("Hours of business at the destination"),
                                        min_value=Decimal(0), max_value=Decimal(500), decimal_places=2)
    private_km = forms.IntegerField(label=gettext_lazy("Kilometres driven with the private car"), min_value=0,
                                    max_value=20000, required=False, initial=0)
    tickets = forms.DecimalField(label=gettext_lazy("Tickets (€)"), **MONEY)
    lodging = forms.DecimalField(label=gettext_lazy("Lodging (€)"), **MONEY)
    fees = forms.DecimalField(label=gettext_lazy("Fees (€)"), **MONEY)
    meals = forms.MultipleChoiceField(label=gettext_lazy("Meals provided"), required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, days=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        names = {"breakfast": _("breakfast"), "lunch": _("lunch"), "dinner": _("dinner")}
        self.fields["meals"].choices = [(f"{d.isoformat()}:{m}", f"{d:%d.%m.}: {label}")
                                        for d in days for m, label in names.items()]


def _days(trip: Trip) -> list:
    from datetime import timedelta

    start, end = timezone.localtime(trip.start).date(), timezone.localtime(trip.end).date()
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


@require_http_methods(["GET", "POST"])
@login_required
@module_required("trips")
def claim_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    trip = get_object_or_404(Trip, pk=pk, person=request.user)
    start, end = timezone.localtime(trip.start), timezone.localtime(trip.end)
    form = ClaimForm(request.POST or None, days=_days(trip), initial={
        "start_day": start.date(), "start_time": start.time(), "end_day": end.date(), "end_time": end.time(),
        "private_km": trip.distance_km})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        meals: dict[str, list[str]] = {}
        for item in data["meals"]:
            day, _sep, meal = item.partition(":")
            meals.setdefault(day, []).append(meal)
        try:
            claim = claim_submit(by=request.user, trip_id=trip.pk, receipts=request.FILES.getlist("receipts"),
                                 data=ClaimInput(
                                     actual_start=local_datetime(data["start_day"], data["start_time"]),
                                     actual_end=local_datetime(data["end_day"], data["end_time"]),
                                     business_hours=data["business_hours"], private_km=data["private_km"] or 0,
                                     tickets=data["tickets"] or 0, lodging=data["lodging"] or 0,
                                     fees=data["fees"] or 0, meals=meals))
        except ValidationError as exc:
            show_errors(form, exc, {"actual_start": "start_day", "actual_end": "end_day"})
        else:
            messages.success(request, _("Your claim was sent to the travel-cost office: %(total)s €.") % {
                "total": number_format(claim.total, 2)})
            return redirect("trips:trip_detail", pk=trip.pk)
    return render(request, "travel/claim_form.html", {"form": form, "trip": trip, "deadline": deadline_of(trip)})


@require_GET
@login_required
@module_required("trips")
def receipt(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A receipt: to the traveller, those deciding on the claim, and HR; 404 for anyone else."""
    item = get_object_or_404(Receipt.objects.select_related("claim__trip__approval", "claim__approval"), pk=pk)
    if not may(request.user, "timekeeping.view_claim", item.claim):
        raise Http404
    return file_download(item.file.open("rb"), item.name, item.content_type)

