"""The intranet's own permission rules: administration and the approval workflow."""

from __future__ import annotations

from directory.models import User
from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of

from .models import ApprovalRequest, ApprovalStep, RequestState


@rule("intranet.administer")
def can_administer(user: User, obj: object = None) -> bool:
    # Directory connection, role mapping, settings.
    return Role.ADMIN in roles_of(user)


@rule("intranet.search_requests")
def can_search_requests(user: User, obj: object = None) -> bool:
    # HR sees every request (selectors.requests_visible_to is the scope). Administrators run the system and
    # see its metadata, not the content of personal records (requests, attachments, claims, absences).
    return Role.HR in roles_of(user)


@rule("intranet.view_personal_records_in_admin")
def can_view_personal_records_in_admin(user: User, obj: object = None) -> bool:
    # The Django admin's pages of personal records (absences, entitlements, closings): HR only, also
    # against a superuser who is not HR (the directory's administrators and the local emergency account).
    return Role.HR in roles_of(user)


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


@rule("intranet.act_as_requester")
def can_act_as_requester(user: User, request: ApprovalRequest) -> bool:
    # Submitting, withdrawing and cancelling: the requester alone. Whether the request's state allows it is
    # the workflow's answer (AlreadyDecided, 409), asked after this one (403).
    return request.requester_id == user.pk


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
