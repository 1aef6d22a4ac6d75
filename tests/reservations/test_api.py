"""The booking API: resources with free filters, create with 201 or 409 naming the collision, change, cancel."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from reservations.models import Booking, BookingState
from tests.factories import make_resource


@pytest.fixture
def api(cast) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.ada)
    return client


@pytest.fixture
def tomorrow():
    return timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)


def test_resources_free_in_a_span(api, cast, tomorrow) -> None:
    big = make_resource(name="Groß", capacity=30)
    make_resource(name="Klein", capacity=4)
    make_resource(name="Wagen", kind="car")
    restricted = make_resource(name="Nur SG-X")
    restricted.bookable_units.add(cast.sg_x)
    names = [r["name"] for r in api.get("/api/v1/resources/", {"kind": "room"}).json()["results"]]
    assert names == ["Groß", "Klein"]
    span = {"free_from": tomorrow.isoformat(), "free_to": (tomorrow + timedelta(hours=1)).isoformat()}
    assert api.post("/api/v1/bookings/", {"resource": big.pk, "start": span["free_from"], "end": span["free_to"],
                                          "title": "Sitzung"}, format="json").status_code == 201
    free = api.get("/api/v1/resources/", {"kind": "room", **span}).json()["results"]
    assert [r["name"] for r in free] == ["Klein"]
    assert api.get("/api/v1/resources/", {"kind": "room", "capacity_min": 10}).json()["results"][0]["id"] == big.pk
    assert api.get("/api/v1/resources/", {"free_from": span["free_from"]}).status_code == 400
    # A number in a query is written as one: DRF alone took "0.0", " 10" and "1_0" (found by the fuzzing).
    for typo in ("0.0", " 10", "+10", "1_0"):
        assert api.get("/api/v1/resources/", {"capacity_min": typo}).status_code == 400, typo
    # A text's limit applies to what was sent: DRF trimmed first, so a line break and 200 characters passed.
    too_long = {"resource": big.pk, "start": span["free_from"], "end": span["free_to"], "title": "\n" + "x" * 200}
    answer = api.post("/api/v1/bookings/", too_long, format="json")
    assert answer.status_code == 400 and "title" in answer.json(), answer.content
    # JSON carries its own types: "5" is not an id, 5 not a title, 1 not a yes (DRF coerced all three).
    for wrong in ({"resource": str(big.pk)}, {"title": 5}, {"attendees": "2"}):
        answer = api.post("/api/v1/bookings/", {**too_long, "title": "Sitzung", **wrong}, format="json")
        assert answer.status_code == 400 and set(answer.json()) == set(wrong), (wrong, answer.content)
    # A form sends text, and may.
    assert api.post("/api/v1/bookings/", {**too_long, "title": "Sitzung", "resource": str(big.pk)}).status_code == 409


def test_create_conflict_change_cancel(api, cast, tomorrow) -> None:
    room = make_resource(name="Raum")
    payload = {"resource": room.pk, "start": tomorrow.isoformat(),
               "end": (tomorrow + timedelta(hours=1)).isoformat(), "title": "Vertraulich"}
    created = api.post("/api/v1/bookings/", payload, format="json")
    assert created.status_code == 201 and created.json()["state"] == "confirmed"
    other = APIClient()
    other.force_authenticate(cast.carl)
    clash = other.post("/api/v1/bookings/", {**payload, "title": "Meins"}, format="json")
    assert clash.status_code == 409
    assert clash.json()["conflict"]["id"] == created.json()["id"] and "title" not in clash.json()["conflict"]
    assert Booking.objects.count() == 1
    own_clash = api.post("/api/v1/bookings/", payload, format="json")
    assert own_clash.json()["conflict"]["title"] == "Vertraulich"
    bad = api.post("/api/v1/bookings/", {**payload, "end": payload["start"]}, format="json")
    assert bad.status_code == 400 and "end" in bad.json()
    pk = created.json()["id"]
    later = {**payload, "start": (tomorrow + timedelta(hours=2)).isoformat(),
             "end": (tomorrow + timedelta(hours=3)).isoformat()}
    assert api.put(f"/api/v1/bookings/{pk}/", later, format="json").status_code == 200
    assert other.get(f"/api/v1/bookings/{pk}/").status_code == 404
    assert other.delete(f"/api/v1/bookings/{pk}/").status_code == 404
    assert api.delete(f"/api/v1/bookings/{pk}/").json()["state"] == BookingState.CANCELLED
    assert api.get("/api/v1/bookings/").json()["count"] == 1
    assert other.get("/api/v1/bookings/").json()["count"] == 0


def test_a_resource_one_may_not_book_is_a_clear_400(api, cast, tomorrow) -> None:
    room = make_resource()
    room.bookable_units.add(cast.sg_x)
    response = api.post("/api/v1/bookings/", {"resource": room.pk, "start": tomorrow.isoformat(),
                                              "end": (tomorrow + timedelta(hours=1)).isoformat(), "title": "x"},
                        format="json")
    assert response.status_code == 400 and "resource" in response.json()


def test_series_api_preview_create_and_conflict(api, cast, tomorrow) -> None:
    room = make_resource(name="Raum")
    base = {"resource": room.pk, "start": tomorrow.isoformat(), "end": (tomorrow + timedelta(hours=1)).isoformat(),
            "title": "Runde", "freq": "DAILY", "count": 3}
    preview = api.post("/api/v1/series/", {**base, "preview": True}, format="json")
    assert preview.status_code == 200 and len(preview.json()) == 3
    created = api.post("/api/v1/series/", {**base, "skip": [(tomorrow + timedelta(days=1)).date().isoformat()]},
                       format="json")
    assert created.status_code == 201 and len(created.json()["bookings"]) == 2
    again = api.post("/api/v1/series/", base, format="json")
    assert again.status_code == 400 and Booking.objects.count() == 2  # collisions: nothing booked
    assert api.post("/api/v1/series/", {**base, "count": None}, format="json").status_code == 400
    assert api.get("/api/v1/series/").json()["count"] == 1


def test_car_logbook_api(api, cast) -> None:

    from reservations.services import Request, booking_create
    from tests.factories import make_licence_check

    car = make_resource("car", name="Golf", day_starts="00:00", day_ends="23:59")
    make_licence_check(cast.ada, timezone.localdate() - timedelta(days=5), cast.fred)
    start = timezone.now() - timedelta(minutes=20)  # the trip has begun
    booking = booking_create(by=cast.ada, wanted=Request(resource=car, start=start, end=start + timedelta(hours=1),
                                                         title="Fahrt", destination="Fulda", purpose="Termin"))
    entry = {"booking": booking.pk, "odometer_start": 100, "odometer_end": 180}
    assert api.post(f"/api/v1/cars/{car.pk}/logbook/", entry, format="json").status_code == 201
    assert api.get(f"/api/v1/cars/{car.pk}/logbook/").json()["results"][0]["distance"] == 80
    other = APIClient()
    other.force_authenticate(cast.carl)
    assert other.get(f"/api/v1/cars/{car.pk}/logbook/").json()["count"] == 0
    assert other.post(f"/api/v1/cars/{car.pk}/logbook/", entry, format="json").status_code == 404
    fleet = APIClient()
    fleet.force_authenticate(cast.fred)
    assert fleet.get(f"/api/v1/cars/{car.pk}/logbook/").json()["count"] == 1
