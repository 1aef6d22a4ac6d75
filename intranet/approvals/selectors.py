"""Reads over requests: my inbox, the requests a person may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from directory.models import User
from intranet.core.roles import GROUP_ROLES, Role, roles_of

from .models import ApprovalRequest, ApprovalStep, StepState


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
