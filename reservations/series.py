"""Booking series (RRULE): preview, create all at once or nothing, change or cancel one occurrence,
this and the following, or all, as Outlook does: occurrences changed on their own keep their changes
when the whole series is edited, and a date left out can be added back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import User
from intranet.core.permissions import require
from intranet.core.workdays import holiday_names

from .models import ACTIVE_STATES, Booking, BookingState, Resource, Series
from .rules import ends_by, occurrences
from .services import (
    Collision,
    Request,
    booking_cancel,
    booking_change,
    booking_create,
    check_collision,
    check_request,
    tell,
)


@dataclass
class Planned:
    start: datetime
    end: datetime
    problem: str = ""   # why it cannot be booked (a collision, a rule); empty: bookable
    holiday: str = ""   # the public holiday's name, if it falls on one

    @property
    def suggested(self) -> bool:
        """Booked unless the person unticks it: not on a holiday, and possible."""
        return not self.problem and not self.holiday


def _horizon(now: datetime) -> date:
    return timezone.localdate(now) + timedelta(days=settings.SERIES_HORIZON_DAYS)


def series_preview(*, by: User, wanted: Request, rule: str, now: datetime | None = None) -> list[Planned]:
    """Every occurrence with what stands in its way; raises ValidationError for a rule beyond the horizon."""
    now = now or timezone.now()
    wanted.resource = Resource.objects.get(pk=wanted.resource.pk)
    zone = timezone.get_current_timezone()
    horizon = _horizon(now)
    if not ends_by(rule, wanted.start, horizon, zone=zone):
        raise ValidationError({"until": _("A series can reach at most %(days)s days ahead (until %(date)s).") % {
            "days": settings.SERIES_HORIZON_DAYS, "date": horizon.strftime("%d.%m.%Y")}})
    found = occurrences(rule, wanted.start, wanted.end - wanted.start, zone=zone, horizon=horizon)
    if not found:
        raise ValidationError({"until": _("The series has no dates.")})
    holidays = {}
    for year in {o.start.year for o in found}:
        holidays.update(holiday_names(settings.HOLIDAY_STATE, year))
    planned = []
    for item in found:
        one = Request(**{**wanted.__dict__, "start": item.start, "end": item.end})
        problem = ""
        try:
            check_request(by, one, now=now)
            check_collision(by, one.resource, item.start, item.end + one.resource.buffer, None)
        except ValidationError as exc:
            problem = exc.messages[0]
        planned.append(Planned(item.start, item.end, problem, str(holidays.get(item.start.date(), ""))))
    return planned


@transaction.atomic
def series_create(*, by: User, wanted: Request, rule: str, skip: set[date], now: datetime | None = None) -> Series:
    """Book every occurrence but the skipped dates, all at once or nothing at all."""
    now = now or timezone.now()
    planned = series_preview(by=by, wanted=wanted, rule=rule, now=now)
    skip = {p.start.date() for p in planned} & set(skip)  # only dates of the series
    chosen = [p for p in planned if p.start.date() not in skip]
    if not chosen:
        raise ValidationError({"until": _("Every date of the series is left out.")})
    series = Series.objects.create(resource=wanted.resource, booker=by, title=wanted.title.strip(), rrule=rule,
                                   first_start=wanted.start, duration=wanted.end - wanted.start,
                                   skipped=sorted(d.isoformat() for d in skip))
    booked = []
    for item in chosen:
        try:
            booked.append(booking_create(
                by=by, wanted=Request(**{**wanted.__dict__, "start": item.start, "end": item.end}), now=now,
                series=series, original_start=item.start))
        except ValidationError as exc:  # nothing of the series stays
            when = timezone.localtime(item.start).strftime("%d.%m.%Y")
            raise ValidationError({"start": _("%(date)s: %(problem)s") % {
                "date": when, "problem": exc.messages[0]}}) from None
    # One mail for every date; dates waiting for approval are confirmed by mail each when approved.
    tell([b for b in booked if b.state == BookingState.CONFIRMED], "booking_confirmed")
    return series


def _scope(booking: Booking, scope: str, now: datetime):
    """The active occurrences a change to `booking` with this scope concerns: itself; itself and the
    later dates; or every date still to come (one running now stays as it is)."""
    rows = Booking.objects.select_for_update().filter(series=booking.series, state__in=ACTIVE_STATES)
    if scope == "one":
        return rows.filter(pk=booking.pk)
    if scope == "following":
        return rows.filter(Q(original_start__gte=booking.original_start) | Q(pk=booking.pk))
    return rows.filter(start__gt=now)


@transaction.atomic
def series_change(*, by: User, booking_id: int, scope: str, title: str, start_time, end_time,
                  resource: Resource | None = None, now: datetime | None = None) -> int:
    """Change the title, the time of day or the resource of one occurrence, this and the following, or
    all; occurrences changed on their own before keep their changes unless the scope is "one". All or
    nothing: one collision and none is changed. Returns how many were changed."""
    now = now or timezone.now()
    booking = Booking.objects.select_related("series", "resource").get(pk=booking_id)
    require(by, "reservations.change_booking", booking)
    if booking.series is None:
        raise ValidationError(_("This booking is not part of a series."))
    targets = _scope(booking, scope, now)
    if scope != "one":  # dates changed on their own keep their changes, except the one being edited
        targets = targets.filter(Q(detached=False) | Q(pk=booking.pk))
    zone = timezone.get_current_timezone()
    changed = 0
    confirmed = []
    for occurrence in targets.select_related("resource"):
        day = timezone.localtime(occurrence.start, zone).date()
        start = datetime.combine(day, start_time, tzinfo=zone)
        end = datetime.combine(day, end_time, tzinfo=zone)
        wanted = Request(resource=resource or occurrence.resource, start=start, end=end, title=title,
                         attendees=occurrence.attendees, note=occurrence.note, on_behalf_of=occurrence.on_behalf_of,
                         driver=occurrence.driver, destination=occurrence.destination, purpose=occurrence.purpose)
        try:
            moved = booking_change(by=by, booking_id=occurrence.pk, wanted=wanted, now=now,
                                   series_edit=scope != "one")
        except Collision as exc:
            raise Collision(_("%(date)s: %(problem)s") % {"date": day.strftime("%d.%m.%Y"),
                                                          "problem": exc.messages[0]}, booking=exc.booking) from None
        changed += 1
        if moved.state == BookingState.CONFIRMED:  # a move that needs approval is confirmed when approved
            confirmed.append(moved)
    if scope != "one":  # one mail for the dates changed (a single date sent its own); dates added back
        tell(confirmed, "booking_confirmed")  # later follow the series as it is now
        series = booking.series
        first = timezone.localtime(series.first_start, zone)
        series.title, series.resource = title.strip(), resource or booking.resource
        series.first_start = datetime.combine(first.date(), start_time, tzinfo=zone)
        series.duration = (datetime.combine(first.date(), end_time, tzinfo=zone) - series.first_start)
        series.save(update_fields=["title", "resource", "first_start", "duration"])
    return changed


@transaction.atomic
def series_cancel(*, by: User, booking_id: int, scope: str, now: datetime | None = None) -> int:
    booking = Booking.objects.select_related("series").get(pk=booking_id)
    require(by, "reservations.change_booking", booking)
    if booking.series is None:
        raise ValidationError(_("This booking is not part of a series."))
    now = now or timezone.now()
    cancelled = [booking_cancel(by=by, booking_id=occurrence.pk, now=now, quiet=True)
                 for occurrence in _scope(booking, scope, now).filter(end__gt=now)]
    tell(cancelled, "booking_cancelled")  # one mail naming every date, not one per date
    return len(cancelled)


@transaction.atomic
def series_date_add_back(*, by: User, series_id: int, day: date, now: datetime | None = None) -> Booking:
    """Book a date of the series that was left out or cancelled, at the series' time, if it is free."""
    series = Series.objects.select_for_update().select_related("resource").get(pk=series_id)
    template = series.occurrences.order_by("-start").first()
    if template is None or not (by.pk == series.booker_id or by.pk == template.on_behalf_of_id):
        raise PermissionDenied
    zone = timezone.get_current_timezone()
    first = timezone.localtime(series.first_start, zone)
    dates = {timezone.localtime(o.start, zone).date(): o for o in occurrences(
        series.rrule, series.first_start, series.duration, zone=zone, horizon=day)}
    if day not in dates:
        raise ValidationError(_("%(date)s is not a date of this series.") % {"date": day.strftime("%d.%m.%Y")})
    if series.occurrences.filter(original_start=dates[day].start, state__in=ACTIVE_STATES).exists():
        raise ValidationError(_("%(date)s is booked already.") % {"date": day.strftime("%d.%m.%Y")})
    start = datetime.combine(day, first.time(), tzinfo=zone)
    booking = booking_create(by=by, now=now, series=series, original_start=dates[day].start, wanted=Request(
        resource=series.resource, start=start, end=start + series.duration, title=series.title,
        attendees=template.attendees, note=template.note, on_behalf_of=template.on_behalf_of,
        driver=template.driver, destination=template.destination, purpose=template.purpose))
    series.skipped = [d for d in series.skipped if d != day.isoformat()]
    series.save(update_fields=["skipped"])
    if booking.state == BookingState.CONFIRMED:
        tell(booking, "booking_confirmed")
    return booking


def series_dates(series: Series) -> list[tuple[date, Booking | None]]:
    """Each date of the series with its booking (None: left out or cancelled, so it can be added back)."""
    zone = timezone.get_current_timezone()
    horizon = timezone.localtime(series.created_at, zone).date() + timedelta(days=settings.SERIES_HORIZON_DAYS)
    by_start = {}
    for booking in series.occurrences.select_related("resource").order_by("start"):
        if booking.state in ACTIVE_STATES or booking.original_start not in by_start:
            by_start[booking.original_start] = booking if booking.state in ACTIVE_STATES else None
    return [(timezone.localtime(o.start, zone).date(), by_start.get(o.start))
            for o in occurrences(series.rrule, series.first_start, series.duration, zone=zone, horizon=horizon)]

