"""Training pages: my courses and the request, a course with its certificate and the offer of a linked
business trip, HR's list of courses with export, the budgets of the units one leads."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from directory.models import OrgUnit
from intranet.core.downloads import csv_response, file_download
from intranet.core.http import AuthenticatedHttpRequest, act, show_errors, whole_number
from intranet.core.modules import module_required
from intranet.core.permissions import fetch, may, require
from intranet.core.widgets import DateInput

from .models import Training, TrainingState
from .trainings import TrainingInput, budget_lines, certificate_upload, training_request

MONEY: dict[str, Any]  # field options of mixed types
MONEY = {"min_value": Decimal(0), "max_value": Decimal("100000"), "decimal_places": 2, "required": False,
         "initial": Decimal(0)}


class TrainingForm(forms.Form):
    course = forms.CharField(label=gettext_lazy("Course"), max_length=200)
    provider = forms.CharField(label=gettext_lazy("Provider"), max_length=200)
    start = forms.DateField(label=gettext_lazy("First day"), widget=DateInput)
    end = forms.DateField(label=gettext_lazy("Last day"), widget=DateInput)
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200)
    fee = forms.DecimalField(label=gettext_lazy("Course fee (€)"), **MONEY)
    travel_costs = forms.DecimalField(label=gettext_lazy("Travel costs (estimated, €)"), **MONEY)
    reason = forms.CharField(label=gettext_lazy("Reason or benefit"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    mandatory = forms.BooleanField(label=gettext_lazy("Mandatory for my post"), required=False)
    needs_travel = forms.BooleanField(label=gettext_lazy("Travel is needed"), required=False)


@require_http_methods(["GET", "POST"])
@login_required
@module_required("trips")
def trainings(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            training = training_request(by=request.user, data=TrainingInput(
                **{k: data[k] for k in ("course", "provider", "start", "end", "place", "reason", "mandatory",
                                        "needs_travel")}, fee=data["fee"] or 0, travel_costs=data["travel_costs"] or 0))
        except ValidationError as exc:
            show_errors(form, exc)
        else:
            messages.success(request, _("Your training request was sent to your supervisor."))
            return redirect("trips:training_detail", pk=training.pk)
    page = Paginator(Training.objects.filter(person=request.user).order_by("-start"), 25).get_page(
        request.GET.get("page"))
    return render(request, "travel/trainings.html", {
        "form": form, "page": page, "may_manage": may(request.user, "timekeeping.manage_trainings"),
        "may_budget": may(request.user, "timekeeping.open_training_budgets")})


def _training_for(request: AuthenticatedHttpRequest, pk: int) -> Training:
    return fetch(Training.objects.select_related("person", "approval"), pk, request.user, "timekeeping.view_training",
                 hide=True)


@require_GET
@login_required
@module_required("trips")
def training_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    training = _training_for(request, pk)
    own = training.person_id == request.user.pk
    trip_url = ""
    if own and training.state == TrainingState.APPROVED and training.needs_travel and training.trip_id is None:
        trip_url = reverse("trips:trip_new") + "?" + urlencode({
            "destination": training.place, "purpose": f"Fortbildung: {training.course}",
            "start_day": training.start.isoformat(), "end_day": training.end.isoformat(),
            "start_time": "07:00", "end_time": "18:00", "transport": "public", "training": training.pk})
    if training.trip_id and own:
        trip_url = ""
    return render(request, "travel/training_detail.html", {
        "training": training, "own": own, "trip_url": trip_url,
        "may_upload": own and training.state == TrainingState.APPROVED})


@require_POST
@login_required
@module_required("trips")
def training_certificate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    training = _training_for(request, pk)
    upload = request.FILES.get("certificate")

    def add() -> None:
        if upload is None:
            raise ValidationError(_("Please choose the certificate file."))
        certificate_upload(by=request.user, training_id=training.pk, upload=upload)

    act(request, add, _("The certificate was added."))
    return redirect("trips:training_detail", pk=training.pk)


@require_GET
@login_required
@module_required("trips")
def training_certificate_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    training = _training_for(request, pk)
    if not training.certificate:
        raise Http404
    return file_download(training.certificate.open("rb"),
                         f"fortbildung-{training.pk}.{training.certificate_type.rsplit('/', 1)[-1]}",
                         training.certificate_type)


@require_GET
@login_required
@module_required("trips")
def training_report(request: AuthenticatedHttpRequest) -> HttpResponse:
    """HR: the courses per person of a year, and the same as CSV."""
    require(request.user, "timekeeping.manage_trainings")
    year = min(max(whole_number(request.GET.get("year")) or timezone.localdate().year, 1901), 8999)
    rows = (Training.objects.filter(start__year=year).select_related("person", "unit")
            .order_by("person__last_name", "person__first_name", "start"))
    if request.GET.get("format") == "csv":
        def lines():
            yield ["Personalnummer", "Name", "Organisationseinheit", "Kurs", "Anbieter", "Beginn", "Ende", "Ort",
                   "Gebühr", "Reisekosten", "Pflicht", "Status", "Nachweis"]
            for t in rows.iterator(chunk_size=500):
                yield [t.person.personnel_number, t.person.display_name, t.unit.code if t.unit else "", t.course,
                       t.provider, t.start, t.end, t.place, t.fee, t.travel_costs, t.mandatory,
                       t.get_state_display(), bool(t.certificate)]
        return csv_response(lines(), f"fortbildungen-{year}")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "travel/training_report.html", {"page": page, "year": year})


@require_GET
@login_required
@module_required("trips")
def training_budgets(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Planned, committed and spent per unit: HR sees all units, heads the units they lead."""
    year = timezone.localdate().year
    units = list(OrgUnit.objects.order_by("code"))
    visible = [u for u in units if may(request.user, "timekeeping.view_training_budget", u)]
    if not visible:
        raise Http404
    return render(request, "travel/training_budgets.html", {
        "lines": budget_lines(year, visible), "year": year})
