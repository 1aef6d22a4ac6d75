"""Writes of bookings: create, change, cancel, approve through the shared inbox, check in, release.

Every write holds a lock on the resource's row, checks the rules and collisions, then writes; the
database constraint (exclusion on PostgreSQL, trigger on SQLite) is the last word, so two people
booking the same span at once get one booking and one clear message, never two bookings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import User
from intranet.approvals.models import ApprovalRequest, ApprovalStep, RequestState
from intranet.approvals.notifications import notify
from intranet.approvals.workflow import (
    Approver,
    Fact,
    RequestKind,
    approval_request_create,
    register_kind,
    register_level,
    request_withdraw_for_subject,
    subject_follow,
    subjects_of,
)
from intranet.core.permissions import may, require

from .models import ACTIVE_STATES, Block, Booking, BookingState, Kind, LicenceCheck, LogbookEntry, Resource, Series
from .rules import (
    CHECK_IN_OPENS,
    LONG_TRIP_KM,
    ODOMETER_MAX,
    SpanRules,
    check_in_open,
    odometer_problems,
    span_problems,
)

SPAN_MESSAGES = {
    "end_before_start": ("end", gettext_lazy("The end lies before the start.")),
    "too_short": ("end", gettext_lazy("A booking of %(name)s must be at least %(min)s minutes long.")),
    "too_long": ("end", gettext_lazy("A booking of %(name)s can be at most %(max)s minutes long.")),
    "in_past": ("start", gettext_lazy("This time has passed; please choose a time from now on.")),
    "too_far_ahead": ("start", gettext_lazy("%(name)s can be booked at most %(days)s days ahead.")),
    "outside_hours": ("start", gettext_lazy("%(name)s can be booked between %(from)s and %(until)s.")),
}


def span_rules(resource: Resource) -> SpanRules:
    return SpanRules(min_minutes=resource.min_minutes, max_minutes=resource.max_minutes,
                     max_days_ahead=resource.max_days_ahead, day_starts=resource.day_starts,
                     day_ends=resource.day_ends)


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class Collision(ValidationError):
    """The span is taken: by another booking (`booking`) or a block (`block`)."""

    def __init__(self, message: str, *, booking: Booking | None = None, block: Block | None = None) -> None:
        super().__init__({"start": message})
        self.booking, self.block = booking, block


def collision_message(booking: Booking, viewer: User) -> str:
    if may(viewer, "reservations.see_booking", booking):
        return _("%(resource)s is already booked from %(start)s to %(end)s (%(title)s, %(who)s).") % {
            "resource": booking.resource, "start": _when(booking.start), "end": _when(booking.end),
            "title": booking.title, "who": booking.holder.display_name}
    return _("%(resource)s is already booked from %(start)s to %(end)s.") % {
        "resource": booking.resource, "start": _when(booking.start), "end": _when(booking.end)}


def licence_lapses_on(checked_on: date) -> date:
    """The last day a licence check made on that day is good for (LICENCE_CHECK_MONTHS later)."""
    return checked_on + relativedelta(months=settings.LICENCE_CHECK_MONTHS)


def licence_valid_until(driver: User) -> date | None:
    """The last day the driver's last licence check is good for (None: never checked)."""
    last = LicenceCheck.objects.filter(driver=driver).order_by("-checked_on").first()
    return licence_lapses_on(last.checked_on) if last else None


@dataclass
class Request:
    """What someone asks to book (the form's or the API's fields)."""

    resource: Resource
    start: datetime
    end: datetime
    title: str
    attendees: int = 1
    note: str = ""
    on_behalf_of: User | None = None
    driver: User | None = None
    destination: str = ""
    purpose: str = ""


def check_request(by: User, wanted: Request, *, now: datetime, exclude: int | None = None,
                  keep: frozenset[int] = frozenset()) -> None:
    """Every rule but the collision with other bookings; ValidationError with field messages.
    `keep`: people already named on the booking being changed (a manager may keep them)."""
    resource = wanted.resource
    if not may(by, "reservations.book", resource):
        raise ValidationError({"resource": _("You cannot book %(name)s.") % {"name": resource}})
    for field, person in (("on_behalf_of", wanted.on_behalf_of), ("driver", wanted.driver)):
        if person is not None and person.pk not in keep and person.pk != by.pk and not (
                may(by, "reservations.manage_resources", resource.kind)
                or colleagues_of(by).filter(pk=person.pk).exists()):
            raise ValidationError({field: _("You can book for the people of your unit and your superiors.")})
    if not wanted.title.strip():
        raise ValidationError({"title": _("Please give the booking a title.")})
    zone = timezone.get_current_timezone()
    problems = span_problems(wanted.start, wanted.end, span_rules(resource), now=now, zone=zone)
    if problems:
        field, message = SPAN_MESSAGES[problems[0]]
        raise ValidationError({field: message % {
            "name": resource, "min": resource.min_minutes, "max": resource.max_minutes,
            "days": resource.max_days_ahead, "from": resource.day_starts.strftime("%H:%M"),
            "until": resource.day_ends.strftime("%H:%M")}})
    if resource.kind == Kind.ROOM and resource.capacity and wanted.attendees > resource.capacity:
        raise ValidationError({"attendees": _("%(name)s has room for %(n)s people.") % {
            "name": resource, "n": resource.capacity}})
    holder = wanted.on_behalf_of or by
    if resource.max_future_bookings:
        future = Booking.objects.filter(
            Q(on_behalf_of=holder) | Q(on_behalf_of__isnull=True, booker=holder),
            resource=resource, state__in=ACTIVE_STATES, end__gt=now).exclude(pk=exclude).count()  # type: ignore[misc]  # pk=None excludes nothing: a new booking
        if future >= resource.max_future_bookings:
            raise ValidationError({"start": _("You can have at most %(n)s future bookings of %(name)s.") % {
                "n": resource.max_future_bookings, "name": resource}})
    if resource.kind == Kind.CAR:
        driver = wanted.driver or holder
        valid_until = licence_valid_until(driver)
        if valid_until is None or valid_until < timezone.localtime(wanted.end).date():
            raise ValidationError({"driver": _(
                "%(driver)s has no valid driving-licence check for this trip. Please show your licence to the "
                "fleet management first.") % {"driver": driver.display_name}})
    block = Block.objects.filter(resource=resource, start__lt=wanted.end, end__gt=wanted.start).first()
    if block is not None:
        raise Collision(_("%(name)s is not available from %(start)s to %(end)s: %(reason)s.") % {
            "name": resource, "start": _when(block.start), "end": _when(block.end), "reason": block.reason},
            block=block)


def colleagues_of(user: User) -> QuerySet[User]:
    """Whom one may book for or name as driver: the people of one's unit and the heads above it."""
    from directory.selectors import unit_and_ancestor_ids

    units = unit_and_ancestor_ids(user.org_unit_id)
    return (User.objects.filter(Q(org_unit_id=user.org_unit_id) | Q(headed_units__in=units), is_active=True)
            .exclude(pk=user.pk).distinct().order_by("last_name", "first_name"))


def check_collision(by: User, resource: Resource, start: datetime, until: datetime, exclude: int | None) -> None:
    clash = (Booking.objects.filter(resource=resource, state__in=ACTIVE_STATES, start__lt=until,
                                    occupied_until__gt=start)
             .exclude(pk=exclude).select_related("resource", "booker", "on_behalf_of").first())  # type: ignore[misc]
    if clash is not None:
        raise Collision(collision_message(clash, by), booking=clash)


def _save(booking: Booking, by: User) -> Booking:
    """Save in a savepoint: the database constraint turns a race lost into the same Collision."""
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        check_collision(by, booking.resource, booking.start, booking.occupied_until, booking.pk)
        raise Collision(_("This time was booked by someone else a moment ago.")) from None
    return booking


@transaction.atomic
def booking_create(*, by: User, wanted: Request, now: datetime | None = None, series: Series | None = None,
                   original_start: datetime | None = None) -> Booking:
    now = now or timezone.now()
    resource = Resource.objects.select_for_update().get(pk=wanted.resource.pk)
    wanted.resource = resource
    check_request(by, wanted, now=now)
    check_collision(by, resource, wanted.start, wanted.end + resource.buffer, None)
    needs_approval = resource.needs_approval and not may(by, "reservations.manage_resources", resource.kind)
    booking = _save(Booking(
        resource=resource, title=wanted.title.strip(), start=wanted.start, end=wanted.end,
        occupied_until=wanted.end + resource.buffer, booker=by, on_behalf_of=wanted.on_behalf_of,
        attendees=wanted.attendees, note=wanted.note.strip(),
        driver=(wanted.driver or wanted.on_behalf_of or by) if resource.kind == Kind.CAR else None,
        destination=wanted.destination.strip(), purpose=wanted.purpose.strip(),
        state=BookingState.PENDING if needs_approval else BookingState.CONFIRMED,
        series=series, original_start=original_start,
    ), by)
    if needs_approval:
        _ask_for_approval(booking, by)
    elif series is None:  # a series sends one mail for all its bookings
        tell(booking, "booking_confirmed")
    return booking


def _ask_for_approval(booking: Booking, by: User) -> None:
    """Send the booking to its resource's managers (kind `booking`)."""
    booking.approval = approval_request_create(
        requester=by, kind=BOOKING.key, subject=booking,
        summary=f"Buchung {booking.resource}: {_when(booking.start)}–{timezone.localtime(booking.end):%H:%M}",
    )
    booking.save(update_fields=["approval"])


def tell(bookings: Booking | list[Booking], template: str, **context: object) -> None:
    """Mail the person the bookings are for (and the booker, if someone else): one mail naming every
    date, with one .ics holding every booking as its own event (a series' change is one mail)."""
    from .ical import booking_mail_ics

    bookings = sorted([bookings] if isinstance(bookings, Booking) else bookings, key=lambda b: b.start)
    if not bookings:
        return
    first = bookings[0]
    people = {first.holder, first.booker}
    calendar = booking_mail_ics(bookings, name=first.title, people=people)
    link = (reverse("reservations:series_detail", args=[first.series_id]) if len(bookings) > 1 and first.series_id
            else reverse("reservations:booking_detail", args=[first.pk]))
    for person in people:
        notify(recipient=person, template=template, context={"booking": first, "bookings": bookings, **context},
               link=link, calendar=calendar)


@transaction.atomic
def booking_change(*, by: User, booking_id: int, wanted: Request, now: datetime | None = None,
                   series_edit: bool = False) -> Booking:
    """Move or edit a booking (its resource too); the same rules as a new one, itself excluded.
    `series_edit`: part of a change to many dates of a series (no mail each; the date stays in step
    with the series), otherwise a date of a series changed on its own is detached from later edits."""
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().select_related("resource").get(pk=booking_id)
    require(by, "reservations.change_booking", booking)
    if not booking.active:
        raise ValidationError(_("This booking is no longer active."))
    resource = Resource.objects.select_for_update().get(pk=wanted.resource.pk)
    wanted.resource = resource
    check_request(by, wanted, now=now, exclude=booking.pk,
                  keep=frozenset(p for p in (booking.on_behalf_of_id, booking.driver_id) if p))
    check_collision(by, resource, wanted.start, wanted.end + resource.buffer, booking.pk)
    # A new time or resource needs a new approval where the resource asks for one.
    moved = (resource.pk, wanted.start, wanted.end) != (booking.resource_id, booking.start, booking.end)
    needs_approval = moved and resource.needs_approval and not may(by, "reservations.manage_resources", resource.kind)
    booking.resource, booking.title = resource, wanted.title.strip()
    booking.start, booking.end = wanted.start, wanted.end
    booking.occupied_until = wanted.end + resource.buffer
    booking.attendees, booking.note = wanted.attendees, wanted.note.strip()
    booking.on_behalf_of = wanted.on_behalf_of
    if resource.kind == Kind.CAR:
        booking.driver = wanted.driver or booking.driver or booking.holder
        booking.destination, booking.purpose = wanted.destination.strip(), wanted.purpose.strip()
    booking.sequence += 1
    if booking.series_id and not series_edit:
        booking.detached = True
    if needs_approval:
        if booking.approval is not None and booking.approval.state == "submitted":
            request_withdraw_for_subject(by=booking.approval.requester, request_id=booking.approval.pk)
        booking.state = BookingState.PENDING
    _save(booking, by)
    if needs_approval:
        _ask_for_approval(booking, by)
    elif booking.state == BookingState.CONFIRMED and not series_edit:
        tell(booking, "booking_confirmed")
    return booking


@transaction.atomic
def booking_cancel(*, by: User, booking_id: int, now: datetime | None = None, quiet: bool = False) -> Booking:
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().select_related("resource").get(pk=booking_id)
    require(by, "reservations.change_booking", booking)
    if not booking.active:
        raise ValidationError(_("This booking is no longer active."))
    if booking.end <= now:
        raise ValidationError(_("A booking that is over cannot be cancelled."))
    booking.state = BookingState.CANCELLED
    booking.sequence += 1
    booking.save(update_fields=["state", "sequence", "updated_at"])
    if booking.approval is not None and booking.approval.state == "submitted":
        request_withdraw_for_subject(by=booking.approval.requester, request_id=booking.approval.pk)
    if not quiet:
        tell(booking, "booking_cancelled")
    return booking


# --- Approval by the resource's managers through the shared inbox ------------------------------------

def _booking_of(approval: ApprovalRequest) -> Booking:
    return Booking.objects.select_for_update().get(approval=approval)


def _booking_approved(approval: ApprovalRequest) -> None:
    booking = _booking_of(approval)
    if booking.state == BookingState.PENDING:
        booking.sequence += 1
        subject_follow(approval, booking, "sequence", "updated_at")
        tell(booking, "booking_confirmed")


def _booking_closed(approval: ApprovalRequest) -> None:
    booking = _booking_of(approval)
    if booking.state == BookingState.PENDING:  # one that was cancelled itself stays as it is
        booking.sequence += 1
        subject_follow(approval, booking, "sequence", "updated_at")


@register_level("resource_manager", label=gettext_lazy("Resource management"))
def _resource_manager_level(request: ApprovalRequest) -> Approver:
    return Approver(role=cast(Booking, request.subject).resource.manager_role)  # a generic FK is Any to mypy


def _booking_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    """What the resource's manager needs in the inbox to decide a booking: the resource and the time."""
    bookings = subjects_of(Booking.objects.select_related("resource"), steps)
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        booking = bookings.get(step.request_id)
        if booking is None:
            continue
        start, end = timezone.localtime(booking.start), timezone.localtime(booking.end)
        until = date_format(end, "TIME_FORMAT") if start.date() == end.date() else date_format(
            end, "SHORT_DATETIME_FORMAT")
        facts[step.pk] = [
            Fact(_("Resource"), str(booking.resource)),
            Fact(_("Time"), f"{date_format(start, 'SHORT_DATETIME_FORMAT')} – {until}"),
            Fact(_("Title"), booking.title),
        ]
    return facts


BOOKING = register_kind(RequestKind(
    key="booking", label=gettext_lazy("Booking"), levels=lambda request: ["resource_manager"],
    detail_template="reservations/_booking_detail.html", cancellable_after_approval=False,
    inbox_facts=_booking_facts, on_approved=_booking_approved, on_closed=_booking_closed,
    follows={RequestState.APPROVED: BookingState.CONFIRMED, RequestState.REJECTED: BookingState.REJECTED,
             RequestState.WITHDRAWN: BookingState.CANCELLED, RequestState.CANCELLED: BookingState.CANCELLED},
))


# --- Check-in and release -----------------------------------------------------------------------

@transaction.atomic
def booking_check_in(*, by: User, booking_id: int, now: datetime | None = None) -> Booking:
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().select_related("resource").get(pk=booking_id)
    require(by, "reservations.check_in", booking)
    if booking.state != BookingState.CONFIRMED:
        raise ValidationError(_("This booking is not confirmed."))
    if not check_in_open(booking.start, booking.end, now):
        raise ValidationError(_("Check-in opens 15 minutes before the start."))
    if booking.checked_in_at is None:
        booking.checked_in_at = now
        booking.save(update_fields=["checked_in_at", "updated_at"])
    return booking


CHECKIN_REMINDER = CHECK_IN_OPENS


def checkin_reminders_send(*, now: datetime | None = None) -> int:
    """Shortly before a booking of a room with check-in, remind its person, with the link to check in."""
    now = now or timezone.now()
    due = (Booking.objects.filter(state=BookingState.CONFIRMED, checked_in_at__isnull=True,
                                  checkin_reminded_at__isnull=True, resource__checkin_minutes__isnull=False,
                                  start__gt=now, start__lte=now + CHECKIN_REMINDER)
           .select_related("resource", "booker", "on_behalf_of"))
    sent = 0
    for booking in due:
        with transaction.atomic():
            if Booking.objects.filter(pk=booking.pk, checkin_reminded_at__isnull=True).update(
                    checkin_reminded_at=now):  # claimed: overlapping runs send it once
                notify(recipient=booking.holder, template="booking_checkin", context={"booking": booking},
                       link=reverse("reservations:booking_detail", args=[booking.pk]))
                sent += 1
    return sent


@transaction.atomic
def unattended_bookings_release(*, now: datetime | None = None) -> int:
    """Free the rooms whose bookings were not checked in within the resource's check-in time."""
    now = now or timezone.now()
    released = 0
    candidates = (Booking.objects.select_for_update(skip_locked=True)
                  .filter(state=BookingState.CONFIRMED, checked_in_at__isnull=True, start__lte=now, end__gt=now,
                          resource__checkin_minutes__isnull=False).select_related("resource"))
    for booking in candidates:
        if booking.start + timedelta(minutes=cast(int, booking.resource.checkin_minutes)) <= now:  # not null: filtered
            booking.state = BookingState.RELEASED
            booking.sequence += 1
            booking.save(update_fields=["state", "sequence", "updated_at"])
            released += 1
    return released


# --- Blocks -----------------------------------------------------------------------------------

@transaction.atomic
def block_create(*, by: User, resource: Resource, start: datetime, end: datetime, reason: str) -> list[Booking]:
    """Close a resource for a while (maintenance, a room's closure). Bookings already in that time stay,
    so nobody loses theirs without a word: they are returned for the manager to see, and their people
    are told to choose another time."""
    require(by, "reservations.manage_resources", resource.kind)
    if end <= start:
        raise ValidationError({"end": _("The end lies before the start.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Please give a reason; the people affected will read it.")})
    block = Block.objects.create(resource=resource, start=start, end=end, reason=reason.strip(), created_by=by)
    affected = list(Booking.objects.filter(resource=resource, state__in=ACTIVE_STATES, start__lt=end, end__gt=start)
                    .select_related("resource", "booker", "on_behalf_of"))
    for booking in affected:
        for person in {booking.holder, booking.booker}:
            notify(recipient=person, template="booking_blocked", context={"booking": booking, "block": block},
                   link=reverse("reservations:booking_detail", args=[booking.pk]))
    return affected


# --- Driving-licence checks and the logbook -------------------------------------------------------

@transaction.atomic
def licence_check_record(*, by: User, driver: User, checked_on: date, classes: str = "B") -> LicenceCheck:
    require(by, "reservations.check_licences")
    if checked_on > timezone.localdate():
        raise ValidationError({"checked_on": _("A check cannot lie in the future.")})
    return LicenceCheck.objects.create(driver=driver, checked_on=checked_on, checked_by=by,
                                       classes=classes.strip() or "B")


def licence_reminders_send(*, today: date | None = None) -> int:
    """Remind drivers whose check lapses within LICENCE_REMINDER_DAYS, once per check."""
    today = today or timezone.localdate()
    sent = 0
    latest = LicenceCheck.objects.order_by("driver_id", "-checked_on", "-pk")
    seen: set[int] = set()
    for check in latest.select_related("driver"):
        if check.driver_id in seen:
            continue
        seen.add(check.driver_id)
        valid_until = licence_lapses_on(check.checked_on)
        if check.reminded_at is None and today <= valid_until <= today + timedelta(
                days=settings.LICENCE_REMINDER_DAYS) and check.driver.is_active:
            notify(recipient=check.driver, template="licence_check_due", context={"valid_until": valid_until},
                   link=reverse("reservations:overview"))
            LicenceCheck.objects.filter(pk=check.pk).update(reminded_at=timezone.now())
            sent += 1
    return sent


ODOMETER_MESSAGES = {
    "too_large": gettext_lazy("An odometer reading has at most seven digits (up to %(max)s km)."),
    "end_before_start": gettext_lazy("The odometer at return is below the one at the start."),
    "end_below_previous": gettext_lazy(
        "The odometer at return is below the car's last recorded reading of %(previous)s km. Please check "
        "the reading; if the last entry is wrong, please tell the fleet management."),
    "end_above_next": gettext_lazy(
        "The odometer at return is above the reading at the start of the car's next trip in the logbook "
        "(%(next)s km). Please check the reading."),
    "long_trip": gettext_lazy(
        "That is %(km)s km in one trip, more than %(long)s km. Please check the reading; if it is right, "
        "confirm the distance and save again."),
}


@transaction.atomic
def logbook_record(*, by: User, booking_id: int, odometer_start: int, odometer_end: int,
                   fuel_level: int | None = None, damage: str = "", confirm_distance: bool = False,
                   now: datetime | None = None) -> LogbookEntry:
    """The driver's entry on return (Fahrtenbuch). The start is expected to be the last trip's end; a
    difference is kept as a gap for the fleet manager to explain, not refused. The readings must be
    plausible (rules.odometer_problems): seven digits at most, the return not below the start nor below
    the car's last recorded reading; a trip of more than LONG_TRIP_KM needs confirm_distance."""
    now = now or timezone.now()
    booking = Booking.objects.select_for_update().select_related("resource").get(pk=booking_id)
    if booking.resource.kind != Kind.CAR:
        raise ValidationError(_("Only car bookings have a logbook."))
    require(by, "reservations.record_logbook", booking)
    if booking.state != BookingState.CONFIRMED or booking.start > now:
        raise ValidationError(_("The logbook is filled in once the trip has begun."))
    if hasattr(booking, "logbook"):
        raise ValidationError(_("This trip is already in the logbook."))
    if fuel_level is not None and not 0 <= fuel_level <= 100:
        raise ValidationError({"fuel_level": _("Enter a percentage from 0 to 100.")})
    Resource.objects.select_for_update().get(pk=booking.resource_id)  # one entry of this car at a time
    previous = (LogbookEntry.objects.filter(car=booking.resource, booking__start__lt=booking.start)
                .order_by("-booking__start").first())
    following = (LogbookEntry.objects.filter(car=booking.resource, booking__start__gt=booking.start)
                 .order_by("booking__start").first())
    problems = odometer_problems(odometer_start, odometer_end, previous_end=previous.odometer_end if previous else None,
                                 next_start=following.odometer_start if following else None,
                                 long_confirmed=confirm_distance)
    if problems:
        values = {name: number_format(value, force_grouping=True) if value is not None else "" for name, value in {
            "max": ODOMETER_MAX, "long": LONG_TRIP_KM, "previous": previous.odometer_end if previous else None,
            "next": following.odometer_start if following else None, "km": odometer_end - odometer_start}.items()}
        raise ValidationError({field: ValidationError(ODOMETER_MESSAGES[code] % values, code=code)
                               for field, code in problems})
    return LogbookEntry.objects.create(
        booking=booking, car=booking.resource, driver=booking.driver or by, odometer_start=odometer_start,
        odometer_end=odometer_end, fuel_level=fuel_level, damage=damage.strip(),
        gap_km=odometer_start - previous.odometer_end if previous else 0,
    )


def last_odometer(car: Resource, before: datetime) -> int | None:
    """The last trip's odometer at return: the next trip's start."""
    entry = LogbookEntry.objects.filter(car=car, booking__start__lt=before).order_by("-booking__start").first()
    return entry.odometer_end if entry else None
