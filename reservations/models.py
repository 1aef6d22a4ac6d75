"""Bookable resources (meeting rooms, pool cars, equipment), their blocks, bookings and series,
drivers' licence checks and the car logbook.

No double booking: the span a booking occupies is [start, occupied_until), where occupied_until is
the end plus the resource's buffer (cleaning, charging). Active bookings of one resource never
overlap there: on PostgreSQL an exclusion constraint says so, on SQLite a trigger (migration 0002),
and the services check first to give a helpful answer."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from directory.models import OrgUnit
from intranet.approvals.models import ApprovalRequest

from .rules import ODOMETER_MAX


class Kind(models.TextChoices):
    ROOM = "room", _("Meeting room")
    CAR = "car", _("Pool car")
    EQUIPMENT = "equipment", _("Equipment")


class Fuel(models.TextChoices):
    PETROL = "petrol", _("Petrol")
    DIESEL = "diesel", _("Diesel")
    ELECTRIC = "electric", _("Electric")
    HYBRID = "hybrid", _("Hybrid")


class Resource(models.Model):
    """Something to book, with its details and its booking rules."""

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=120)
    location = models.CharField(_("building / location"), max_length=120, blank=True)
    floor = models.CharField(_("floor"), max_length=20, blank=True)
    description = models.TextField(_("description"), blank=True)
    active = models.BooleanField(_("bookable"), default=True)
    # Rooms
    capacity = models.PositiveSmallIntegerField(_("seats"), default=0)
    equipment = models.CharField(_("equipment"), max_length=300, blank=True,
                                 help_text=_("Comma-separated, e.g. projector, video conference, whiteboard"))
    step_free = models.BooleanField(_("step-free access"), default=False)
    hearing_loop = models.BooleanField(_("hearing loop"), default=False)
    # Cars
    licence_plate = models.CharField(_("licence plate"), max_length=20, blank=True)
    car_model = models.CharField(_("model"), max_length=80, blank=True)
    fuel = models.CharField(_("fuel"), max_length=10, choices=Fuel.choices, blank=True)
    range_km = models.PositiveIntegerField(_("range (km)"), null=True, blank=True)
    key_box = models.CharField(_("key box"), max_length=80, blank=True)
    next_inspection = models.DateField(_("next inspection"), null=True, blank=True)
    # Rules
    bookable_units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("only for these units"),
        help_text=_("Empty: everyone may book. Units include the units below them."),
    )
    bookable_role = models.CharField(_("only for a role"), max_length=20, blank=True,
                                     help_text=_("e.g. fleet; empty: no role needed"))
    needs_approval = models.BooleanField(_("bookings need approval"), default=False)
    min_minutes = models.PositiveIntegerField(_("shortest booking (minutes)"), default=15)
    max_minutes = models.PositiveIntegerField(_("longest booking (minutes)"), default=600)
    max_days_ahead = models.PositiveIntegerField(_("bookable days ahead"), default=180)
    day_starts = models.TimeField(_("bookable from"), default="06:00")
    day_ends = models.TimeField(_("bookable until"), default="22:00")
    buffer_minutes = models.PositiveSmallIntegerField(_("buffer after each booking (minutes)"), default=0)
    max_future_bookings = models.PositiveSmallIntegerField(_("most future bookings per person"), null=True,
                                                           blank=True)
    show_titles = models.BooleanField(_("show booking titles to everyone"), default=False)
    # the resource feed's secret
    display_nonce = models.CharField(_("feed secret"), max_length=64, blank=True, editable=False)
    checkin_minutes = models.PositiveSmallIntegerField(
        _("check-in within (minutes)"), null=True, blank=True,
        help_text=_("A booking not checked in this long after its start is released. Empty: no check-in."),
    )

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["kind", "name"]
        constraints = [models.CheckConstraint(condition=Q(max_minutes__gte=F("min_minutes")),
                                              name="resource_max_not_below_min")]

    def __str__(self) -> str:
        return f"{self.name} ({self.licence_plate})" if self.licence_plate else self.name

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)

    @property
    def equipment_list(self) -> list[str]:
        return [item.strip() for item in self.equipment.split(",") if item.strip()]

    @property
    def manager_role(self) -> str:
        return "fleet" if self.kind == Kind.CAR else "facility"


class Block(models.Model):
    """Maintenance of a car, closure of a room: nothing can be booked into it."""

    resource = models.ForeignKey(Resource, verbose_name=_("resource"), on_delete=models.CASCADE, related_name="blocks")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="block_end_after_start")]

    def __str__(self) -> str:
        return f"{self.resource}: {self.reason}"


class Series(models.Model):
    """Recurring bookings (RRULE); each occurrence is its own Booking row pointing here. Skipped or
    cancelled dates stay known, so editing the series keeps them and they can be added back."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="series")
    booker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="booking_series")
    title = models.CharField(_("title"), max_length=200)
    rrule = models.CharField(_("recurrence"), max_length=300)  # RFC 5545 RRULE value, e.g. FREQ=WEEKLY;BYDAY=MO
    first_start = models.DateTimeField()
    duration = models.DurationField()
    skipped = models.JSONField(default=list, blank=True)  # ISO dates left out at creation; can be added back
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("booking series")
        verbose_name_plural = _("booking series")

    def __str__(self) -> str:
        return f"{self.title} ({self.rrule})"


class BookingState(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    REJECTED = "rejected", _("Rejected")
    RELEASED = "released", _("Released (not checked in)")


ACTIVE_STATES = (BookingState.PENDING, BookingState.CONFIRMED)


class Booking(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="bookings",
                                 verbose_name=_("resource"))
    title = models.CharField(_("title"), max_length=200)
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    # end + the resource's buffer, kept by the services
    occupied_until = models.DateTimeField(_("occupied until (with buffer)"))
    booker = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT,
                               related_name="bookings")
    on_behalf_of = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="bookings_for_me", verbose_name=_("on behalf of"))
    attendees = models.PositiveSmallIntegerField(_("attendees"), default=1, validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=BookingState.choices, default=BookingState.CONFIRMED)
    # Cars
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="drives", verbose_name=_("driver"))
    destination = models.CharField(_("destination"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    # Series: the occurrence's original start identifies it (RECURRENCE-ID) even after it was moved.
    series = models.ForeignKey(Series, verbose_name=_("booking series"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="occurrences")
    original_start = models.DateTimeField(_("original start"), null=True, blank=True)
    # changed on its own: edits of the whole series leave it
    detached = models.BooleanField(_("changed on its own"), default=False)
    approval = models.OneToOneField(ApprovalRequest, verbose_name=_("approval"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="booking")
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checkin_reminded_at = models.DateTimeField(_("check-in reminder sent at"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("revision"), default=0)  # iCalendar SEQUENCE: raised on every change
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["start"]
        indexes = [models.Index(fields=["resource", "start"]), models.Index(fields=["booker", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(condition=Q(occupied_until__gte=F("end")), name="booking_buffer_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {self.start:%Y-%m-%d %H:%M} {self.title}"

    def save(self, *args, **kwargs) -> None:
        # updated_at moves on every save, also one of some fields only: the grid's cache is versioned by it
        # (selectors.grid_version), so no change may leave it behind.
        if (fields := kwargs.get("update_fields")) and "updated_at" not in fields:  # (none: nothing is saved)
            kwargs["update_fields"] = [*fields, "updated_at"]
        super().save(*args, **kwargs)

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def holder(self):
        """Whom the booking is for: the person booked for, or the booker."""
        return self.on_behalf_of or self.booker


class LicenceCheck(models.Model):
    """The fleet manager saw the driver's licence on this day (Führerscheinkontrolle). Append-only."""

    driver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("driver"), on_delete=models.PROTECT,
                               related_name="licence_checks")
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("checked by"), on_delete=models.PROTECT,
                                   related_name="+")
    classes = models.CharField(_("licence classes"), max_length=40, default="B")
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("licence check")
        verbose_name_plural = _("licence checks")
        ordering = ["-checked_on"]

    def __str__(self) -> str:
        return f"{self.driver} {self.checked_on}"


class LogbookEntry(models.Model):
    """The car logbook (Fahrtenbuch): one entry per trip, filled in by the driver on return."""

    booking = models.OneToOneField(Booking, verbose_name=_("booking"), on_delete=models.PROTECT, related_name="logbook")
    car = models.ForeignKey(Resource, verbose_name=_("car"), on_delete=models.PROTECT, related_name="logbook")
    driver = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("driver"), on_delete=models.PROTECT,
                               related_name="+")
    odometer_start = models.PositiveIntegerField(_("odometer at start (km)"),
                                                 validators=[MaxValueValidator(ODOMETER_MAX)])
    odometer_end = models.PositiveIntegerField(_("odometer at return (km)"),
                                               validators=[MaxValueValidator(ODOMETER_MAX)])
    fuel_level = models.PositiveSmallIntegerField(_("fuel or charge at return (%)"), null=True, blank=True)
    damage = models.TextField(_("damage or problems"), blank=True)
    # start minus the previous trip's end: not 0 means a gap to explain
    gap_km = models.IntegerField(_("gap to the previous trip (km)"), default=0)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("logbook entry")
        verbose_name_plural = _("logbook entries")
        ordering = ["car", "booking__start"]
        constraints = [models.CheckConstraint(condition=Q(odometer_end__gte=F("odometer_start")),
                                              name="logbook_end_not_below_start")]

    def __str__(self) -> str:
        return f"{self.car} {self.odometer_start}–{self.odometer_end}"

    @property
    def distance(self) -> int:
        return self.odometer_end - self.odometer_start
