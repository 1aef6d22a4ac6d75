"""Leave and absences: types, dated rule sets, entitlement buckets, requests and what they drew on."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory.models import StatusGroup
from intranet.approvals.models import ApprovalRequest

month_day = RegexValidator(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$", _("Enter a day as MM-DD, e.g. 03-31."))



class DrawsOn(models.TextChoices):
    ANNUAL = "annual", _("annual leave entitlement")
    FLEXITIME = "flexitime", _("flexitime balance")
    NONE = "none", _("neither")



class LeaveType(models.Model):
    """A kind of absence, kept by HR (Erholungsurlaub, Krankheit, Arbeitsbefreiung, ...)."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name_de = models.CharField(_("German name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100)
    draws_on = models.CharField(_("draws on"), max_length=10, choices=DrawsOn.choices, default=DrawsOn.NONE)
    needs_approval = models.BooleanField(_("needs approval"), default=True)
    needs_certificate = models.BooleanField(_("needs a certificate"), default=False)
    is_sickness = models.BooleanField(
        _("sickness"), default=False,
        help_text=_("Reported, not requested; the supervisor sees only 'sick', colleagues only 'absent'."),
    )
    notice_days = models.PositiveSmallIntegerField(_("notice in days"), default=0)
    decide_within_days = models.PositiveSmallIntegerField(
        _("decide within days"), null=True, blank=True,
        help_text=_("A legal deadline for the answer (Bildungsurlaub: 3 weeks, § 5 HBUG); shown to the approver."),
    )
    substitute_confirms = models.BooleanField(
        _("stand-in confirms first"), default=False,
        help_text=_("The named stand-in is asked to confirm before the supervisor decides."),
    )
    status_groups = models.CharField(
        _("for status groups"), max_length=60, blank=True,
        help_text=_("Comma-separated (tarif, beamte, azubi); empty means everyone."),
    )
    active = models.BooleanField(_("active"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        db_table = "timekeeping_leavetype"  # kept since the split of timekeeping
        verbose_name = _("leave type")
        verbose_name_plural = _("leave types")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "de").startswith("en") else self.name_de

    def allowed_for(self, status_group: str) -> bool:
        groups = {g.strip() for g in self.status_groups.split(",") if g.strip()}
        return self.active and (not groups or status_group in groups)



class DatedRules(models.Model):
    """Numbers of law or agreement for one status group, valid from a date until the next row's date
    (domain.md 10: policies are data; a retro-correction uses the rule valid on the day it concerns)."""

    status_group = models.CharField(_("status group"), max_length=10, choices=StatusGroup.choices)
    valid_from = models.DateField(_("valid from"))
    legal_ref = models.CharField(_("legal reference"), max_length=200, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def valid_for(cls, status_group: str, on: object):
        """The row for the status group valid on the day; raises DoesNotExist when HR has none."""
        row = cls.objects.filter(status_group=status_group, valid_from__lte=on).order_by("-valid_from").first()
        if row is None:
            raise cls.DoesNotExist(f"No {cls._meta.verbose_name} for {status_group} on {on}")
        return row


class LeaveRuleSet(DatedRules):
    """The numbers of leave law for one status group, valid from a date (domain.md 3 and 10)."""
    annual_days = models.PositiveSmallIntegerField(_("annual leave days at the base week"), default=30)
    statutory_days = models.PositiveSmallIntegerField(_("of which statutory minimum"), default=20)
    base_weekdays = models.PositiveSmallIntegerField(_("base working days per week"), default=5)
    carry_over_expires = models.CharField(_("carried-over leave expires"), max_length=5, default="03-31",
                                          validators=[month_day])
    carry_over_extended = models.CharField(_("… or, where HR extends it"), max_length=5, default="05-31",
                                           validators=[month_day])
    allow_half_days = models.BooleanField(_("half days allowed"), default=False)
    year_end_release = models.CharField(
        _("days released at year end"), max_length=20, blank=True, default="12-24,12-31",
        help_text=_("MM-DD, comma-separated: full days off that cost no leave (§ 6(3) TVöD)."),
    )
    certificate_from_day = models.PositiveSmallIntegerField(_("sick note due from calendar day"), default=4)
    max_years_ahead = models.PositiveSmallIntegerField(_("requests up to years ahead"), default=1)

    class Meta:
        db_table = "timekeeping_leaveruleset"  # kept since the split of timekeeping
        verbose_name = _("leave rule set")
        verbose_name_plural = _("leave rule sets")
        ordering = ["status_group", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["status_group", "valid_from"], name="leaverules_one_per_day")]

    def __str__(self) -> str:
        return f"{self.get_status_group_display()} ab {self.valid_from}"

    @property
    def release_days(self) -> tuple[str, ...]:
        return tuple(d.strip() for d in self.year_end_release.split(",") if d.strip())



class BucketKind(models.TextChoices):
    CARRIED = "carried", _("carried over from last year")
    STATUTORY = "statutory", _("statutory minimum")
    TARIFF = "tariff", _("tariff leave")
    DISABILITY = "disability", _("additional leave (disability)")
    EXTRA = "extra", _("extra days")



# Within one expiry date, the order in which buckets are drawn on (domain.md 3.9).
BUCKET_ORDER = {BucketKind.CARRIED: 0, BucketKind.STATUTORY: 1, BucketKind.DISABILITY: 2, BucketKind.TARIFF: 3,
                BucketKind.EXTRA: 4}



class LeaveBucket(models.Model):
    """Leave days of one kind a person may take in a year, until they expire."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE,
                               related_name="leave_buckets")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=12, choices=BucketKind.choices)
    days = models.DecimalField(_("days"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    expires_on = models.DateField(_("expires on"))
    extended = models.BooleanField(_("deadline extended (sickness or service reasons)"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        db_table = "timekeeping_leavebucket"  # kept since the split of timekeeping
        verbose_name = _("leave bucket")
        verbose_name_plural = _("leave buckets")
        ordering = ["person", "year", "expires_on"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "kind"], condition=~Q(kind="extra"),
                                    name="leavebucket_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.year} {self.get_kind_display()}: {self.days}"



class LeaveState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")



ACTIVE_STATES = (LeaveState.SUBMITTED, LeaveState.APPROVED)



class LeaveRequest(models.Model):
    interrupted: list[tuple[LeaveRequest, Decimal]]  # set by leave_request_create for sickness, not a column
    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="leave_requests")
    leave_type = models.ForeignKey(LeaveType, verbose_name=_("type"), on_delete=models.PROTECT)
    start = models.DateField(_("from"))
    end = models.DateField(_("until"))
    start_half = models.BooleanField(_("starts at noon"), default=False)
    end_half = models.BooleanField(_("ends at noon"), default=False)
    days = models.DecimalField(_("leave days"), max_digits=5, decimal_places=1)
    substitute = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("stand-in"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=LeaveState.choices, default=LeaveState.SUBMITTED)
    approval = models.OneToOneField(ApprovalRequest, verbose_name=_("approval"), null=True, blank=True,
                                    on_delete=models.PROTECT,
                                    related_name="leave_request")
    cancellation = models.OneToOneField(ApprovalRequest, verbose_name=_("cancellation"), null=True, blank=True,
                                        on_delete=models.PROTECT,
                                        related_name="cancelled_leave")
    certificate_due = models.DateField(_("sick note due"), null=True, blank=True)
    # Counts changes that calendar clients must see (iCalendar SEQUENCE).
    revision = models.PositiveIntegerField(_("revision"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        db_table = "timekeeping_leaverequest"  # kept since the split of timekeeping
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start", "-pk"]
        indexes = [models.Index(fields=["person", "state", "start"]), models.Index(fields=["state", "start", "end"])]
        constraints = [
            models.CheckConstraint(condition=Q(start__lte=F("end")), name="leaverequest_dates_in_order"),
            # 0 where every day of approved leave turned into sickness (§ 9 BUrlG); a new request costs > 0.
            models.CheckConstraint(condition=Q(days__gte=0), name="leaverequest_days_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.leave_type} {self.start}–{self.end}"

    @property
    def decide_by(self):
        if self.leave_type.decide_within_days is None:
            return None
        from datetime import timedelta

        from django.utils import timezone

        return timezone.localdate(self.created_at) + timedelta(days=self.leave_type.decide_within_days)

    def clean(self) -> None:
        if self.end and self.start and self.end < self.start:
            raise ValidationError({"end": _("The end lies before the start.")})



class LeaveDeduction(models.Model):
    """Days an approved request took from a bucket; deleted when the leave is cancelled (days return)."""

    request = models.ForeignKey(LeaveRequest, on_delete=models.CASCADE, related_name="deductions")
    bucket = models.ForeignKey(LeaveBucket, on_delete=models.PROTECT, related_name="deductions")
    days = models.DecimalField(max_digits=5, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))])

    class Meta:
        db_table = "timekeeping_leavededuction"  # kept since the split of timekeeping
        constraints = [models.UniqueConstraint(fields=["request", "bucket"], name="leavededuction_once")]

    def __str__(self) -> str:
        return f"{self.request_id} -> {self.bucket_id}: {self.days}"



class ExpiryNotice(models.Model):
    """Proof that a person was told in time how many days expire when (BAG 9 AZR 423/16). Append-only."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("person"))
    year = models.PositiveSmallIntegerField(_("leave year"))
    kind = models.CharField(_("notice"), max_length=20)  # october, january, month_before
    days = models.DecimalField(_("days expiring"), max_digits=5, decimal_places=1)
    expires_on = models.DateField(_("expires on"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        db_table = "timekeeping_expirynotice"  # kept since the split of timekeeping
        verbose_name = _("expiry notice")
        verbose_name_plural = _("expiry notices")
        constraints = [models.UniqueConstraint(fields=["person", "year", "kind"], name="expirynotice_once")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.kind}"



class LocalDayOff(models.Model):
    """A day off HR grants the whole administration beyond the public holidays: the staff outing
    (Betriebsausflug) as a full day, Rosenmontag afternoon as a half day. It lowers the day's target and
    what leave on that day costs."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    half = models.BooleanField(_("half day only"), default=False)

    class Meta:
        db_table = "timekeeping_localdayoff"  # kept since the split of timekeeping
        verbose_name = _("local day off")
        verbose_name_plural = _("local days off")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"

    @property
    def share(self) -> Decimal:
        """How much of the day is off: 1 or 0.5."""
        return Decimal("0.5") if self.half else Decimal(1)


def days_off_between(first: object, last: object) -> dict:
    """{date: share off} of the local days off in [first, last] (one query)."""
    return {d.date: d.share for d in LocalDayOff.objects.filter(date__gte=first, date__lte=last)}

