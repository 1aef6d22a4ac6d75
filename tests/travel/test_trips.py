"""Business trips: application, approval chain with the second step, the pool car booked and released,
the claim with its calculation, receipts, the deadline, the time credit."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from intranet.approvals.models import StepState
from intranet.approvals.workflow import step_decide
from reservations.models import Booking, BookingState
from tests.factories import make_licence_check, make_resource
from timekeeping.travel.models import Transport, TripState
from timekeeping.travel.trips import ClaimInput, TripInput, claim_submit, trip_apply, trip_cancel
from timekeeping.worktime.models import DayCredit, TimeEntry
from timekeeping.worktime.services import time_entry_create

BERLIN = ZoneInfo("Europe/Berlin")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def next_weekday(days_ahead: int = 7) -> date:
    day = timezone.localdate() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def decide(step_owner, request, approve=True):
    step = request.steps.get(state=StepState.OPEN)
    return step_decide(by=step_owner, step_id=step.pk, approve=approve, comment="" if approve else "nein")


def test_a_trip_goes_to_the_supervisor_and_abroad_also_to_the_head_of_department(cast) -> None:
    day = next_weekday()
    domestic = trip_apply(by=cast.ada, data=TripInput(destination="Kassel", purpose="Fachtagung",
                                                      start=at(day, 7), end=at(day, 18)))
    assert [s.approver for s in domestic.approval.steps.all()] == [cast.ben]
    decide(cast.ben, domestic.approval)
    domestic.refresh_from_db()
    assert domestic.state == TripState.APPROVED
    abroad = trip_apply(by=cast.ada, data=TripInput(destination="Wien", purpose="Städtepartnerschaft",
                                                    start=at(day, 6), end=at(day + timedelta(days=2), 20),
                                                    abroad=True, transport=Transport.FLIGHT,
                                                    transport_reason="8 Stunden Bahn je Richtung"))
    decide(cast.ben, abroad.approval)
    abroad.refresh_from_db()
    assert abroad.state == TripState.SUBMITTED  # now with Frank, Ben's supervisor
    assert abroad.approval.steps.get(state=StepState.OPEN).approver == cast.frank
    decide(cast.frank, abroad.approval)
    abroad.refresh_from_db()
    assert abroad.state == TripState.APPROVED
    costly = trip_apply(by=cast.ada, data=TripInput(destination="Berlin", purpose="Messe", start=at(day, 6),
                                                    end=at(day, 22), tickets=Decimal("600"), lodging=Decimal("450")))
    assert costly.approval.steps.count() == 1 and len(costly.approval.kind) > 0
    decide(cast.ben, costly.approval)
    costly.refresh_from_db()
    assert costly.state == TripState.SUBMITTED  # above 1,000 €: the second step follows


@pytest.mark.parametrize(("changes", "field"), [
    ({"end": -1}, "end"),
    ({"tickets": Decimal("-5")}, "tickets"),
    ({"transport": Transport.PRIVATE_CAR}, "distance_km"),
    ({"transport": Transport.FLIGHT}, "transport_reason"),
    ({"transport": Transport.POOL_CAR}, "car"),
    ({"start": -400}, "start"),
])
def test_bad_applications_say_why_and_save_nothing(cast, changes, field) -> None:
    from timekeeping.travel.models import Trip

    day = next_weekday()
    data = TripInput(destination="Kassel", purpose="Termin", start=at(day, 8), end=at(day, 16))
    for name, value in changes.items():
        if name == "end":
            data.end = data.start - timedelta(hours=1)
        elif name == "start":
            data.start = data.start - timedelta(days=400)
        else:
            setattr(data, name, value)
    with pytest.raises(ValidationError) as refused:
        trip_apply(by=cast.ada, data=data)
    assert field in refused.value.message_dict
    assert not Trip.objects.exists()


def test_the_pool_car_is_booked_on_approval_and_released_on_cancel(cast) -> None:
    day = next_weekday()
    car = make_resource("car", name="ID.3")
    make_licence_check(cast.ada, timezone.localdate() - timedelta(days=10), cast.fred)
    trip = trip_apply(by=cast.ada, data=TripInput(destination="Fulda", purpose="Termin", start=at(day, 8),
                                                  end=at(day, 15), transport=Transport.POOL_CAR, car_id=car.pk))
    assert not Booking.objects.exists()
    decide(cast.ben, trip.approval)
    trip.refresh_from_db()
    booking = trip.car_booking
    assert booking.resource == car and booking.state == BookingState.CONFIRMED and booking.destination == "Fulda"
    with pytest.raises(PermissionDenied):
        trip_cancel(by=cast.carl, trip_id=trip.pk)
    trip_cancel(by=cast.ada, trip_id=trip.pk)
    booking.refresh_from_db()
    assert booking.state == BookingState.CANCELLED
    # With the private car while a pool car is free: noted at once (no kilometre allowance).
    private = trip_apply(by=cast.ada, data=TripInput(destination="Fulda", purpose="Termin", start=at(day, 8),
                                                     end=at(day, 15), transport=Transport.PRIVATE_CAR,
                                                     distance_km=180))
    assert private.pool_car_free


def _approved_trip(cast, start, end, **extra):
    trip = trip_apply(by=cast.ada, data=TripInput(destination="Kassel", purpose="Tagung", start=start, end=end,
                                                  **extra), now=start - timedelta(days=3))
    decide(cast.ben, trip.approval)
    trip.refresh_from_db()
    return trip


def test_claim_calculates_every_line_goes_to_hr_and_credits_the_time(cast) -> None:
    day = timezone.localdate() - timedelta(days=10)
    while day.weekday() >= 4:  # a two-day trip from Monday to Thursday
        day -= timedelta(days=1)
    trip = _approved_trip(cast, at(day, 7), at(day + timedelta(days=1), 19), transport=Transport.PRIVATE_CAR,
                          transport_reason="Gerät zu transportieren", distance_km=300, advance=Decimal("50"),
                          lodging=Decimal("90"))  # the hotel estimated: the claim keeps to the estimate
    receipt = SimpleUploadedFile("hotel.pdf", PDF, content_type="application/pdf")
    claim = claim_submit(by=cast.ada, trip_id=trip.pk, receipts=[receipt], data=ClaimInput(
        actual_start=at(day, 7), actual_end=at(day + timedelta(days=1), 19), business_hours=Decimal("12"),
        private_km=310, lodging=Decimal("89.00"), meals={day.isoformat(): ["dinner"]}))
    texts = [text for text, _amount in claim.lines]
    assert any("Abreisetag" in t for t in texts) and any("Anreisetag" in t for t in texts)
    # 14 + 14 per diem, 11.20 off for the dinner, 310 km x 0.35, 89 lodging, 50 advance back
    assert claim.total == Decimal("14") + Decimal("14") - Decimal("11.20") + Decimal("108.50") + Decimal(
        "89.00") - Decimal("50")
    assert claim.receipts.get().content_type == "application/pdf"
    assert claim.approval.steps.get().approver_role == "hr"
    step_decide(by=cast.hanna, step_id=claim.approval.steps.get().pk, approve=True)
    assert DayCredit.objects.filter(person=cast.ada, claim=claim).count() == 2  # both days on the time account
    assert not TimeEntry.objects.filter(person=cast.ada).exists()  # as credits, not as invented clock times


def test_claims_refuse_bad_input_and_late_claims(cast) -> None:
    day = timezone.localdate() - timedelta(days=3)
    trip = _approved_trip(cast, at(day, 8), at(day, 17))
    good = ClaimInput(actual_start=at(day, 8), actual_end=at(day, 17))
    with pytest.raises(ValidationError) as backwards:
        claim_submit(by=cast.ada, trip_id=trip.pk, data=ClaimInput(actual_start=at(day, 17), actual_end=at(day, 8)))
    assert "actual_end" in backwards.value.message_dict
    exe = SimpleUploadedFile("rechnung.pdf", b"MZ\x90\x00", content_type="application/pdf")
    with pytest.raises(ValidationError, match="nur PDF"):
        claim_submit(by=cast.ada, trip_id=trip.pk, data=good, receipts=[exe])
    with pytest.raises(PermissionDenied):
        claim_submit(by=cast.carl, trip_id=trip.pk, data=good)
    with pytest.raises(ValidationError, match="nicht mehr"):
        claim_submit(by=cast.ada, trip_id=trip.pk, data=good, today=day + timedelta(days=200))
    claim = claim_submit(by=cast.ada, trip_id=trip.pk, data=good)
    assert claim.total == Decimal("14")
    with pytest.raises(ValidationError):
        claim_submit(by=cast.ada, trip_id=trip.pk, data=good)


def test_claim_deadline_reminders_four_weeks_and_one_week_before(cast, smtp_sink, immediate_tasks,
                                                                 django_capture_on_commit_callbacks) -> None:
    from timekeeping.travel.trips import claim_reminders_send, deadline_of

    day = timezone.localdate() - timedelta(days=3)
    trip = _approved_trip(cast, at(day, 8), at(day, 17))
    deadline = deadline_of(trip)
    with django_capture_on_commit_callbacks(execute=True):
        assert claim_reminders_send(today=deadline - timedelta(weeks=5)) == 0
        assert claim_reminders_send(today=deadline - timedelta(weeks=4)) == 1
        assert claim_reminders_send(today=deadline - timedelta(weeks=3)) == 0  # once per reminder
        assert claim_reminders_send(today=deadline - timedelta(days=6)) == 1
        assert claim_reminders_send(today=deadline - timedelta(days=2)) == 0
    first, _second = smtp_sink.wait_for(2)
    assert "Kassel" in first["Subject"] and first["To"] == "ada@stadt.example"


def test_claims_keep_to_the_approved_trip(cast) -> None:
    day = timezone.localdate() - timedelta(days=3)
    trip = _approved_trip(cast, at(day, 8), at(day, 17))
    with pytest.raises(ValidationError) as stretched:
        claim_submit(by=cast.ada, trip_id=trip.pk, data=ClaimInput(actual_start=at(day - timedelta(days=30), 8),
                                                                   actual_end=at(day, 17)))
    assert "actual_start" in stretched.value.message_dict
    with pytest.raises(ValidationError) as busy:
        claim_submit(by=cast.ada, trip_id=trip.pk, data=ClaimInput(actual_start=at(day, 8), actual_end=at(day, 17),
                                                                   business_hours=Decimal("200")))
    assert "business_hours" in busy.value.message_dict
    with pytest.raises(ValidationError) as huge:
        claim_submit(by=cast.ada, trip_id=trip.pk, data=ClaimInput(actual_start=at(day, 8), actual_end=at(day, 17),
                                                                   lodging=Decimal("9999999")))
    assert "lodging" in huge.value.message_dict


def test_a_car_for_a_driver_without_a_licence_check_is_refused_when_applying(cast) -> None:
    day = next_weekday()
    car = make_resource("car", name="Corsa")
    with pytest.raises(ValidationError) as refused:
        trip_apply(by=cast.ada, data=TripInput(destination="Fulda", purpose="Termin", start=at(day, 8),
                                               end=at(day, 15), transport=Transport.POOL_CAR, car_id=car.pk))
    assert "Führerscheinkontrolle" in refused.value.message_dict["car"][0]


def test_calling_off_an_approved_trip_closes_its_approval(cast) -> None:
    from intranet.approvals.models import RequestState

    day = next_weekday()
    trip = trip_apply(by=cast.ada, data=TripInput(destination="Kassel", purpose="Termin", start=at(day, 8),
                                                  end=at(day, 16)))
    decide(cast.ben, trip.approval)
    trip = trip_cancel(by=cast.ada, trip_id=trip.pk)
    trip.approval.refresh_from_db()
    assert trip.state == TripState.CANCELLED and trip.approval.state == RequestState.CANCELLED


def test_a_travel_day_is_credited_at_least_its_target_as_a_day_credit(cast, client, settings) -> None:
    """23.11. 07:00 - 24.11. 18:30 (any Monday and Tuesday in the past): each day is credited the regular
    7:48 as a credit of its own, not as clock times cut by the break rule; what was recorded above it counts."""
    from timekeeping.worktime.rules.worktime import Warning
    from timekeeping.worktime.timesheet import month_sheet

    day = timezone.localdate() - timedelta(days=14)
    while day.weekday() != 0:
        day -= timedelta(days=1)
    following = day + timedelta(days=1)
    trip = _approved_trip(cast, at(day, 7), at(following, 18, 30))
    # On the first day Ada recorded her ten hours at the meeting (one 30-minute break: 15 minutes deducted).
    time_entry_create(by=cast.ada, start=at(day, 8), end=at(day, 13), now=at(following, 20))
    time_entry_create(by=cast.ada, start=at(day, 13, 30), end=at(day, 18, 30), now=at(following, 20))
    claim = claim_submit(by=cast.ada, trip_id=trip.pk, data=ClaimInput(
        actual_start=at(day, 7), actual_end=at(following, 18, 30), business_hours=Decimal("12")))
    step_decide(by=cast.hanna, step_id=claim.approval.steps.get().pk, approve=True)
    assert list(DayCredit.objects.filter(claim=claim).values_list("date", "minutes")) == [
        (day, 468), (following, 468)]  # 12 business hours shared by absence: about 5:45 and 6:15, topped up to 7:48
    assert TimeEntry.objects.filter(person=cast.ada).count() == 2  # nothing invented

    def sheet_day(d):
        return next(x for x in month_sheet(cast.ada, d.replace(day=1), today=d + timedelta(days=7)).days
                    if x.date == d)

    first, second = sheet_day(day), sheet_day(following)
    assert first.result.credited == timedelta(hours=9, minutes=45)  # recorded above the credit counts
    assert second.result.credited == timedelta(hours=7, minutes=48) and second.result.deducted == timedelta()
    assert second.result.worked == timedelta() and second.result.warnings == []  # no break, rest or Sunday rule
    assert second.difference == timedelta() and [c.minutes for c in second.credits] == [468]
    assert Warning.REST_TOO_SHORT not in first.result.warnings
    client.force_login(cast.ada)
    page = client.get(f"/arbeitszeit/{following:%Y-%m}/").content.decode()
    assert "Dienstreise Kassel: 7:48 angerechnet" in page
    settings.TIME_EXPORT_COLUMNS = ["date", "travel_credit", "credited"]
    client.force_login(cast.hanna)
    body = b"".join(client.get("/arbeitszeit/export/", {"month": f"{following:%Y-%m}", "unit": cast.sg_a.pk})
                    .streaming_content).decode("utf-8-sig")
    assert f"{following:%d.%m.%Y};7,80;7,80" in body.splitlines()


def test_the_estimate_includes_the_kilometre_allowance_by_the_dated_rates(cast) -> None:
    from timekeeping.travel.models import TravelRuleSet

    day = next_weekday()
    plain = trip_apply(by=cast.ada, data=TripInput(destination="Gießen", purpose="Termin", start=at(day, 7),
                                                   end=at(day, 18), transport=Transport.PRIVATE_CAR, distance_km=100))
    # 11 hours away: 14 € per diem; 100 km without a good reason at 0.21 €/km
    assert plain.estimated_allowances == Decimal("35.00") and plain.estimated_costs == Decimal("35.00")
    TravelRuleSet.objects.create(valid_from=day, km_with_reason=Decimal("0.40"))  # new rates from that day
    reason = trip_apply(by=cast.ada, data=TripInput(destination="Gießen", purpose="Termin", start=at(day, 7),
                                                    end=at(day, 18), transport=Transport.PRIVATE_CAR, distance_km=100,
                                                    transport_reason="Messgeräte"))
    assert reason.estimated_costs == Decimal("54.00")
    far = trip_apply(by=cast.ada, data=TripInput(destination="Rostock", purpose="Messe", start=at(day, 5),
                                                 end=at(day, 23), transport=Transport.PRIVATE_CAR, distance_km=2500,
                                                 transport_reason="Messestand"))
    assert far.estimated_costs == Decimal("1014.00")  # 14 + 2,500 x 0.40: the head of department decides too
    decide(cast.ben, far.approval)
    assert far.approval.steps.get(state=StepState.OPEN).approver == cast.frank


def _claim(cast, trip, day, **amounts):
    return claim_submit(by=cast.ada, trip_id=trip.pk, data=ClaimInput(
        actual_start=trip.start, actual_end=trip.end, business_hours=Decimal("6"),
        private_km=trip.distance_km, **amounts))


def test_a_claim_well_above_the_estimate_goes_to_the_second_level_with_the_difference(cast, client) -> None:
    day = timezone.localdate() - timedelta(days=5)
    trip = _approved_trip(cast, at(day, 7), at(day, 18), transport=Transport.PRIVATE_CAR, distance_km=100,
                          transport_reason="Messgeräte")
    assert trip.estimated_costs == Decimal("49.00")  # 14 per diem + 100 km x 0.35
    claim = _claim(cast, trip, day, fees=Decimal("200"))
    assert claim.total == Decimal("249.00") and claim.over_estimate == Decimal("200.00") and claim.second_level
    step = claim.approval.steps.get()
    assert step.level == "second_level" and step.approver == cast.frank
    assert "200,00 € über der genehmigten Schätzung" in claim.approval.summary  # German amounts, as the text
    assert "(249,00 €)" in claim.approval.summary
    client.force_login(cast.frank)
    page = client.get(f"/antraege/{claim.approval.pk}/").content.decode()
    assert "200,00 € über der genehmigten Schätzung" in page and "49,00 €" in page
    step_decide(by=cast.frank, step_id=step.pk, approve=True)
    assert claim.approval.steps.get(state=StepState.OPEN).approver_role == "hr"  # then the travel-cost office
    client.force_login(cast.hanna)
    assert "200,00 € über der genehmigten Schätzung" in client.get(f"/antraege/{claim.approval.pk}/").content.decode()


def test_a_claim_within_the_margin_goes_to_hr_alone(cast, settings) -> None:
    day = timezone.localdate() - timedelta(days=5)
    trip = _approved_trip(cast, at(day, 7), at(day, 18), transport=Transport.PRIVATE_CAR, distance_km=100,
                          transport_reason="Messgeräte")
    claim = _claim(cast, trip, day, fees=Decimal("40"))  # 40 € more than the 49 € estimated: within 50 €
    assert claim.over_estimate == 0 and not claim.second_level
    assert claim.approval.steps.get().approver_role == "hr"
    settings.TRAVEL_CLAIM_MARGIN_EUR = 0  # stricter: only the 20 percent
    other = _approved_trip(cast, at(day, 7), at(day, 18), transport=Transport.PRIVATE_CAR, distance_km=100,
                           transport_reason="Messgeräte")
    strict = _claim(cast, other, day, fees=Decimal("40"))
    assert strict.over_estimate == Decimal("40.00") and strict.second_level


def test_a_claim_from_the_second_level_limit_goes_there_when_only_the_supervisor_approved(cast) -> None:
    day = timezone.localdate() - timedelta(days=5)
    trip = _approved_trip(cast, at(day, 7), at(day, 18), tickets=Decimal("900"))  # 914 €: the supervisor alone
    assert trip.approval.steps.count() == 1
    claim = _claim(cast, trip, day, tickets=Decimal("990"))  # 1,004 €: within the margin, above the limit
    assert claim.over_estimate == 0 and claim.second_level
    assert claim.approval.steps.get().approver == cast.frank


def test_claim_amounts_have_a_sane_upper_bound(cast) -> None:
    from rest_framework.test import APIClient

    day = timezone.localdate() - timedelta(days=5)
    trip = _approved_trip(cast, at(day, 7), at(day, 18), transport=Transport.PRIVATE_CAR, distance_km=100)
    api = APIClient()
    api.force_authenticate(cast.ada)
    claim = {"actual_start": trip.start.isoformat(), "actual_end": trip.end.isoformat(), "business_hours": "6",
             "private_km": 100, "preview": True}
    huge = api.post(f"/api/v1/trips/{trip.pk}/claim/", {**claim, "tickets": "100000", "lodging": "100000",
                                                         "fees": "100000"}, format="json")
    assert huge.status_code == 400 and {"tickets", "lodging", "fees"} <= set(huge.json())
    many = api.post(f"/api/v1/trips/{trip.pk}/claim/", {**claim, "tickets": "25000", "lodging": "25000",
                                                         "fees": "25000"}, format="json")
    assert many.status_code == 400 and "höchstens 50.000 €" in str(many.json())
    with pytest.raises(ValidationError, match=r"höchstens 25\.000 €"):
        _claim(cast, trip, day, lodging=Decimal("30000"))
    with pytest.raises(ValidationError) as applied:
        trip_apply(by=cast.ada, data=TripInput(destination="Kassel", purpose="Termin", start=at(next_weekday(), 8),
                                               end=at(next_weekday(), 16), tickets=Decimal("300000")))
    assert "tickets" in applied.value.message_dict
    assert not hasattr(trip, "claim") and trip.state == TripState.APPROVED


def test_a_head_on_an_approved_trip_is_away_for_approvals_and_in_the_address_book(cast, client) -> None:
    """While Ben travels (approved), Ada's request goes to his deputy Bea and the address book says so;
    a trip still waiting for approval changes neither."""
    from intranet.approvals.general_requests import general_request_create

    now = timezone.now()
    trip = trip_apply(by=cast.ben, data=TripInput(destination="Kassel", purpose="Tagung",
                                                  start=now - timedelta(hours=1), end=now + timedelta(hours=8)),
                      now=now - timedelta(days=3))
    client.force_login(cast.ada)
    assert "auf Dienstreise" not in client.get(f"/telefonbuch/personen/{cast.ben.pk}/").content.decode()
    waiting = general_request_create(by=cast.ada, subject="Neuer Bildschirm", text="Bitte").approval
    assert waiting.steps.get(state=StepState.OPEN).approver == cast.ben
    decide(cast.frank, trip.approval)  # Ben's trip, approved by his supervisor
    trip.refresh_from_db()
    assert trip.state == TripState.APPROVED
    chair = general_request_create(by=cast.ada, subject="Neuer Stuhl", text="Bitte").approval
    step = chair.steps.get(state=StepState.OPEN)
    assert (step.approver, step.substitute_for) == (cast.bea, cast.ben)
    assert "Heute: auf Dienstreise" in client.get(f"/telefonbuch/personen/{cast.ben.pk}/").content.decode()
    assert "auf Dienstreise" not in client.get(f"/telefonbuch/personen/{cast.bea.pk}/").content.decode()
