"""Training: supervisor then HR, the absence it creates, the certificate, the budget per unit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intranet.approvals.models import StepState
from intranet.approvals.workflow import step_decide
from timekeeping.leave.models import LeaveRequest
from timekeeping.travel.models import TrainingBudget, TrainingState
from timekeeping.travel.trainings import TrainingInput, budget_lines, certificate_upload, training_request

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def monday_in(weeks: int) -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 * weeks - today.weekday())


def test_training_goes_to_the_supervisor_then_hr_and_becomes_an_absence(cast) -> None:
    start = monday_in(3)
    training = training_request(by=cast.ada, data=TrainingInput(
        course="Verwaltungsrecht kompakt", provider="HVS", start=start, end=start + timedelta(days=2),
        place="Wiesbaden", reason="Neue Aufgaben im Bürgerbüro", fee=Decimal("450"), travel_costs=Decimal("60")))
    step = training.approval.steps.get(state=StepState.OPEN)
    assert step.approver == cast.ben
    step_decide(by=cast.ben, step_id=step.pk, approve=True)
    step = training.approval.steps.get(state=StepState.OPEN)
    assert step.approver_role == "hr"
    step_decide(by=cast.hanna, step_id=step.pk, approve=True)
    training.refresh_from_db()
    assert training.state == TrainingState.APPROVED
    absence = LeaveRequest.objects.get(pk=training.absence_id)
    assert (absence.leave_type.code, absence.days, absence.state) == ("fortbildung", 3, "approved")
    with pytest.raises(PermissionDenied):
        certificate_upload(by=cast.carl, training_id=training.pk,
                           upload=SimpleUploadedFile("z.pdf", PDF, content_type="application/pdf"))
    with pytest.raises(ValidationError):
        certificate_upload(by=cast.ada, training_id=training.pk,
                           upload=SimpleUploadedFile("z.pdf", b"GIF89a", content_type="application/pdf"))
    certificate_upload(by=cast.ada, training_id=training.pk,
                       upload=SimpleUploadedFile("zertifikat.pdf", PDF, content_type="application/pdf"))
    training.refresh_from_db()
    assert training.certificate and training.certificate_type == "application/pdf"


@pytest.mark.parametrize(("changes", "field"), [
    ({"end": -1}, "end"), ({"start": -30}, "start"), ({"fee": Decimal("-1")}, "fee"), ({"course": " "}, "course"),
])
def test_bad_training_requests(cast, changes, field) -> None:
    start = monday_in(3)
    data = TrainingInput(course="Kurs", provider="HVS", start=start, end=start, place="Kassel", reason="Nutzen")
    for name, value in changes.items():
        if name == "end":
            data.end = start - timedelta(days=1)
        elif name == "start":
            data.start = start - timedelta(days=60)
            data.end = data.start
        else:
            setattr(data, name, value)
    with pytest.raises(ValidationError) as refused:
        training_request(by=cast.ada, data=data)
    assert field in refused.value.message_dict


def test_budget_planned_committed_spent(cast) -> None:
    year = timezone.localdate().year
    TrainingBudget.objects.create(unit=cast.sg_a, year=year, planned=Decimal("2000"))
    start, new_year = date(year, 12, 1), date(year, 1, 1)  # seen from 1 January: the course is still to come
    training = training_request(by=cast.ada, today=new_year, data=TrainingInput(
        course="Kurs", provider="HVS", start=start, end=start, place="Kassel", reason="Nutzen", fee=Decimal("500")))
    (line,) = budget_lines(year, [cast.sg_a], today=new_year)
    assert (line.planned, line.committed, line.left) == (Decimal("2000"), 0, Decimal("2000"))
    for _level in range(2):
        step = training.approval.steps.get(state=StepState.OPEN)
        step_decide(by=cast.ben if step.approver_id else cast.hanna, step_id=step.pk, approve=True)
    (line,) = budget_lines(year, [cast.sg_a], today=new_year)
    assert (line.committed, line.spent, line.left) == (Decimal("500"), 0, Decimal("1500"))
    (line,) = budget_lines(year, [cast.sg_a], today=date(year, 12, 31))
    assert (line.committed, line.spent) == (0, Decimal("500"))


def test_training_pages_api_and_who_sees_budgets_and_reports(client, cast) -> None:
    from rest_framework.test import APIClient

    start = monday_in(3)
    client.force_login(cast.ada)
    form = {"course": "Excel für Fortgeschrittene", "provider": "VHS", "start": start.isoformat(),
            "end": start.isoformat(), "place": "Darmstadt", "fee": "180", "travel_costs": "20",
            "reason": "Haushaltsplanung", "needs_travel": "on"}
    bad = client.post("/dienstreisen/fortbildungen/", {**form, "end": (start - timedelta(days=1)).isoformat()})
    assert bad.status_code == 200 and 'value="Excel für Fortgeschrittene"' in bad.content.decode()
    response = client.post("/dienstreisen/fortbildungen/", form)
    assert response.status_code == 302
    api = APIClient()
    api.force_authenticate(cast.ada)
    assert api.get("/api/v1/trainings/").json()["count"] == 1
    created = api.post("/api/v1/trainings/", {**{k: v for k, v in form.items() if k != "needs_travel"},
                                              "course": "Zweiter Kurs"}, format="json")
    assert created.status_code == 201
    assert api.post("/api/v1/trainings/", {**form, "fee": "-3"}, format="json").status_code == 400
    training = cast.ada.trainings.get(course="Excel für Fortgeschrittene")
    client.force_login(cast.dan)
    assert client.get(f"/dienstreisen/fortbildungen/{training.pk}/").status_code == 404
    assert client.get("/dienstreisen/fortbildungen/budgets/").status_code == 404
    assert client.get("/dienstreisen/fortbildungen/uebersicht/").status_code == 403
    client.force_login(cast.ben)
    assert "SG-A" in client.get("/dienstreisen/fortbildungen/budgets/").content.decode()
    client.force_login(cast.hanna)
    csv = client.get("/dienstreisen/fortbildungen/uebersicht/", {"year": start.year, "format": "csv"})
    assert "Excel für Fortgeschrittene" in b"".join(csv.streaming_content).decode("utf-8-sig")
    assert client.get("/dienstreisen/fortbildungen/uebersicht/", {"year": "kaputt"}).status_code == 200
    # Approved with travel: the course offers the linked trip, prefilled.
    for _level in range(2):
        step = training.approval.steps.get(state=StepState.OPEN)
        step_decide(by=cast.ben if step.approver_id else cast.hanna, step_id=step.pk, approve=True)
    client.force_login(cast.ada)
    page = client.get(f"/dienstreisen/fortbildungen/{training.pk}/").content.decode()
    assert "Dienstreise dazu beantragen" in page
    trip_form = client.get("/dienstreisen/neu/", {"destination": "Darmstadt", "purpose": "Fortbildung: Excel",
                                                  "training": training.pk})
    assert 'value="Darmstadt"' in trip_form.content.decode()
    day = start.isoformat()
    client.post("/dienstreisen/neu/", {"destination": "Darmstadt", "purpose": "Fortbildung: Excel", "start_day": day,
                                       "start_time": "07:00", "end_day": day, "end_time": "18:00",
                                       "transport": "public", "training": training.pk})
    training.refresh_from_db()
    assert training.trip is not None and training.trip.destination == "Darmstadt"
