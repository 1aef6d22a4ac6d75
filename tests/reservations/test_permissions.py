"""Who may book which resource, change a booking, see its details, and manage resources."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from intranet.core.permissions import may
from reservations.models import Booking
from tests.factories import make_resource

EVERYONE = ["ada", "ben", "bea", "carl", "frank", "fiona", "dan", "xaver", "hanna", "ali", "fred", "fay"]
ALL = set(EVERYONE)

# (action, about) -> who may. "room": open room; "fb_room": only for FB and below; "car": a pool car;
# "fleet_only": only for the fleet role; "booking": Ada's booking of the open room, made by Bea for her.
RESERVATIONS_EXPECTED = {
    ("reservations.book", "room"): ALL,
    ("reservations.book", "fb_room"): {"ada", "ben", "bea", "carl", "frank", "fiona", "ali", "fay"},
    ("reservations.book", "fleet_only"): {"fred", "ali", "fay"},  # a room: its facility manager may book it too
    ("reservations.book", "inactive"): set(),
    ("reservations.change_booking", "booking"): {"ada", "bea", "ali", "fay"},
    ("reservations.see_booking", "booking"): {"ada", "bea", "ali", "fay"},
    ("reservations.see_booking", "public_booking"): ALL,
    ("reservations.manage_resources", None): {"ali", "fred", "fay"},
    ("reservations.manage_resources", "car"): {"ali", "fred"},
    ("reservations.manage_resources", "room"): {"ali", "fay"},
    ("reservations.check_licences", None): {"ali", "fred"},
    ("reservations.check_in", "booking"): {"ada", "bea"},  # not the managers
    ("reservations.record_logbook", "driven_booking"): {"ada", "bea", "carl"},
    ("reservations.open_booking", "booking"): {"ada", "bea", "ali", "fay"},
    ("reservations.open_booking", "driven_booking"): {"ada", "bea", "carl", "ali", "fred"},
}


def _about(cast, action: str, about: str | None):
    """The object the rule is asked about: a resource, a booking, or a resource kind."""
    if action == "reservations.manage_resources" or about is None:
        return about
    start = timezone.localtime().replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1)
    hour = {"start": start, "end": start + timedelta(hours=1), "occupied_until": start + timedelta(hours=1)}
    objects = {
        "room": lambda: make_resource(),
        "fb_room": lambda: _restricted(make_resource(), cast.fb),
        "fleet_only": lambda: make_resource(bookable_role="fleet"),
        "inactive": lambda: make_resource(active=False),
        "booking": lambda: Booking.objects.create(resource=make_resource(), title="Besprechung", booker=cast.bea,
                                                  on_behalf_of=cast.ada, **hour),
        "driven_booking": lambda: Booking.objects.create(resource=make_resource("car"), title="Fahrt", booker=cast.bea,
                                                         on_behalf_of=cast.ada, driver=cast.carl, **hour),
        "public_booking": lambda: Booking.objects.create(resource=make_resource(show_titles=True), title="Schulung",
                                                         booker=cast.dan, **hour),
    }
    return objects[about]()


def _restricted(resource, unit):
    resource.bookable_units.add(unit)
    return resource


@pytest.mark.parametrize(("action", "about"), list(RESERVATIONS_EXPECTED))
def test_reservations_permission_matrix(cast, action: str, about: str | None) -> None:
    obj = _about(cast, action, about)
    allowed = {name for name in EVERYONE if may(getattr(cast, name), action, obj)}
    assert allowed == RESERVATIONS_EXPECTED[(action, about)]


def test_a_unit_restriction_includes_the_units_below(cast) -> None:
    room = _restricted(make_resource(), cast.fb)
    assert may(cast.carl, "reservations.book", room)  # SG-B is below FB
    assert not may(cast.dan, "reservations.book", room)
