"""Business-trip pages: apply with the adapting form, approve, the printable approval, claim with a
receipt, who may fetch the receipt."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intranet.approvals.workflow import step_decide
from tests.factories import make_licence_check, make_resource
from timekeeping.travel.models import Receipt, Trip, TripState

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_apply_approve_print_and_claim(client, cast) -> None:
    day = timezone.localdate() + timedelta(days=10)
    car = make_resource("car", name="ID.3")
    make_licence_check(cast.ada, timezone.localdate() - timedelta(days=3), cast.fred)
    client.force_login(cast.ada)
    form = {"destination": "Kassel", "purpose": "Fachtagung", "start_day": day.isoformat(), "start_time": "07:00",
            "end_day": day.isoformat(), "end_time": "18:00", "transport": "pool_car", "tickets": "0", "lodging": "0",
            "fees": "25", "advance": "0"}
    fields = client.get("/dienstreisen/neu/", {**form}, HTTP_HX_REQUEST="true").content.decode()
    assert "ID.3" in fields  # the free pool cars for those hours
    missing_car = client.post("/dienstreisen/neu/", form)
    assert missing_car.status_code == 200 and "freien Dienstwagen" in missing_car.content.decode()
    assert 'value="Kassel"' in missing_car.content.decode()  # nothing typed is lost
    response = client.post("/dienstreisen/neu/", {**form, "car": car.pk})
    trip = Trip.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/dienstreisen/{trip.pk}/"
    client.force_login(cast.dan)
    assert client.get(f"/dienstreisen/{trip.pk}/").status_code == 404
    client.force_login(cast.ben)
    assert client.get(f"/dienstreisen/{trip.pk}/").status_code == 200  # the approver sees it
    step_decide(by=cast.ben, step_id=trip.approval.steps.get().pk, approve=True)
    client.force_login(cast.ada)
    page = client.get(f"/dienstreisen/{trip.pk}/").content.decode()
    assert "Dienstreisegenehmigung" in page and "Genehmigt von Ben Bauer" in page and "ID.3" in page
    # After the trip: the claim with a receipt.
    Trip.objects.filter(pk=trip.pk).update(start=trip.start - timedelta(days=20), end=trip.end - timedelta(days=20))
    trip.refresh_from_db()
    start, end = timezone.localtime(trip.start), timezone.localtime(trip.end)
    claim = {"start_day": start.date().isoformat(), "start_time": "07:00", "end_day": end.date().isoformat(),
             "end_time": "18:00", "business_hours": "6", "fees": "25", "tickets": "0", "lodging": "0"}
    bad = client.post(f"/dienstreisen/{trip.pk}/abrechnung/", {
        **claim, "receipts": SimpleUploadedFile("x.pdf", b"MZ\x90", content_type="application/pdf")})
    assert bad.status_code == 200 and "nur PDF" in bad.content.decode()
    good = client.post(f"/dienstreisen/{trip.pk}/abrechnung/", {
        **claim, "receipts": SimpleUploadedFile("tagung.pdf", PDF, content_type="application/pdf")})
    assert good.status_code == 302
    receipt = Receipt.objects.get()
    assert client.get(f"/dienstreisen/belege/{receipt.pk}/").status_code == 200
    client.force_login(cast.dan)
    assert client.get(f"/dienstreisen/belege/{receipt.pk}/").status_code == 404
    client.force_login(cast.ali)  # the administrator runs the system, not the travel costs
    assert client.get(f"/dienstreisen/belege/{receipt.pk}/").status_code == 404
    assert client.get(f"/dienstreisen/{trip.pk}/").status_code == 404
    client.force_login(cast.ben)  # who approved the trip
    assert client.get(f"/dienstreisen/belege/{receipt.pk}/").status_code == 200
    client.force_login(cast.hanna)
    assert client.get(f"/dienstreisen/belege/{receipt.pk}/").status_code == 200
    trip.refresh_from_db()
    assert trip.state == TripState.APPROVED and trip.claim.total == 14 + 25


def test_trips_module_switch(client, cast, settings) -> None:
    settings.MODULES = ["time", "leave"]
    client.force_login(cast.ada)
    assert client.get("/dienstreisen/").status_code == 404


def test_trip_api_apply_cancel_and_claim(cast) -> None:
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.ada)
    start = timezone.localtime() + timedelta(days=5)
    payload = {"destination": "Darmstadt", "purpose": "Schulung", "start": start.isoformat(),
               "end": (start + timedelta(hours=9)).isoformat(), "fees": "120.00"}
    created = api.post("/api/v1/trips/", payload, format="json")
    assert created.status_code == 201 and created.json()["state"] == "submitted"
    bad = api.post("/api/v1/trips/", {**payload, "end": payload["start"]}, format="json")
    assert bad.status_code == 400 and "end" in bad.json()
    negative = api.post("/api/v1/trips/", {**payload, "fees": "-1"}, format="json")
    assert negative.status_code == 400 and "fees" in negative.json()
    pk = created.json()["id"]
    other = APIClient()
    other.force_authenticate(cast.dan)
    assert other.post(f"/api/v1/trips/{pk}/cancel/").status_code == 404
    assert api.post(f"/api/v1/trips/{pk}/cancel/").json()["state"] == "cancelled"
    # A past, approved trip: claim by API, preview first.
    trip = Trip.objects.get(pk=pk)
    Trip.objects.filter(pk=pk).update(state=TripState.APPROVED, start=trip.start - timedelta(days=10),
                                      end=trip.end - timedelta(days=10))
    trip.refresh_from_db()
    claim = {"actual_start": trip.start.isoformat(), "actual_end": trip.end.isoformat(), "business_hours": "7",
             "fees": "120.00", "meals": {timezone.localtime(trip.start).date().isoformat(): ["lunch"]}}
    preview = api.post(f"/api/v1/trips/{pk}/claim/", {**claim, "preview": True}, format="json")
    assert preview.status_code == 200 and any("Kürzung" in line["text"] for line in preview.json())
    assert api.post(f"/api/v1/trips/{pk}/claim/", {**claim, "meals": {"kaputt": ["lunch"]}},
                    format="json").status_code == 400
    submitted = api.post(f"/api/v1/trips/{pk}/claim/", claim, format="json")
    assert submitted.status_code == 201 and submitted.json()["total"] == "122.80"  # 14 - 11.20 + 120
    assert api.get(f"/api/v1/trips/{pk}/claim/").json()["state"] == "submitted"


def test_trip_lists_take_the_same_queries_for_one_trip_and_for_many(client, cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(cast.ada)
    client.force_login(cast.ada)

    def queries() -> tuple[int, int]:
        counts = []
        for get in (lambda: api.get("/api/v1/trips/"), lambda: client.get("/dienstreisen/")):
            with CaptureQueriesContext(connection) as captured:
                assert get().status_code == 200
            counts.append(len(captured))
        return tuple(counts)

    def approved_trip(days_ago: int) -> None:
        start = timezone.localtime() - timedelta(days=days_ago)
        Trip.objects.create(person=cast.ada, destination="Kassel", purpose="Fachtagung", start=start,
                            end=start + timedelta(hours=9), state=TripState.APPROVED)

    approved_trip(3)
    one = queries()
    for days_ago in range(4, 10):  # each row shows its claim deadline from the rates of its day
        approved_trip(days_ago)
    assert queries() == one


def _approved_course(person, hr):
    from decimal import Decimal

    from intranet.approvals.models import StepState
    from timekeeping.travel.trainings import TrainingInput, training_request

    start = timezone.localdate() + timedelta(days=21)
    training = training_request(by=person, data=TrainingInput(
        course="Vergaberecht", provider="HVS", start=start, end=start, place="Darmstadt", reason="Neue Aufgaben",
        fee=Decimal("300"), needs_travel=True))
    for _level in range(2):
        step = training.approval.steps.get(state=StepState.OPEN)
        step_decide(by=step.approver or hr, step_id=step.pk, approve=True)
    training.refresh_from_db()
    return training


def test_a_bad_course_link_is_a_form_error_and_saves_no_trip(client, cast) -> None:
    from timekeeping.travel.models import Training

    course = _approved_course(cast.ada, cast.hanna)
    others = _approved_course(cast.carl, cast.hanna)
    day = course.start.isoformat()
    form = {"destination": "Darmstadt", "purpose": "Fortbildung", "start_day": day, "start_time": "07:00",
            "end_day": day, "end_time": "18:00", "transport": "public"}
    client.force_login(cast.ada)
    for bad in ("abc", "²", "9" * 30, str(others.pk), "-1"):
        response = client.post("/dienstreisen/neu/", {**form, "training": bad})
        assert response.status_code == 200, bad
        page = response.content.decode()
        assert "Fortbildung ist nicht bekannt" in page or "nicht mit der Fortbildung verbunden" in page, bad
        assert not Trip.objects.exists(), bad
    assert Training.objects.get(pk=others.pk).trip is None
    assert client.post("/dienstreisen/neu/", {**form, "training": course.pk}).status_code == 302
    course.refresh_from_db()
    assert course.trip == Trip.objects.get()
    again = client.post("/dienstreisen/neu/", {**form, "training": course.pk})  # the course has its trip
    assert again.status_code == 200 and Trip.objects.count() == 1


def test_the_api_links_the_course_through_the_same_service(cast) -> None:
    from rest_framework.test import APIClient

    course = _approved_course(cast.ada, cast.hanna)
    api = APIClient()
    api.force_authenticate(cast.ada)
    start = timezone.localtime().replace(microsecond=0) + timedelta(days=21)
    payload = {"destination": "Darmstadt", "purpose": "Fortbildung", "start": start.isoformat(),
               "end": (start + timedelta(hours=9)).isoformat()}
    for bad in ("abc", 0, 2**40):
        refused = api.post("/api/v1/trips/", {**payload, "training": bad}, format="json")
        assert refused.status_code == 400 and "training" in refused.json(), bad
    foreign = _approved_course(cast.carl, cast.hanna)
    refused = api.post("/api/v1/trips/", {**payload, "training": foreign.pk}, format="json")
    assert refused.status_code == 400 and "training" in refused.json()
    assert not Trip.objects.exists()
    created = api.post("/api/v1/trips/", {**payload, "training": course.pk}, format="json")
    assert created.status_code == 201
    course.refresh_from_db()
    assert course.trip_id == created.json()["id"]


def test_calling_off_an_approved_trip_asks_first_and_changes_nothing_until_confirmed(client, cast) -> None:
    day = timezone.localdate() + timedelta(days=10)
    client.force_login(cast.ada)
    client.post("/dienstreisen/neu/", {
        "destination": "Kassel", "purpose": "Fachtagung", "start_day": day.isoformat(), "start_time": "07:00",
        "end_day": day.isoformat(), "end_time": "18:00", "transport": "public", "tickets": "0", "lodging": "0",
        "fees": "0", "advance": "0"})
    trip = Trip.objects.get()
    step_decide(by=cast.ben, step_id=trip.approval.steps.get().pk, approve=True)
    asked = client.post(f"/dienstreisen/{trip.pk}/absagen/")
    assert asked.status_code == 200 and "Diese Dienstreise absagen?" in asked.content.decode()
    assert "nach Kassel" in asked.content.decode()
    trip.refresh_from_db()
    assert trip.state == TripState.APPROVED
    assert client.post(f"/dienstreisen/{trip.pk}/absagen/", {"confirm": "yes"}).status_code == 302
    trip.refresh_from_db()
    assert trip.state != TripState.APPROVED
