"""Bookings in the personal calendar feed, and each resource's own feed (for the door display and the
managers), which is reached by a token of the resource rather than of a person."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from directory.feeds import EventSource, register_personal_source
from directory.models import User
from intranet.core.http import token_parts

from .ical import booking_event, feed_bookings
from .models import Booking, Resource
from .selectors import bookings_of, enabled_kinds


def own_bookings(user: User) -> QuerySet[Booking]:
    return feed_bookings(bookings_of(user))


register_personal_source(EventSource(
    name="bookings", events=lambda user: [booking_event(b) for b in own_bookings(user)],
    rows=own_bookings, available=lambda user: bool(enabled_kinds())))


# --- A resource's token (feed and door display) --------------------------------------------------

def _mac(resource: Resource) -> str:
    return salted_hmac("reservations.resource", f"{resource.pk}:{resource.display_nonce}").hexdigest()[:32]


def resource_token(resource: Resource) -> str:
    """Creates the nonce on first use; renew with resource_token_renew."""
    if not resource.display_nonce:
        resource_token_renew(resource)
    return f"{resource.pk}-{_mac(resource)}"


def resource_token_renew(resource: Resource) -> None:
    resource.display_nonce = get_random_string(32)
    resource.save(update_fields=["display_nonce"])


def resource_for_token(token: str) -> Resource | None:
    parts = token_parts(token)
    if parts is None:
        return None
    resource_id, mac = parts
    resource = Resource.objects.filter(pk=resource_id, active=True).exclude(display_nonce="").first()
    if resource is None or not constant_time_compare(mac, _mac(resource)):
        return None
    return resource
