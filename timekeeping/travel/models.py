"""Business trips (Dienstreisen) and their travel-cost claims, training, with the dated travel-cost
rates (HRKG, domain.md 4)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from intranet.approvals.models import ApprovalRequest

MONEY: dict[str, Any]  # field options of mixed types
MONEY = {"max_digits": 9, "decimal_places": 2, "default": Decimal(0), "validators": [MinValueValidator(Decimal(0))]}


class TravelRuleSet(models.Model):
    """Travel-cost rates valid from a date (HRKG: the same for employees and civil servants, § 44 TVöD BT-V)."""

    valid_from = models.DateField(_("valid from"), unique=True)
    legal_ref = models.CharField(_("legal reference"), max_length=200, blank=True)
    per_diem_partial = models.DecimalField(_("per diem over 8 hours / arrival and departure day (€)"),
                                           max_digits=6, decimal_places=2, default=Decimal("14"))
    per_diem_full = models.DecimalField(_("per diem for a full day (€)"), max_digits=6, decimal_places=2,
                                        default=Decimal("28"))
    min_hours = models.PositiveSmallIntegerField(_("hours of absence for a per diem"), default=8)
    breakfast_percent = models.PositiveSmallIntegerField(_("breakfast provided: percent of the full-day rate off"),
                                                         default=20)
    lunch_percent = models.PositiveSmallIntegerField(_("lunch provided: percent off"), default=40)
    dinner_percent = models.PositiveSmallIntegerField(_("dinner provided: percent off"), default=40)
    km_with_reason = models.DecimalField(_("private car with a good reason (€/km)"), max_digits=4, decimal_places=2,
                                         default=Decimal("0.35"))
    km_without_reason = models.DecimalField(_("private car without a good reason (€/km)"), max_digits=4,
                                            decimal_places=2, default=Decimal("0.21"))
    claim_months = models.PositiveSmallIntegerField(_("months to claim (Ausschlussfrist)"), default=6)
    second_level_from = models.DecimalField(
        _("estimated costs from which the head of department approves too (€)"), max_digits=9, decimal_places=2,
        default=Decimal("1000"))

    class Meta:
        db_table = "timekeeping_travelruleset"  # kept since the split of timekeeping
        verbose_name = _("travel-cost rule set")
        verbose_name_plural = _("travel-cost rule sets")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"HRKG ab {self.valid_from}"

    @classmethod
    def valid_on(cls, day, rows: list[TravelRuleSet] | None = None) -> TravelRuleSet:
        """The rule set valid on the day: one query, or none from rows (all of them, oldest first)."""
        from intranet.core.dated_rules import valid_on

        row = cls.objects.filter(valid_from__lte=day).order_by("-valid_from").first() if rows is None \
            else valid_on(rows, day)
        if row is None:
            raise cls.DoesNotExist(f"No travel-cost rule set on {day}")
        return row


class Transport(models.TextChoices):
    PUBLIC = "public", _("Public transport or rail")
    POOL_CAR = "pool_car", _("Pool car")
    PRIVATE_CAR = "private_car", _("Private car")
    BICYCLE = "bicycle", _("Bicycle")
    FLIGHT = "flight", _("Flight")


class TripState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class Trip(models.Model):
    """An application for a business trip, approved before the trip (§ 2 HRKG)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trips")
    destination = models.CharField(_("destination"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300)
    start = models.DateTimeField(_("departure"))
    end = models.DateTimeField(_("return"))
    abroad = models.BooleanField(_("abroad"), default=False)
    transport = models.CharField(_("means of transport"), max_length=12, choices=Transport.choices,
                                 default=Transport.PUBLIC)
    transport_reason = models.CharField(_("reason for the private car or the flight"), max_length=300, blank=True)
    distance_km = models.PositiveIntegerField(_("distance there and back (km)"), default=0)
    car = models.ForeignKey("reservations.Resource", null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+", verbose_name=_("pool car"))
    car_booking = models.OneToOneField("reservations.Booking", null=True, blank=True, on_delete=models.SET_NULL,
                                       related_name="trip")
    tickets = models.DecimalField(_("tickets (estimated, €)"), **MONEY)
    lodging = models.DecimalField(_("lodging (estimated, €)"), **MONEY)
    fees = models.DecimalField(_("fees (estimated, €)"), **MONEY)
    advance = models.DecimalField(_("advance payment wanted (€)"), **MONEY)
    # Per diem and kilometre allowance for the trip as applied for, computed as the claim will be (trips.py).
    estimated_allowances = models.DecimalField(_("per diem and kilometre allowance (estimated, €)"), **MONEY)
    pool_car_free = models.BooleanField(default=False)  # when applied for with the private car
    claim_reminders = models.PositiveSmallIntegerField(default=0)  # deadline reminders sent (4 and 1 weeks)
    state = models.CharField(_("state"), max_length=10, choices=TripState.choices, default=TripState.SUBMITTED)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="trip")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "timekeeping_trip"  # kept since the split of timekeeping
        verbose_name = _("business trip")
        verbose_name_plural = _("business trips")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="trip_return_after_departure")]

    def __str__(self) -> str:
        return f"{self.person} → {self.destination} {self.start:%Y-%m-%d}"

    @property
    def estimated_costs(self) -> Decimal:
        """What the trip is expected to cost: the approvers decide on this, the claim is held against it."""
        return self.tickets + self.lodging + self.fees + self.estimated_allowances


class ClaimState(models.TextChoices):
    SUBMITTED = "submitted", _("With the travel-cost office")
    APPROVED = "approved", _("Paid out")
    REJECTED = "rejected", _("Returned")


class TripClaim(models.Model):
    """The travel-cost claim after the trip (Reisekostenabrechnung), its figures and its lines as
    computed when it was submitted, so the approver sees exactly what was asked."""

    trip = models.OneToOneField(Trip, on_delete=models.PROTECT, related_name="claim")
    actual_start = models.DateTimeField(_("actual departure"))
    actual_end = models.DateTimeField(_("actual return"))
    private_km = models.PositiveIntegerField(_("kilometres driven with the private car"), default=0)
    tickets = models.DecimalField(_("tickets (€)"), **MONEY)
    lodging = models.DecimalField(_("lodging (€)"), **MONEY)
    fees = models.DecimalField(_("fees (€)"), **MONEY)
    business_hours = models.DecimalField(_("hours of business at the destination"), max_digits=5, decimal_places=2,
                                         default=Decimal(0), validators=[MinValueValidator(Decimal(0))])
    meals = models.JSONField(default=dict, blank=True)  # {"2026-11-23": ["breakfast", "lunch"]}: meals provided
    lines = models.JSONField(default=list)               # [[text, "12.34"], ...] as computed
    total = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))
    # How far the costs claimed lie above the approved estimate beyond the margin (0: within it); such a
    # claim, and one from the second-level limit on a trip only the supervisor approved, goes to the
    # second level before the travel-cost office.
    over_estimate = models.DecimalField(max_digits=9, decimal_places=2, default=Decimal(0))
    second_level = models.BooleanField(default=False)
    late = models.BooleanField(default=False)            # submitted after the claim deadline
    state = models.CharField(_("state"), max_length=10, choices=ClaimState.choices, default=ClaimState.SUBMITTED)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="trip_claim")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "timekeeping_tripclaim"  # kept since the split of timekeeping
        verbose_name = _("travel-cost claim")
        verbose_name_plural = _("travel-cost claims")
        constraints = [models.CheckConstraint(condition=Q(actual_end__gt=F("actual_start")),
                                              name="tripclaim_return_after_departure")]

    def __str__(self) -> str:
        return f"Abrechnung {self.trip}"

    @property
    def costs(self) -> Decimal:
        """The costs claimed, before the advance is taken off."""
        return self.total + self.trip.advance


def receipt_path(instance: Receipt, filename: str) -> str:
    # A random name under the private media root, never the uploader's file name.
    from uuid import uuid4

    return f"receipts/{instance.claim.trip.person_id}/{uuid4().hex}"


class Receipt(models.Model):
    """A receipt of a claim (PDF, JPEG, PNG), stored outside the web root and served only to the owner,
    the approvers and HR."""

    claim = models.ForeignKey(TripClaim, on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField(upload_to=receipt_path)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)

    class Meta:
        db_table = "timekeeping_receipt"  # kept since the split of timekeeping
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")

    def __str__(self) -> str:
        return self.name


class TrainingState(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Withdrawn")


class Training(models.Model):
    """A request to attend a course (Fortbildung): the supervisor, then HR (training budget) approve."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="trainings")
    course = models.CharField(_("course"), max_length=200)
    provider = models.CharField(_("provider"), max_length=200)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    place = models.CharField(_("place"), max_length=200)
    fee = models.DecimalField(_("course fee (€)"), **MONEY)
    travel_costs = models.DecimalField(_("travel costs (estimated, €)"), **MONEY)
    reason = models.TextField(_("reason or benefit"), max_length=2000)
    mandatory = models.BooleanField(_("mandatory for the post"), default=False)
    needs_travel = models.BooleanField(_("travel needed"), default=False)
    state = models.CharField(_("state"), max_length=10, choices=TrainingState.choices,
                             default=TrainingState.SUBMITTED)
    unit = models.ForeignKey("directory.OrgUnit", null=True, on_delete=models.PROTECT, related_name="+")
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="training")
    absence = models.OneToOneField("leave.LeaveRequest", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="training")
    trip = models.OneToOneField(Trip, null=True, blank=True, on_delete=models.SET_NULL, related_name="training")
    certificate = models.FileField(upload_to="certificates/", blank=True)
    certificate_type = models.CharField(max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "timekeeping_training"  # kept since the split of timekeeping
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=F("start")), name="training_dates_in_order")]

    def __str__(self) -> str:
        return f"{self.person} {self.course}"

    @property
    def costs(self) -> Decimal:
        return self.fee + self.travel_costs


class TrainingBudget(models.Model):
    """The training budget an org unit plans for a year; committed and spent are computed."""

    unit = models.ForeignKey("directory.OrgUnit", verbose_name=_("org unit"), on_delete=models.CASCADE,
                             related_name="training_budgets")
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.DecimalField(_("planned (€)"), **MONEY)

    class Meta:
        db_table = "timekeeping_trainingbudget"  # kept since the split of timekeeping
        verbose_name = _("training budget")
        verbose_name_plural = _("training budgets")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="trainingbudget_once")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"
