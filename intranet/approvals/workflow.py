"""The one approval workflow that every kind of request uses (leave, trips, training, timesheets,
restricted bookings, the general request).

A kind registers itself with its chain of levels ("supervisor", then e.g. "second_level" or "hr");
each level is resolved to an approver only when its step opens. The services here are the only
writers of requests, steps and events; they take the acting user and check permissions themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar, cast

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import User
from directory.selectors import deputy_id_for, supervisor_id_of
from intranet.core.availability import is_absent
from intranet.core.permissions import may, require
from intranet.core.roles import Role

from .models import ApprovalEvent, ApprovalRequest, ApprovalStep, EventKind, RequestState, StepState
from .notifications import notify


class AlreadyDecided(ValidationError):
    """The request or step is no longer open (decided, withdrawn or cancelled)."""


@dataclass(frozen=True)
class Approver:
    user_id: int | None = None
    role: str = ""
    substitute_for_id: int | None = None


Hook = Callable[[ApprovalRequest], None]


@dataclass(frozen=True)
class Fact:
    """One line of what a decision needs, shown on the task in the inbox without a click (a term and its
    description): `value` as text, or `items` as a list; `warning` marks what the approver should look at."""

    label: str
    value: str = ""
    items: tuple[str, ...] = ()
    warning: bool = False


# (viewer, open steps of one kind, their requests loaded) -> facts per step id. Reads the page's subjects in a
# number of queries that does not grow with the number of steps.
FactsHook = Callable[[Any, Sequence[ApprovalStep]], dict[int, list[Fact]]]


M = TypeVar("M", bound=models.Model)


def subjects_of(rows: models.QuerySet[M], steps: Sequence[ApprovalStep], link: str = "approval") -> dict[int, M]:
    """The subjects of the steps' requests among `rows`, by request id, in one query: what a FactsHook reads
    first. `link` names the subject's foreign key to its request ("cancellation" for a leave's cancelling)."""
    wanted = [s.request_id for s in steps]
    return {getattr(row, f"{link}_id"): row for row in rows.filter(**{f"{link}_id__in": wanted})}


@dataclass(frozen=True)
class RequestKind:
    key: str
    label: Any  # a lazy translation
    levels: Callable[[ApprovalRequest], Sequence[str]]
    detail_template: str = ""
    # What the detail template needs beyond the subject, read once by the view (viewer, subject) -> context.
    detail_context: Callable[[Any, Any], dict[str, Any]] | None = None
    cancellable_after_approval: bool = True
    inbox_facts: FactsHook | None = None
    on_approved: Hook | None = None
    on_closed: Hook | None = field(default=None)  # rejected, withdrawn or cancelled
    # The subject's state for each closing state of its approval (an unlisted one leaves it as it is); the
    # hooks apply it with subject_follow, beside their own side effects (bookings, mails, days booked).
    follows: Mapping[str, str] = field(default_factory=dict)


_kinds: dict[str, RequestKind] = {}
_levels: dict[str, Callable[[ApprovalRequest], Approver]] = {}
_level_labels: dict[str, Any] = {}


def register_kind(kind: RequestKind) -> RequestKind:
    _kinds[kind.key] = kind
    return kind


def kind_of(request: ApprovalRequest) -> RequestKind:
    return _kinds[request.kind]


def subject_follow(approval: ApprovalRequest, subject: Any, *also: str) -> None:  # any model with a `state`
    """The subject (a leave request, a trip, a month...) takes the state its kind's `follows` maps the
    approval's state to, and is saved with that and the fields in `also` (what the hook changed beside it).
    The one place a subject mirrors its approval, so a kind's states are written down once."""
    subject.state = kind_of(approval).follows.get(approval.state, subject.state)
    subject.save(update_fields=["state", *also])


def registered_kinds() -> dict[str, RequestKind]:
    return dict(_kinds)


LevelResolver = Callable[[ApprovalRequest], Approver]


def register_level(name: str, *, label: Any) -> Callable[[LevelResolver], LevelResolver]:
    """A level of approval chains: who decides at it, and its name as requesters read it (a lazy translation)."""
    def register(resolver: LevelResolver) -> LevelResolver:
        _levels[name] = resolver
        _level_labels[name] = label
        return resolver

    return register


def level_label(name: str) -> Any:
    return _level_labels[name]


def registered_levels() -> list[str]:
    return list(_levels)


# --- Who decides --------------------------------------------------------------------------------

def available_approver(head_id: int | None, deputy_id: int | None, requester_id: int, on: datetime) -> Approver:
    """The head, or their deputy when the head is absent that day (and the deputy is not).

    The single place where absence changes routing; absence itself is whatever the apps
    registered with intranet.core.availability (the leave module registers approved absences).
    Nobody is ever routed their own request; with no head at all, HR decides.
    """
    if head_id is None or head_id == requester_id:
        return Approver(role=Role.HR)
    day = timezone.localdate(on)
    if (
        deputy_id is not None
        and deputy_id != requester_id
        and is_absent(head_id, day)
        and not is_absent(deputy_id, day)
    ):
        return Approver(user_id=deputy_id, substitute_for_id=head_id)
    return Approver(user_id=head_id)


@register_level("supervisor", label=_("Supervisor"))
def supervisor_level(request: ApprovalRequest) -> Approver:
    requester = request.requester
    return available_approver(
        supervisor_id_of(requester), deputy_id_for(requester), requester.pk, timezone.now(),
    )


@register_level("second_level", label=_("Second level"))
def second_level(request: ApprovalRequest) -> Approver:
    """The supervisor's own supervisor (e.g. the head of the department for trips abroad)."""
    supervisor_id = supervisor_id_of(request.requester)
    if supervisor_id is None:
        return Approver(role=Role.HR)
    supervisor = User.objects.get(pk=supervisor_id)
    return available_approver(
        supervisor_id_of(supervisor), deputy_id_for(supervisor), request.requester_id, timezone.now(),
    )


@register_level("hr", label=_("HR department"))
def hr_level(request: ApprovalRequest) -> Approver:
    return Approver(role=Role.HR)


# --- Services -----------------------------------------------------------------------------------

def request_url(request: ApprovalRequest) -> str:
    return reverse("request_detail", args=[request.pk])


def _event(request: ApprovalRequest, kind: str, *, actor: User | None = None, step: ApprovalStep | None = None,
           comment: str = "") -> ApprovalEvent:
    return ApprovalEvent.objects.create(
        request=request, step=step, kind=kind, actor=actor, comment=comment, at=timezone.now(),
    )


def _open_step(request: ApprovalRequest, position: int) -> ApprovalStep | None:
    """Open the chain's step at `position`, resolving its approver now; None past the last level."""
    levels = kind_of(request).levels(request)
    if position > len(levels):
        return None
    level = levels[position - 1]
    approver = _levels[level](request)
    step = ApprovalStep.objects.create(
        request=request, position=position, level=level, approver_id=approver.user_id,
        approver_role=approver.role, substitute_for_id=approver.substitute_for_id, opened_at=timezone.now(),
    )
    _event(request, EventKind.STEP_OPENED, step=step, actor=step.approver)
    _notify_approvers(step, "approval_submitted")
    return step


def _notify_approvers(step: ApprovalStep, template: str) -> None:
    request = step.request
    if step.approver is not None:
        recipients = [step.approver]
    else:
        recipients = list(User.objects.filter(groups__name=step.approver_role, is_active=True).exclude(
            pk=request.requester_id))
    for recipient in recipients:
        notify(
            recipient=recipient, template=template, link=request_url(request), digestible=True,
            context={"request": request, "kind": kind_of(request), "step": step},
        )


def _notify_requester(request: ApprovalRequest, template: str, **context: Any) -> None:
    notify(
        recipient=request.requester, template=template, link=request_url(request),
        context={"request": request, "kind": kind_of(request), **context},
    )


def _lock(request_id: int) -> ApprovalRequest:
    """Lock the request row for the rest of the transaction: decisions on one request queue up here."""
    return ApprovalRequest.objects.select_for_update().select_related("requester").get(pk=request_id)


@transaction.atomic
def approval_request_create(
    *, requester: User, kind: str, summary: str, subject: models.Model | None = None, submit: bool = True,
) -> ApprovalRequest:
    if kind not in _kinds:
        raise ValueError(f"Unknown request kind {kind!r}")
    request = ApprovalRequest.objects.create(
        kind=kind, requester=requester, summary=summary[:300],
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
    )
    if submit:
        request = request_submit(by=requester, request_id=request.pk)
    return request


def request_attach_subject(request: ApprovalRequest, subject: models.Model) -> None:
    request.subject_type = ContentType.objects.get_for_model(subject)
    request.subject_id = subject.pk
    request.save(update_fields=["subject_type", "subject_id"])


@transaction.atomic
def request_submit(*, by: User, request_id: int) -> ApprovalRequest:
    request = _lock(request_id)
    require(by, "intranet.act_as_requester", request)
    if request.state != RequestState.DRAFT:
        raise AlreadyDecided(_("This request has already been submitted."))
    request.state, request.submitted_at = RequestState.SUBMITTED, timezone.now()
    request.save(update_fields=["state", "submitted_at"])
    _event(request, EventKind.SUBMITTED, actor=by)
    _open_step(request, 1)
    return request


@transaction.atomic
def step_decide(*, by: User, step_id: int, approve: bool, comment: str = "") -> ApprovalStep:
    """Approve or reject an open step. Holds the request's row lock (see _lock), so of two
    concurrent decisions exactly one is recorded; the database's one-decision constraint backs it.

    Raises AlreadyDecided when the step is no longer open, ValidationError for a rejection without
    a reason, PermissionDenied when `by` is not the approver, and, with the reason as its message (shown to
    the person: API detail, the 403 page), for a decision on one's own request.
    """
    request_id = ApprovalStep.objects.values_list("request_id", flat=True).get(pk=step_id)
    request = _lock(request_id)
    step = ApprovalStep.objects.select_related("approver").get(pk=step_id)
    step.request = request
    # Who may decide comes before the step's state: others learn nothing from a 409.
    if request.requester_id == by.pk:
        raise PermissionDenied(_("You cannot decide your own request."))
    if not may(by, "intranet.decide_step", step):
        raise PermissionDenied
    if step.state != StepState.OPEN or request.state != RequestState.SUBMITTED:
        raise AlreadyDecided(_("This request has already been decided or withdrawn; nothing was changed."))
    comment = comment.strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Please give a reason for the rejection.")})

    now = timezone.now()
    try:
        with transaction.atomic():
            _event(request, EventKind.APPROVED if approve else EventKind.REJECTED, actor=by, step=step,
                   comment=comment)
    except IntegrityError:
        raise AlreadyDecided(_("This request has already been decided; nothing was changed.")) from None
    step.state, step.decided_at = (StepState.APPROVED if approve else StepState.REJECTED), now
    step.save(update_fields=["state", "decided_at"])

    if approve and _open_step(request, step.position + 1) is not None:
        return step
    request.state = RequestState.APPROVED if approve else RequestState.REJECTED
    request.closed_at = now
    request.save(update_fields=["state", "closed_at"])
    hook = kind_of(request).on_approved if approve else kind_of(request).on_closed
    if hook:
        hook(request)
    _notify_requester(request, "approval_decided", decided_by=by, comment=comment, approved=approve)
    return step


@transaction.atomic
def request_withdraw(*, by: User, request_id: int) -> ApprovalRequest:
    """The requester takes back a request that is still waiting for a decision."""
    request = _lock(request_id)
    require(by, "intranet.act_as_requester", request)
    return _withdraw(request, by)


@transaction.atomic
def request_withdraw_for_subject(*, by: User, request_id: int) -> ApprovalRequest:
    """A waiting request withdrawn because its subject changed or went, by whoever the subject's service let
    do that (a manager changing a pending booking): no requester check here, so it works even once the
    requester has left (their account inactive), and `by` is recorded as before."""
    return _withdraw(_lock(request_id), by)


def _withdraw(request: ApprovalRequest, by: User) -> ApprovalRequest:
    if request.state not in (RequestState.DRAFT, RequestState.SUBMITTED):
        raise AlreadyDecided(_("Only a request that is still waiting can be withdrawn."))
    _close(request, RequestState.WITHDRAWN, EventKind.WITHDRAWN, by)
    return request


@transaction.atomic
def request_cancel(*, by: User, request_id: int, comment: str = "") -> ApprovalRequest:
    """The requester cancels an approved request (e.g. leave no longer needed); its approvers are told."""
    request = _lock(request_id)
    require(by, "intranet.act_as_requester", request)
    if request.state != RequestState.APPROVED or not kind_of(request).cancellable_after_approval:
        raise AlreadyDecided(_("Only an approved request can be cancelled."))
    _close(request, RequestState.CANCELLED, EventKind.CANCELLED, by, comment=comment.strip())
    approver_ids = request.steps.exclude(approver=None).values_list("approver", flat=True)
    for approver in User.objects.filter(pk__in=approver_ids):
        notify(recipient=approver, template="approval_cancelled", link=request_url(request),
               context={"request": request, "kind": kind_of(request)}, digestible=True)
    return request


def _close(request: ApprovalRequest, state: str, event: str, by: User, comment: str = "") -> None:
    request.state, request.closed_at = state, timezone.now()
    request.save(update_fields=["state", "closed_at"])
    request.steps.filter(state=StepState.OPEN).update(state=StepState.CANCELLED, decided_at=request.closed_at)
    _event(request, event, actor=by, comment=comment)
    on_closed = kind_of(request).on_closed
    if on_closed:
        on_closed(request)


# --- Reminders and escalation (run_scheduled) ----------------------------------------------------

def approval_reminders_send(*, now: datetime | None = None) -> tuple[int, int]:
    """Remind approvers of steps left undecided for APPROVAL_REMINDER_WORKING_DAYS working days, and
    hand steps still open after APPROVAL_ESCALATION_WORKING_DAYS to the approver's own supervisor.
    Returns (reminded, escalated). Each step is claimed by a conditional UPDATE, so overlapping
    runs remind once."""
    from django.conf import settings

    from intranet.core.workdays import add_working_days

    now = now or timezone.now()
    today = timezone.localdate(now)
    reminded = escalated = 0
    open_steps = ApprovalStep.objects.filter(state=StepState.OPEN).select_related("request__requester", "approver")
    for step in open_steps.filter(reminded_at=None):
        if add_working_days(timezone.localdate(step.opened_at), settings.APPROVAL_REMINDER_WORKING_DAYS) > today:
            continue
        with transaction.atomic():
            if ApprovalStep.objects.filter(pk=step.pk, state=StepState.OPEN, reminded_at=None).update(reminded_at=now):
                _event(step.request, EventKind.REMINDED, step=step)
                _notify_approvers(step, "approval_reminder")
                reminded += 1
    if settings.APPROVAL_ESCALATION_WORKING_DAYS <= 0:
        return reminded, escalated
    for step in open_steps.filter(escalated_at=None).exclude(approver=None):
        if add_working_days(timezone.localdate(step.opened_at), settings.APPROVAL_ESCALATION_WORKING_DAYS) > today:
            continue
        with transaction.atomic():
            approver = cast(User, step.approver)  # approver=None excluded above
            target = available_approver(
                supervisor_id_of(approver), deputy_id_for(approver), step.request.requester_id, now,
            )
            claimed = ApprovalStep.objects.filter(pk=step.pk, state=StepState.OPEN, escalated_at=None).update(
                escalated_at=now, approver_id=target.user_id, approver_role=target.role,
                substitute_for_id=step.approver_id,
            )
            if claimed:
                step.refresh_from_db()
                _event(step.request, EventKind.ESCALATED, step=step, actor=step.approver)
                _notify_approvers(step, "approval_submitted")
                escalated += 1
    return reminded, escalated
