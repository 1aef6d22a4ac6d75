"""Where a request stands, like a parcel tracking (the city's e-government report asks for one):
submitted, each level of its chain (with whom now and since when, or decided, by whom, with the
comment), and the outcome. Plain Python over rows already read: no queries of its own."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from intranet.core.roles import Role

from .models import DECISIONS, ApprovalEvent, ApprovalRequest, ApprovalStep, EventKind, RequestState, StepState
from .workflow import level_label

OUTCOMES: dict[str, str | Promise] = {
    RequestState.APPROVED: _("Approved"),
    RequestState.REJECTED: _("Rejected"),
    RequestState.WITHDRAWN: _("Withdrawn"),
    RequestState.CANCELLED: _("Cancelled after approval"),
}

# How lists read the steps where_it_stands needs: with their people, one query per page.
STEPS_WITH_PEOPLE = Prefetch("steps", queryset=ApprovalStep.objects.select_related("approver", "substitute_for"))


@dataclass(frozen=True)
class Stage:
    label: str | Promise
    state: str  # "done", "current", "rejected", "ahead" (not reached yet) or "skipped" (never will be)
    who: str = ""  # the person (or role) who acts or acted
    at: datetime | None = None  # when it was done, or since when it waits
    comment: str = ""
    stand_in_for: str = ""  # the head whose deputy has the step


def _step_stage(step: ApprovalStep, comments: dict[int, str]) -> Stage:
    # A step held by a role (HR, the fleet or facility management) names the role.
    who = step.approver.display_name if step.approver else Role(step.approver_role).label
    stand_in = step.substitute_for.display_name if step.substitute_for else ""
    if step.state == StepState.OPEN:
        return Stage(level_label(step.level), "current", who, step.opened_at, stand_in_for=stand_in)
    state = {"approved": "done", "rejected": "rejected"}.get(step.state, "skipped")
    return Stage(level_label(step.level), state, who, step.decided_at, comments.get(step.pk, ""), stand_in)


def _outcome_stage(approval: ApprovalRequest, closing: ApprovalEvent | None = None) -> Stage:
    """The closed request's outcome; `closing` (the withdrawal or cancellation) names who and why."""
    return Stage(OUTCOMES[approval.state], "rejected" if approval.state == RequestState.REJECTED else "done",
                 closing.actor.display_name if closing and closing.actor else "", approval.closed_at,
                 closing.comment if closing else "")


def request_progress(approval: ApprovalRequest, steps: Sequence[ApprovalStep], levels: Sequence[str],
                     events: Iterable[ApprovalEvent] = ()) -> list[Stage]:
    """Every stage of the request, in order. `levels` is its kind's chain (a level not reached yet shows
    as ahead); `events` give the deciders' comments and the closing comment."""
    events = list(events)
    comments = {e.step_id: e.comment for e in events if e.step_id and e.kind in DECISIONS}
    closed = approval.state not in (RequestState.DRAFT, RequestState.SUBMITTED)
    if approval.submitted_at is None:
        stages = [Stage(_("Submitted"), "ahead")]
    else:
        stages = [Stage(_("Submitted"), "done", approval.requester.display_name, approval.submitted_at)]
    by_position = {step.position: step for step in steps}
    for position, level in enumerate(levels, start=1):
        step = by_position.get(position)
        if step is not None:
            stages.append(_step_stage(step, comments))
        else:
            stages.append(Stage(level_label(level), "skipped" if closed else "ahead"))
    if closed:
        closing = next((e for e in reversed(events) if e.kind in (EventKind.WITHDRAWN, EventKind.CANCELLED)), None)
        stages.append(_outcome_stage(approval, closing))
    else:
        stages.append(Stage(_("Decided"), "ahead"))
    return stages


def where_it_stands(approval: ApprovalRequest, steps: Iterable[ApprovalStep]) -> Stage:
    """The one stage that says where the request is now (for lists and the dashboard): the open step,
    else the outcome, else the last decided step."""
    current = next((s for s in steps if s.state == StepState.OPEN), None)
    if current is not None:
        return _step_stage(current, {})
    if approval.state in OUTCOMES:
        return _outcome_stage(approval)
    if approval.submitted_at is None:
        return Stage(_("Draft"), "ahead")
    return Stage(_("Submitted"), "done", approval.requester.display_name, approval.submitted_at)


def with_stages(approvals: Iterable[ApprovalRequest]) -> list[ApprovalRequest]:
    """The requests, each with `.stage` (where it stands) for a list; their steps read in one query."""
    approvals = list(approvals)
    prefetch_related_objects(approvals, STEPS_WITH_PEOPLE)
    for approval in approvals:
        approval.stage = where_it_stands(approval, approval.steps.all())  # type: ignore[attr-defined]
    return approvals
