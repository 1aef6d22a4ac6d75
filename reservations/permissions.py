"""Who may book, change and manage what. Registered with intranet.core.permissions."""

from __future__ import annotations

from directory.models import User
from directory.selectors import unit_and_ancestor_ids
from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of

from .models import Booking, Kind, Resource


def manages(user: User, kind: str) -> bool:
    """Fleet managers look after the cars, facility managers after rooms and equipment; admins after all."""
    roles = roles_of(user)
    return Role.ADMIN in roles or (Role.FLEET_MANAGER if kind == Kind.CAR else Role.FACILITY_MANAGER) in roles


@rule("reservations.book")
def can_book(user: User, resource: Resource) -> bool:
    # Active resources; where restricted, to the listed units (and the units below them) or a role.
    if not resource.active or not roles_of(user):
        return False
    if manages(user, resource.kind):
        return True
    if resource.bookable_role and resource.bookable_role not in roles_of(user):
        return False
    units = {u.pk for u in resource.bookable_units.all()}
    return not units or bool(units & set(unit_and_ancestor_ids(user.org_unit_id)))


@rule("reservations.change_booking")
def can_change_booking(user: User, booking: Booking) -> bool:
    # The booker, the person booked for, and the resource's managers.
    return user.pk in (booking.booker_id, booking.on_behalf_of_id) or manages(user, booking.resource.kind)


@rule("reservations.open_booking")
def can_open_booking(user: User, booking: Booking) -> bool:
    # Its page, download and logbook: those who may change it and its driver (anyone else gets 404).
    return can_change_booking(user, booking) or booking.driver_id == user.pk


@rule("reservations.see_booking")
def can_see_booking(user: User, booking: Booking) -> bool:
    # Title, note and people of a booking: those involved, the managers, everyone where the resource shows titles.
    # The grid's cache is keyed by these same facts (views._grid_cells): change them together.
    return (booking.resource.show_titles or user.pk in (booking.booker_id, booking.on_behalf_of_id, booking.driver_id)
            or manages(user, booking.resource.kind))


@rule("reservations.check_in")
def can_check_in(user: User, booking: Booking) -> bool:
    # Confirming that the room or car is taken: the booker and the person booked for.
    return user.pk in (booking.booker_id, booking.on_behalf_of_id)


@rule("reservations.record_logbook")
def can_record_logbook(user: User, booking: Booking) -> bool:
    # The logbook entry on return: the driver, the booker and the person booked for.
    return user.pk in (booking.driver_id, booking.booker_id, booking.on_behalf_of_id)


@rule("reservations.manage_resources")
def can_manage_resources(user: User, kind: str | None = None) -> bool:
    # Resources, blocks, reports: fleet managers for cars, facility managers for rooms and equipment.
    if kind is None:
        return bool(roles_of(user) & {Role.FLEET_MANAGER, Role.FACILITY_MANAGER, Role.ADMIN})
    return manages(user, kind)


@rule("reservations.check_licences")
def can_check_licences(user: User, obj: object = None) -> bool:
    # Recording that a driver's licence was seen (Führerscheinkontrolle): fleet managers.
    return manages(user, Kind.CAR)
