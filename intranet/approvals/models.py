"""The shared approval workflow, the general request, and the mail outbox."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RequestState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    CANCELLED = "cancelled", _("Cancelled")


class ApprovalRequest(models.Model):
    """One request of any kind that needs a decision; the kind's own record is its subject."""

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requester"), on_delete=models.PROTECT, related_name="requests",
    )
    summary = models.CharField(_("summary"), max_length=300)
    state = models.CharField(_("state"), max_length=12, choices=RequestState.choices, default=RequestState.DRAFT)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    # "closed" alone is a closed room or car (gesperrt); a request is closed by its decision.
    closed_at = models.DateTimeField(pgettext_lazy("request", "closed"), null=True, blank=True)

    class Meta:
        db_table = "intranet_approvalrequest"  # kept since the approvals app was split off
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["requester", "state"]), models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.summary}"

    @property
    def is_open(self) -> bool:
        return self.state == RequestState.SUBMITTED


class StepState(models.TextChoices):
    OPEN = "open", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


class ApprovalStep(models.Model):
    """One level of a request's chain, opened only when the level before it approved.

    The approver is resolved when the step opens (a named person, or everyone with a role such as
    HR); `substitute_for` names the head whose deputy got the step because the head was absent.
    """

    request = models.ForeignKey(ApprovalRequest, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    level = models.CharField(_("level"), max_length=40)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approver"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="approval_steps",
    )
    approver_role = models.CharField(_("approving role"), max_length=20, blank=True)
    substitute_for = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    state = models.CharField(max_length=10, choices=StepState.choices, default=StepState.OPEN)
    opened_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "intranet_approvalstep"  # kept since the approvals app was split off
        ordering = ["request", "position"]
        constraints = [
            models.UniqueConstraint(fields=["request", "position"], name="approvalstep_one_per_position"),
            # At most one open step per request: the chain advances one level at a time.
            models.UniqueConstraint(fields=["request"], condition=Q(state="open"), name="approvalstep_one_open"),
            models.CheckConstraint(
                condition=Q(approver__isnull=False) | ~Q(approver_role=""), name="approvalstep_has_approver",
            ),
        ]
        indexes = [
            models.Index(fields=["approver", "state"]),
            models.Index(fields=["approver_role", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.request_id}/{self.position} {self.level}"


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    STEP_OPENED = "step_opened", _("waiting for a decision")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")
    CANCELLED = "cancelled", _("cancelled")
    REMINDED = "reminded", _("reminder sent")
    ESCALATED = "escalated", _("escalated")


DECISIONS = (EventKind.APPROVED, EventKind.REJECTED)


class ApprovalEvent(models.Model):
    """The request's timeline, and the audit record of every decision: written once, never changed."""

    request = models.ForeignKey(ApprovalRequest, on_delete=models.PROTECT, related_name="events")
    step = models.ForeignKey(ApprovalStep, null=True, blank=True, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
    )
    comment = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        db_table = "intranet_approvalevent"  # kept since the approvals app was split off
        ordering = ["at", "pk"]
        constraints = [
            # The database itself refuses a second decision on one step, whatever the code does.
            models.UniqueConstraint(
                fields=["step"], condition=Q(kind__in=["approved", "rejected"]), name="approvalevent_one_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Append-only: an audit record is never edited (corrections are new records).
        if self.pk is not None:
            raise ValidationError("Approval events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise ValidationError("Approval events are append-only.")


def attachment_path(instance: GeneralRequest, filename: str) -> str:
    return f"requests/{instance.requester_id}/{filename}"


class GeneralRequest(models.Model):
    """"Sonstiger Antrag": a free-form request to one's supervisor (mobile work days, hours, ...)."""

    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("text"), max_length=5000)
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("until"), null=True, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    approval = models.OneToOneField(ApprovalRequest, on_delete=models.PROTECT, related_name="general_request")

    class Meta:
        db_table = "intranet_generalrequest"  # kept since the approvals app was split off
        verbose_name = _("general request")
        verbose_name_plural = _("general requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(date_from__isnull=True) | Q(date_to__isnull=True) | Q(date_from__lte=models.F("date_to")),
                name="generalrequest_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class OutboxMail(models.Model):
    """A mail waiting to leave. Written in the transaction of the action that caused it,
    sent after commit, retried with back-off until the SMTP server takes it: never lost."""

    to = models.EmailField()
    subject = models.CharField(max_length=300)
    body = models.TextField()
    calendar = models.TextField(blank=True)  # an .ics attached to the mail (e.g. a booking confirmation)
    created_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        db_table = "intranet_outboxmail"  # kept since the approvals app was split off
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class DigestItem(models.Model):
    """A notification held back for a recipient who chose the daily digest."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    line = models.CharField(max_length=500)
    link = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "intranet_digestitem"  # kept since the approvals app was split off
        ordering = ["pk"]
        indexes = [models.Index(fields=["recipient", "sent_at"])]

    def __str__(self) -> str:
        return self.line
