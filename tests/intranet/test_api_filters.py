"""The API lists filter through django-filter FilterSets: the same parameters as before, a wrong value is
a 400 naming the parameter (never a 500, never an unfiltered list), and the schema documents them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import make_resource

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(cast) -> APIClient:
    client = APIClient()
    client.force_authenticate(cast.ben)  # heads SG-A
    return client


@pytest.mark.parametrize(("params", "field"), [
    ({}, "unit"),                                     # required
    ({"unit": "abc"}, "unit"),
    ({"unit": "1.0"}, "unit"),                        # a form's IntegerField would take it
    ({"unit": "²"}, "unit"),
    ({"unit": "0"}, "unit"),
    ({"unit": "9" * 40}, "unit"),                     # no overflow in the database
    ({"from": "23.11.2026"}, "from"),                 # German, as a form's DateField takes it: not ISO
    ({"from": "2026-02-30"}, "from"),
    ({"from": "2026-11-10", "to": "2026-11-09"}, "to"),
])
def test_a_wrong_absence_filter_is_a_400_naming_it(api, cast, params, field) -> None:
    answer = api.get("/api/v1/absences/", {"unit": cast.sg_a.pk, **params} if "unit" not in params and params
                     else params)
    assert answer.status_code == 400, answer.content
    assert list(answer.json()) == [field]


def test_booking_filters(cast) -> None:
    api = APIClient()
    api.force_authenticate(cast.ada)
    room, other = make_resource(name="Raum"), make_resource(name="Anderer")
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    for resource in (room, other):
        assert api.post("/api/v1/bookings/", {"resource": resource.pk, "start": start.isoformat(),
                                              "end": (start + timedelta(hours=1)).isoformat(), "title": "T"},
                        format="json").status_code == 201
    assert api.get("/api/v1/bookings/", {"resource": room.pk}).json()["count"] == 1
    assert api.get("/api/v1/bookings/", {"start": (start + timedelta(hours=2)).isoformat()}).json()["count"] == 0
    assert api.get("/api/v1/bookings/", {"end": start.isoformat()}).json()["count"] == 0
    assert api.get("/api/v1/bookings/", {"end": (start + timedelta(minutes=1)).isoformat()}).json()["count"] == 2
    for params in ({"resource": "x"}, {"resource": str(2**31)}, {"start": "morgen"}, {"end": "2026-13-01T00:00"}):
        answer = api.get("/api/v1/bookings/", params)
        assert answer.status_code == 400 and list(answer.json()) == list(params), params


def test_a_moment_is_compared_in_utc_whatever_its_offset(cast) -> None:
    # Found by the API fuzzer on PostgreSQL: an offset beyond ±15:59 (-19:55) was passed on as sent and
    # answered 500; it is a moment like any other, and one that cannot be written in UTC is a 400.
    api = APIClient()
    api.force_authenticate(cast.ada)
    room = make_resource(name="Raum")
    start = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + timedelta(days=1)
    assert api.post("/api/v1/bookings/", {"resource": room.pk, "start": start.isoformat(),
                                          "end": (start + timedelta(hours=1)).isoformat(), "title": "T"},
                    format="json").status_code == 201
    assert api.get("/api/v1/bookings/", {"start": "1413-07-16T00:19:22.301608-19:55"}).json()["count"] == 1
    later = (start + timedelta(hours=2)).astimezone(timezone.get_fixed_timezone(-(19 * 60 + 55)))
    assert api.get("/api/v1/bookings/", {"start": later.isoformat()}).json()["count"] == 0
    answer = api.get("/api/v1/bookings/", {"start": "0001-01-01T00:00:00+05:00"})
    assert answer.status_code == 400 and list(answer.json()) == ["start"]
    assert api.get("/api/v1/resources/", {"free_from": "2030-01-01T10:00-19:55",
                                          "free_to": "2030-01-01T11:00-19:55"}).status_code == 200


def test_a_code_with_a_nul_character_names_nothing(cast) -> None:
    # Found by the API fuzzer on PostgreSQL, which cannot compare text with NUL: 500 instead of 400.
    api = APIClient()
    api.force_authenticate(cast.ada)
    answer = api.post("/api/v1/leave-requests/", {"leave_type": "\x00erholungsurlaub", "start": "2027-03-01",
                                                  "end": "2027-03-02"}, format="json")
    assert answer.status_code == 400 and "leave_type" in answer.json(), answer.content
    assert not cast.ada.leave_requests.exists()


def test_time_entry_filters_take_iso_days_only(cast) -> None:
    api = APIClient()
    api.force_authenticate(cast.ada)
    assert api.get("/api/v1/time-entries/", {"from_date": "2026-11-01"}).status_code == 200
    answer = api.get("/api/v1/time-entries/", {"to_date": "11/30/2026"})
    assert answer.status_code == 400 and list(answer.json()) == ["to_date"]


def test_the_schema_documents_the_filters(cast) -> None:
    api = APIClient()
    api.force_authenticate(cast.ada)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def parameters(path: str, method: str = "get") -> dict:
        return {p["name"]: p for p in schema["paths"][path][method].get("parameters", [])}

    absences = parameters("/api/v1/absences/")
    assert {"unit", "from", "to", "limit", "offset"} <= set(absences)
    assert absences["unit"]["required"] is True and absences["unit"]["schema"]["type"] == "integer"
    assert absences["from"]["schema"] == {"type": "string", "format": "date"}
    assert {"resource", "start", "end"} <= set(parameters("/api/v1/bookings/"))
    assert {"from_date", "to_date"} <= set(parameters("/api/v1/time-entries/"))
    assert not parameters("/api/v1/bookings/", "post")  # a POST that answers a list takes no filters


def test_people_filters(api, cast) -> None:
    assert api.get("/api/v1/people/", {"q": "bauer", "unit": cast.sg_a.pk}).json()["count"] == 1
    assert api.get("/api/v1/people/", {"q": "bauer", "unit": cast.sg_b.pk}).json()["count"] == 0
    for params in ({"unit": "SG-A"}, {"unit": "-1"}, {"q": "x" * 101}):
        answer = api.get("/api/v1/people/", params)
        assert answer.status_code == 400 and list(answer.json()) == list(params), params


def test_resource_filters(cast) -> None:
    api = APIClient()
    api.force_authenticate(cast.ada)
    make_resource(name="Groß", capacity=30)
    answer = api.get("/api/v1/resources/", {"free_from": "2030-01-07T10:00:00+01:00"})
    assert answer.status_code == 400 and list(answer.json()) == ["non_field_errors"]  # both ends, or neither
    answer = api.get("/api/v1/resources/", {"free_from": "2030-01-07T10:00", "free_to": "2030-01-07T09:00"})
    assert answer.status_code == 400 and list(answer.json()) == ["free_to"]
    for params in ({"kind": "boat"}, {"capacity_min": "+3"}, {"free_from": "bald", "free_to": "später"}):
        assert api.get("/api/v1/resources/", params).status_code == 400, params
    span = {"free_from": "2030-01-07T10:00", "free_to": "2030-01-07T11:00"}
    assert api.get("/api/v1/resources/", {"kind": "room", "capacity_min": 31, **span}).json()["count"] == 0
    assert api.get("/api/v1/resources/", {"kind": "room", "capacity_min": 30, **span}).json()["count"] == 1
