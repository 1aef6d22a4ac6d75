"""Reads over requests: my inbox, the requests a person may see."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from directory.models import User
from intranet.core.roles import GROUP_ROLES, Role, roles_of

from .models import ApprovalRequest, ApprovalStep, StepState
from .workflow import Fact, kind_of


def inbox_for(user: User) -> QuerySet[ApprovalStep]:
    """Open steps the user decides (named, or through a role), newest first, ready to list."""
    roles = [role for role in roles_of(user) if role in GROUP_ROLES]
    mine = Q(approver=user) | Q(approver=None, approver_role__in=roles) if roles else Q(approver=user)
    return (
        ApprovalStep.objects.filter(mine, state=StepState.OPEN)
        .exclude(request__requester=user)
        .select_related("request__requester", "substitute_for")
        .order_by("-request__submitted_at", "-pk")
    )


def inbox_details(tasks: Sequence[ApprovalStep], *, viewer: User) -> dict[int, list[Fact]]:
    """What each task's decision needs (leave: days, balance left, who else is away, the stand-in; ...), by
    step id: each kind's inbox_facts hook reads its subjects for all of its tasks at once, so a page costs a
    fixed number of queries per kind however many tasks it lists. The tasks come from inbox_for(viewer)."""
    by_kind: dict[str, list[ApprovalStep]] = {}
    for step in tasks:
        by_kind.setdefault(step.request.kind, []).append(step)
    facts: dict[int, list[Fact]] = {}
    for steps in by_kind.values():
        hook = kind_of(steps[0].request).inbox_facts
        if hook is not None:
            facts.update(hook(viewer, steps))
    return facts


def requests_visible_to(user: User) -> QuerySet[ApprovalRequest]:
    """Keep in step with rules.can_view_request: requester, an approver of any step, HR (not administrators)."""
    roles = roles_of(user)
    requests = ApprovalRequest.objects.select_related("requester")
    if Role.HR in roles:
        return requests
    steps = ApprovalStep.objects.filter(
        Q(approver=user) | Q(approver=None, approver_role__in=[r for r in roles if r in GROUP_ROLES])
    )
    return requests.filter(Q(requester=user) | Q(pk__in=steps.values("request")))


def get_request_for_view(user: User, pk: int) -> ApprovalRequest:
    """The request, or 404 when it does not exist or the user may not see it."""
    return get_object_or_404(requests_visible_to(user), pk=pk)


def get_step_for_decision(user: User, step_id: int) -> ApprovalStep:
    """A step of a request the user may see (404 otherwise); whether they may decide is the service's."""
    return get_object_or_404(
        ApprovalStep.objects.select_related("request__requester").filter(request__in=requests_visible_to(user)),
        pk=step_id,
    )
