"""absence_label: what each viewer sees of Ada's absence, one table for the calendar, the request page,
the API and the feeds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.models import User
from tests.factories import make_user
from timekeeping.leave.access import absence_label
from timekeeping.leave.models import LeaveRequest, LeaveType

# viewer -> (code, German name, sickness details shown) for (annual leave, sickness) of Ada
EXPECTED = {
    "ada":     (("erholungsurlaub", "Erholungsurlaub", True), ("krankheit", "Krankheit", True)),   # the person
    "cleo":    (("absent", "abwesend", False), ("absent", "abwesend", False)),                    # a colleague
    "ben":     (("erholungsurlaub", "Erholungsurlaub", True), ("sick", "krank", False)),           # head of SG-A
    "bea":     (("erholungsurlaub", "Erholungsurlaub", True), ("sick", "krank", False)),           # its deputy
    "frank":   (("erholungsurlaub", "Erholungsurlaub", True), ("sick", "krank", False)),           # head above
    "xaver":   (("absent", "abwesend", False), ("absent", "abwesend", False)),                    # another head
    "dan":     (("absent", "abwesend", False), ("absent", "abwesend", False)),                    # other department
    "hanna":   (("erholungsurlaub", "Erholungsurlaub", True), ("krankheit", "Krankheit", True)),   # HR
    "ali":     (("absent", "abwesend", False), ("absent", "abwesend", False)),                    # administrator
    None:      (("absent", "abwesend", False), ("absent", "abwesend", False)),                    # a feed's reader
}


def _viewer(cast, name: str | None) -> User | None:
    if name is None:
        return None
    if name == "cleo":
        return make_user(username="cleo", org_unit=cast.sg_a)
    return getattr(cast, name)


@pytest.mark.parametrize("viewer", list(EXPECTED))
@pytest.mark.parametrize(("kind", "code"), [(0, "erholungsurlaub"), (1, "krankheit")])
def test_what_each_viewer_sees(cast, viewer: str | None, kind: int, code: str) -> None:
    absence = LeaveRequest(person=cast.ada, leave_type=LeaveType.objects.get(code=code))
    with translation.override("de"):
        seen = absence_label(_viewer(cast, viewer), absence)
    assert (seen.code, seen.name, seen.details) == EXPECTED[viewer][kind]
    assert seen.short == seen.name[:1].upper()
    assert seen.reason_shown == (seen.code != "absent")


def test_an_inactive_viewer_sees_nothing(cast) -> None:
    cast.hanna.is_active = False
    absence = LeaveRequest(person=cast.ada, leave_type=LeaveType.objects.get(code="krankheit"))
    assert absence_label(cast.hanna, absence).code == "absent"


@pytest.mark.parametrize("viewer", ["ben", "hanna", "cleo"])
def test_no_query_per_absence(cast, viewer: str) -> None:
    """The viewer's roles and the org tree are read once; every further absence costs no query."""
    sickness = LeaveType.objects.get(code="krankheit")
    who = _viewer(cast, viewer)
    absences = [LeaveRequest(person=person, leave_type=sickness) for person in (cast.ada, cast.bea, cast.carl)]
    absence_label(who, absences[0])
    with CaptureQueriesContext(connection) as queries:
        for absence in absences * 10:
            absence_label(who, absence)
    assert len(queries) == 0


@pytest.mark.parametrize(("viewer", "leave_type"), [("ada", "krankheit"), ("ben", "krankheit"), ("hanna", "krankheit"),
                                                    ("cleo", None)])
def test_the_leave_request_api_names_a_leave_types_code_or_nothing(cast, viewer: str, leave_type: str | None) -> None:
    # The field names leave types: a supervisor gets the sickness type's code, as before the access layer
    # (found in review: it had become "sick", which no leave type is called), a colleague nothing.
    from rest_framework.test import APIRequestFactory

    from timekeeping.leave.api import LeaveRequestSerializer

    request = APIRequestFactory().get("/")
    request.user = _viewer(cast, viewer)
    absence = LeaveRequest(person=cast.ada, leave_type=LeaveType.objects.get(code="krankheit"))
    data = LeaveRequestSerializer(absence, context={"request": request}).data
    assert data["leave_type"] == leave_type
    assert (data["certificate_due"] is None) or viewer in ("ada", "hanna")
