"""Who may see absences and their reasons, the team calendar, and manage leave."""

from __future__ import annotations

from datetime import date

import pytest

from intranet.core.permissions import may
from timekeeping.leave.models import LeaveType
from timekeeping.leave.services import leave_request_create

EVERYONE = ["ada", "ben", "bea", "carl", "frank", "fiona", "dan", "xaver", "hanna", "ali", "fred", "fay"]

# (action, about) -> who may; "about" is a person, a unit, or Ada's leave request
TIMEKEEPING_EXPECTED = {
    ("timekeeping.see_absence_reason", "ada"): {"ada", "ben", "bea", "frank", "fiona", "hanna"},
    ("timekeeping.see_sickness_details", "ada"): {"ada", "hanna"},
    ("timekeeping.view_team_calendar", "sg_a"): {"ada", "ben", "bea", "frank", "fiona", "hanna"},
    ("timekeeping.view_team_calendar", "sg_b"): {"carl", "frank", "fiona", "hanna"},
    ("timekeeping.cancel_leave", "leave"): {"ada"},
    ("timekeeping.manage_leave", None): {"hanna"},
    ("timekeeping.export_time", None): {"hanna"},
    ("timekeeping.view_team_time", None): {"ben", "bea", "frank", "fiona", "xaver", "hanna"},
    ("timekeeping.view_council_report", None): {"hanna"},  # and the staff council (tested with its own member)
    ("timekeeping.view_training_budget", "sg_a"): {"ben", "bea", "frank", "fiona", "hanna"},
    ("timekeeping.manage_trainings", None): {"hanna"},
    ("timekeeping.open_training_budgets", None): {"ben", "bea", "frank", "fiona", "xaver", "hanna"},
    # Ada's trip, claim and course before anyone decides on them (deciders: tests/travel/test_trip_views.py)
    ("timekeeping.view_trip", "trip"): {"ada", "hanna"},
    ("timekeeping.view_claim", "claim"): {"ada", "hanna"},
    ("timekeeping.view_training", "training"): {"ada", "hanna"},
    ("timekeeping.delete_time_entry", "entry"): {"ada"},
}


@pytest.mark.parametrize(("action", "about"), list(TIMEKEEPING_EXPECTED))
def test_timekeeping_permission_matrix(cast, action: str, about: str | None) -> None:
    if about == "leave":
        obj = leave_request_create(by=cast.ada, leave_type=LeaveType.objects.get(code="krankheit"),
                                   start=date(2026, 11, 2), end=date(2026, 11, 3), today=date(2026, 11, 2))
    elif about == "entry":
        from timekeeping.worktime.models import TimeEntry

        obj = TimeEntry(person=cast.ada)
    elif about in ("trip", "claim", "training"):
        from timekeeping.travel.models import Training, Trip, TripClaim

        trip = Trip(person=cast.ada)
        obj = {"trip": trip, "claim": TripClaim(trip=trip), "training": Training(person=cast.ada)}[about]
    else:
        obj = getattr(cast, about) if about else None
    allowed = {name for name in EVERYONE if may(getattr(cast, name), action, obj)}
    assert allowed == TIMEKEEPING_EXPECTED[(action, about)]
