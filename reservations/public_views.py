"""Pages reached by a resource's secret token instead of a sign-in: the resource's calendar feed and the
door display (a tablet at the room's door showing today's bookings, free or busy now, and a QR code
to check in). Neither shows titles unless the resource is set to show them."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_safe

from directory.feeds import feed_response, table_version
from intranet.core.ical import calendar_bytes
from intranet.core.site import absolute_url

from .feeds import resource_for_token
from .ical import booking_event, feed_bookings
from .models import ACTIVE_STATES, Booking, Resource
from .selectors import enabled_kinds


def _resource(token: str) -> Resource:
    resource = resource_for_token(token)
    if resource is None or resource.kind not in enabled_kinds():
        raise Http404
    return resource


@require_safe  # GET and HEAD
def resource_feed(request: HttpRequest, token: str) -> HttpResponse:
    resource = _resource(token)
    rows = feed_bookings(Booking.objects.filter(resource=resource))
    # What the feed shows of the resource itself belongs to its version too (titles switched off: no 304).
    key = f"resource:{resource.pk}:{resource.show_titles}:{resource.name}:{resource.location}:{resource.floor}"
    return feed_response(request, key=key, version=table_version(rows), build=lambda: (
        calendar_bytes(f"Intranet – {resource.name}",
                       [booking_event(b, show_title=resource.show_titles) for b in rows])))


def _qr(url: str, title: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", xmldecl=False, omitsize=True, title=title, nl=False)
    return mark_safe(buffer.getvalue().decode())


@require_GET
def door_display(request: HttpRequest, token: str) -> HttpResponse:
    resource = _resource(token)
    now = timezone.now()
    zone = timezone.get_current_timezone()
    today = timezone.localdate()
    start = datetime.combine(today, time(), tzinfo=zone)
    bookings = list(Booking.objects.filter(resource=resource, state__in=ACTIVE_STATES, start__lt=start + timedelta(
        days=1), end__gt=start).select_related("booker").order_by("start"))
    current = next((b for b in bookings if b.start <= now < b.end), None)
    upcoming = next((b for b in bookings if b.start > now), None)
    target = (reverse("reservations:booking_detail", args=[current.pk]) if current else
              f"{reverse('reservations:booking_new')}?resource={resource.pk}")
    template = "reservations/_door.html" if request.htmx else "reservations/door.html"
    return render(request, template, {
        "resource": resource, "bookings": bookings, "current": current, "upcoming": upcoming, "now": now,
        "qr": _qr(absolute_url(target), "Check-in" if current else "Buchen"), "token": token,
    })
