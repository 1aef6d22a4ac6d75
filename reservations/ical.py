"""Bookings as calendar events: the personal feed, a resource's feed, a single booking's .ics.

A series is sent as one VEVENT per occurrence, each with its own UID, rather than one VEVENT with
RRULE, EXDATE and RECURRENCE-ID overrides: subscribed calendars in Outlook and Google handle moved
or cancelled single occurrences of a recurring event unreliably (overrides get lost or duplicated on
refresh), while plain events with SEQUENCE and STATUS:CANCELLED are shown right by every client."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from intranet.core.ical import CalendarEvent, calendar_bytes
from intranet.core.site import uid_host

from .models import ACTIVE_STATES, Booking, BookingState

# Cancelled bookings stay in feeds this long as STATUS:CANCELLED, so clients remove them.
CANCELLED_GRACE = timedelta(days=14)
PAST = timedelta(days=90)  # how far back feeds reach


def booking_event(booking: Booking, *, show_title: bool = True) -> CalendarEvent:
    resource = booking.resource
    where = ", ".join(part for part in (resource.name, resource.location, resource.floor) if part)
    details = [f"Gebucht von {booking.booker.display_name}"] if show_title else []
    if show_title and booking.on_behalf_of is not None:
        details.append(f"für {booking.on_behalf_of.display_name}")
    if show_title and booking.destination:
        details.append(f"Ziel: {booking.destination}")
    return CalendarEvent(
        uid=f"booking-{booking.pk}@{uid_host()}", summary=booking.title if show_title else f"{resource.name}: belegt",
        start=booking.start, end=booking.end, sequence=booking.sequence, stamp=booking.updated_at,
        cancelled=booking.state not in ACTIVE_STATES, tentative=booking.state == BookingState.PENDING,
        location=where, description="\n".join(details),
    )


def booking_ics(bookings: Iterable[Booking], *, name: str) -> bytes:
    return calendar_bytes(name, [booking_event(b) for b in bookings])


def booking_mail_ics(bookings: Iterable[Booking], *, name: str, people: Iterable) -> bytes:
    """The file a booking mail carries: one event per booking (a series' dates each with its own UID),
    METHOD:CANCEL when they are cancelled, else PUBLISH; the intranet as organizer, the people as attendees."""
    from email.utils import parseaddr

    bookings = list(bookings)
    cancelled = all(b.state not in ACTIVE_STATES for b in bookings)
    sender_name, sender = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return calendar_bytes(name, [booking_event(b) for b in bookings], method="CANCEL" if cancelled else "PUBLISH",
                          organizer=(sender, sender_name or "Rathaus-Intranet"),
                          attendees=[(p.email, p.display_name) for p in people if p.email])


def feed_bookings(rows: QuerySet[Booking]) -> QuerySet[Booking]:
    """What a feed shows: active bookings from PAST on, and cancelled ones for a grace period."""
    now = timezone.now()
    return (rows.filter(end__gte=now - PAST)
            .filter(Q(state__in=ACTIVE_STATES) | Q(updated_at__gte=now - CANCELLED_GRACE))
            .select_related("resource", "booker", "on_behalf_of").order_by("start"))
