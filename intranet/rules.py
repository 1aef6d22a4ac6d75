"""The intranet's own permission rules: administration and the approval workflow."""

from __future__ import annotations

from directory.models import User
from intranet.permissions import rule
from intranet.roles import Role, roles_of

from .models import ApprovalRequest, ApprovalStep, RequestState


@rule("intranet.administer")
def can_administer(user: User, obj: object = None) -> bool:
    # Directory connection, role mapping, settings.
    return Role.ADMIN in roles_of(user)


@rule("intranet.search_requests")
def can_search_requests(user: User, obj: object = None) -> bool:
    # HR and administrators see every request (selectors.requests_visible_to is the scope).
    return bool(roles_of(user) & {Role.HR, Role.ADMIN})


@rule("intranet.view_request")
def can_view_request(user: User, request: ApprovalRequest) -> bool:
    # Keep in step with selectors.requests_visible_to (tested together).
    if request.requester_id == user.pk or can_search_requests(user):
        return True
    return request.steps.filter(approver=user).exists() or request.steps.filter(
        approver=None, approver_role__in=list(roles_of(user))
    ).exists()


@rule("intranet.decide_step")
def can_decide_step(user: User, step: ApprovalStep) -> bool:
    """The step's approver, or anyone holding its role; never the requester themselves."""
    if step.request.requester_id == user.pk:
        return False
    if step.approver_id is not None:
        return step.approver_id == user.pk
    return step.approver_role in roles_of(user)


@rule("intranet.withdraw_request")
def can_withdraw_request(user: User, request: ApprovalRequest) -> bool:
    return request.requester_id == user.pk and request.state in (RequestState.DRAFT, RequestState.SUBMITTED)


@rule("intranet.cancel_request")
def can_cancel_request(user: User, request: ApprovalRequest) -> bool:
    from .workflow import kind_of

    return (
        request.requester_id == user.pk
        and request.state == RequestState.APPROVED
        and kind_of(request).cancellable_after_approval
    )
