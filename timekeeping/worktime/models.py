"""Working time: dated rule sets of the working day, time entries, day credits, month closings,
local days off and corrections."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from intranet.approvals.models import ApprovalRequest
from timekeeping.leave.models import DatedRules


class WorkTimeRuleSet(DatedRules):
    """The numbers of working-time law and the flexitime agreement for a status group, from a date."""
    break_after_6h = models.PositiveSmallIntegerField(_("break minutes above 6 hours"), default=30)
    break_after_9h = models.PositiveSmallIntegerField(_("break minutes above 9 hours"), default=45)
    min_break_block = models.PositiveSmallIntegerField(_("shortest break that counts (minutes)"), default=15)
    max_block_minutes = models.PositiveSmallIntegerField(_("longest stretch without a break (minutes)"), default=360)
    max_daily_minutes = models.PositiveSmallIntegerField(_("most minutes credited per day"), default=600)
    min_rest_minutes = models.PositiveSmallIntegerField(_("rest between days (minutes)"), default=660)
    frame_start = models.TimeField(_("flexitime window from"), default="06:00")
    frame_end = models.TimeField(_("flexitime window until"), default="20:00")
    core_start = models.TimeField(_("core time from"), null=True, blank=True)
    core_end = models.TimeField(_("core time until"), null=True, blank=True)
    plus_cap_hours = models.PositiveSmallIntegerField(_("most plus hours carried into the next month"), default=40)
    minus_cap_hours = models.PositiveSmallIntegerField(_("most minus hours carried into the next month"), default=20)

    class Meta:
        db_table = "timekeeping_worktimeruleset"  # kept since the split of timekeeping
        verbose_name = _("working-time rule set")
        verbose_name_plural = _("working-time rule sets")
        ordering = ["status_group", "-valid_from"]
        constraints = [models.UniqueConstraint(fields=["status_group", "valid_from"], name="workrules_one_per_day")]

    def __str__(self) -> str:
        return f"{self.get_status_group_display()} ab {self.valid_from}"



class TimeEntry(models.Model):
    """A period of work as recorded (never shortened by caps: what was worked stays visible)."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_entries")
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"), null=True, blank=True)  # empty while clocked in
    mobile = models.BooleanField(_("mobile work"), default=False)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "timekeeping_timeentry"  # kept since the split of timekeeping
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["start"]
        indexes = [models.Index(fields=["person", "start"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__isnull=True) | Q(end__gt=F("start")),
                                   name="timeentry_end_after_start"),
            models.UniqueConstraint(fields=["person"], condition=Q(end__isnull=True), name="timeentry_one_open"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.start:%Y-%m-%d %H:%M}"



class DayCredit(models.Model):
    """Working time credited for a day without clock times: a business-trip day (§ 44(2) TVöD BT-V,
    domain.md 4.8) counts at least its credit, whatever was recorded that day. Not a period of work, so
    no break, rest or Sunday rule applies to it; recorded time above it counts as usual."""

    class Kind(models.TextChoices):
        TRAVEL = "travel", _("Business trip")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="day_credits")
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TRAVEL)
    minutes = models.PositiveIntegerField(_("minutes credited"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    claim = models.ForeignKey("travel.TripClaim", verbose_name=_("travel-cost claim"), null=True, blank=True,
                              on_delete=models.SET_NULL,
                              related_name="day_credits")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        db_table = "timekeeping_daycredit"  # kept since the split of timekeeping
        verbose_name = _("day credit")
        verbose_name_plural = _("day credits")
        ordering = ["date"]
        indexes = [models.Index(fields=["person", "date"])]
        constraints = [models.UniqueConstraint(fields=["claim", "date"], name="daycredit_once_per_claim_day")]

    def __str__(self) -> str:
        return f"{self.person} {self.date} {self.kind} {self.minutes}"

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.minutes)



class MonthState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Signed off")
    REJECTED = "rejected", _("Returned")



class MonthClosing(models.Model):
    """A month submitted by the employee and signed off by the supervisor; signed off means locked."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT,
                               related_name="month_closings")
    month = models.DateField(_("month"))  # the first day
    state = models.CharField(_("state"), max_length=10, choices=MonthState.choices, default=MonthState.SUBMITTED)
    approval = models.OneToOneField(ApprovalRequest, verbose_name=_("approval"), null=True, blank=True,
                                    on_delete=models.PROTECT,
                                    related_name="month_closing")
    target_minutes = models.IntegerField(_("target minutes"), default=0)
    worked_minutes = models.IntegerField(_("worked minutes"), default=0)
    credited_minutes = models.IntegerField(_("credited minutes"), default=0)
    balance_minutes = models.IntegerField(_("balance minutes"), default=0)     # carried in + this month's difference
    carried_minutes = models.IntegerField(_("carried minutes"), default=0)     # into the next month, after the caps
    forfeited_minutes = models.IntegerField(_("forfeited minutes"), default=0)   # above the plus cap (Kappung)

    class Meta:
        db_table = "timekeeping_monthclosing"  # kept since the split of timekeeping
        verbose_name = _("month closing")
        verbose_name_plural = _("month closings")
        ordering = ["person", "-month"]
        constraints = [models.UniqueConstraint(fields=["person", "month"], name="monthclosing_once")]

    def __str__(self) -> str:
        return f"{self.person} {self.month:%Y-%m} {self.state}"



class TimeCorrection(models.Model):
    """A change to a signed-off month, asked for by the employee and applied once the supervisor approves:
    a period to add, or a recorded period to remove. The month's closing figures are then recomputed."""

    class Action(models.TextChoices):
        ADD = "add", _("Add a period")
        REMOVE = "remove", _("Remove a period")

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="time_corrections")
    action = models.CharField(_("change"), max_length=6, choices=Action.choices, default=Action.ADD)
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    mobile = models.BooleanField(_("mobile work"), default=False)
    entry = models.ForeignKey(TimeEntry, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    applied = models.BooleanField(default=False)
    approval = models.OneToOneField(ApprovalRequest, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="time_correction")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "timekeeping_timecorrection"  # kept since the split of timekeeping
        verbose_name = _("time correction")
        verbose_name_plural = _("time corrections")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="timecorrection_end_after_start")]

    def __str__(self) -> str:
        return f"{self.person} {self.action} {self.start:%Y-%m-%d %H:%M}"

