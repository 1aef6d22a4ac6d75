"""The approval workflow at the service layer: routing, decisions, chains, the audit trail."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from intranet.approvals.general_requests import general_request_create
from intranet.approvals.models import ApprovalEvent, ApprovalStep, OutboxMail, RequestState, StepState
from intranet.approvals.selectors import inbox_for
from intranet.approvals.workflow import (
    AlreadyDecided,
    approval_request_create,
    registered_kinds,
    request_cancel,
    request_withdraw,
    step_decide,
)


def submit(user, kind: str = "general", summary: str = "Mobile Arbeit am Freitag"):
    if kind == "general":
        return general_request_create(by=user, subject=summary, text="Bitte um Zustimmung.").approval
    return approval_request_create(requester=user, kind=kind, summary=summary)


def open_step(request) -> ApprovalStep:
    return request.steps.get(state=StepState.OPEN)


def test_general_request_goes_to_the_supervisor(cast) -> None:
    request = submit(cast.ada)
    assert request.state == RequestState.SUBMITTED
    step = open_step(request)
    assert step.approver == cast.ben
    assert list(inbox_for(cast.ben)) == [step]
    assert OutboxMail.objects.filter(to=cast.ben.email).count() == 1


def test_heads_request_goes_to_the_parent_units_head(cast) -> None:
    assert open_step(submit(cast.ben)).approver == cast.frank


def test_approval_closes_the_request_and_tells_the_requester(cast) -> None:
    request = submit(cast.ada)
    step_decide(by=cast.ben, step_id=open_step(request).pk, approve=True, comment="Gern.")
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    assert request.closed_at is not None
    decision = ApprovalEvent.objects.get(request=request, kind="approved")
    assert (decision.actor, decision.comment) == (cast.ben, "Gern.")
    assert OutboxMail.objects.filter(to=cast.ada.email, subject__startswith="Genehmigt").exists()


def test_rejection_needs_a_reason_and_changes_nothing_without_one(cast) -> None:
    request = submit(cast.ada)
    step = open_step(request)
    with pytest.raises(ValidationError) as error:
        step_decide(by=cast.ben, step_id=step.pk, approve=False, comment="   ")
    assert "comment" in error.value.message_dict
    step.refresh_from_db()
    assert step.state == StepState.OPEN
    assert not ApprovalEvent.objects.filter(kind__in=["approved", "rejected"]).exists()
    step_decide(by=cast.ben, step_id=step.pk, approve=False, comment="Nicht in dieser Woche.")
    request.refresh_from_db()
    assert request.state == RequestState.REJECTED


def test_a_request_cannot_be_decided_twice(cast) -> None:
    request = submit(cast.ada)
    step = open_step(request)
    step_decide(by=cast.ben, step_id=step.pk, approve=True)
    with pytest.raises(AlreadyDecided):
        step_decide(by=cast.ben, step_id=step.pk, approve=False, comment="Doch nicht.")
    assert ApprovalEvent.objects.filter(step=step, kind__in=["approved", "rejected"]).count() == 1


def test_nobody_decides_their_own_request(cast) -> None:
    # Hanna is HR; a request that HR decides must not be decided by Hanna herself.
    request = submit(cast.hanna, kind="test_hr")
    step = open_step(request)
    assert step.approver_role == "hr"
    assert step not in inbox_for(cast.hanna)
    with pytest.raises(PermissionDenied, match="eigenen Antrag"):
        step_decide(by=cast.hanna, step_id=step.pk, approve=True)
    step.refresh_from_db()
    assert step.state == StepState.OPEN


def test_only_the_approver_decides(cast) -> None:
    step = open_step(submit(cast.ada))
    for outsider in (cast.bea, cast.frank, cast.dan, cast.hanna):
        with pytest.raises(PermissionDenied):
            step_decide(by=outsider, step_id=step.pk, approve=True)


def test_a_chain_of_two_steps(cast) -> None:
    request = submit(cast.ada, kind="test_two_levels")
    first = open_step(request)
    assert first.approver == cast.ben
    step_decide(by=cast.ben, step_id=first.pk, approve=True)
    request.refresh_from_db()
    assert request.state == RequestState.SUBMITTED
    second = open_step(request)
    assert (second.position, second.level, second.approver) == (2, "second_level", cast.frank)
    step_decide(by=cast.frank, step_id=second.pk, approve=True)
    request.refresh_from_db()
    assert request.state == RequestState.APPROVED
    kinds = list(request.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "step_opened", "approved", "step_opened", "approved"]


def test_rejection_in_the_first_step_ends_the_chain(cast) -> None:
    request = submit(cast.ada, kind="test_two_levels")
    step_decide(by=cast.ben, step_id=open_step(request).pk, approve=False, comment="Nein.")
    request.refresh_from_db()
    assert request.state == RequestState.REJECTED
    assert request.steps.count() == 1


def test_second_level_without_a_head_above_goes_to_hr(cast) -> None:
    request = submit(cast.ben, kind="test_two_levels")
    step_decide(by=cast.frank, step_id=open_step(request).pk, approve=True)
    assert open_step(request).approver_role == "hr"


def test_absent_head_routes_the_step_to_the_deputy(cast, absent) -> None:
    absent.add(cast.ben.pk)
    step = open_step(submit(cast.ada))
    assert (step.approver, step.substitute_for) == (cast.bea, cast.ben)
    assert step in inbox_for(cast.bea)
    assert step not in inbox_for(cast.ben)


def test_absent_head_and_deputy_keep_the_head(cast, absent) -> None:
    absent.update({cast.ben.pk, cast.bea.pk})
    assert open_step(submit(cast.ada)).approver == cast.ben


def test_deputy_is_never_routed_their_own_request(cast, absent) -> None:
    absent.add(cast.ben.pk)
    assert open_step(submit(cast.bea)).approver == cast.ben


def test_unit_without_any_head_goes_to_hr(cast) -> None:
    step = open_step(submit(cast.frank))
    assert step.approver is None and step.approver_role == "hr"
    assert step in inbox_for(cast.hanna)
    step_decide(by=cast.hanna, step_id=step.pk, approve=True)


def test_withdraw_while_waiting(cast) -> None:
    request = submit(cast.ada)
    with pytest.raises(PermissionDenied):
        request_withdraw(by=cast.ben, request_id=request.pk)
    request_withdraw(by=cast.ada, request_id=request.pk)
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWN
    assert not inbox_for(cast.ben).exists()
    with pytest.raises(AlreadyDecided):
        step_decide(by=cast.ben, step_id=request.steps.get().pk, approve=True)


def test_cancel_after_approval_tells_the_approver(cast) -> None:
    request = submit(cast.ada)
    with pytest.raises(AlreadyDecided):
        request_cancel(by=cast.ada, request_id=request.pk)
    step_decide(by=cast.ben, step_id=open_step(request).pk, approve=True)
    request_cancel(by=cast.ada, request_id=request.pk, comment="Termin entfällt.")
    request.refresh_from_db()
    assert request.state == RequestState.CANCELLED
    assert OutboxMail.objects.filter(to=cast.ben.email, subject__startswith="Storniert").exists()


def test_decisions_are_append_only(cast) -> None:
    request = submit(cast.ada)
    step_decide(by=cast.ben, step_id=open_step(request).pk, approve=True)
    decision = ApprovalEvent.objects.get(kind="approved")
    decision.comment = "nachträglich geändert"
    with pytest.raises(ValidationError):
        decision.save()
    with pytest.raises(ValidationError):
        decision.delete()
    assert ApprovalEvent.objects.get(kind="approved").comment == ""


def test_general_request_validation(cast) -> None:
    from datetime import date

    with pytest.raises(ValidationError) as error:
        general_request_create(by=cast.ada, subject=" ", text="", date_from=date(2026, 12, 5),
                               date_to=date(2026, 12, 1))
    assert set(error.value.message_dict) == {"subject", "text", "date_to"}
    assert not ApprovalStep.objects.exists()


def test_each_subject_follows_every_closing_state_its_hooks_see() -> None:
    """A kind whose subject mirrors its approval names the subject's state for each state its hooks are
    called in (approved; with on_closed also rejected, withdrawn, cancelled), so none is left unchanged."""
    kinds = registered_kinds()
    following = {key for key, kind in kinds.items() if kind.follows}
    assert {"leave", "leave_cancellation", "timesheet", "training", "trip", "trip_claim", "booking"} <= following
    for key in following:
        kind = kinds[key]
        seen = {RequestState.APPROVED} | ({RequestState.REJECTED, RequestState.WITHDRAWN, RequestState.CANCELLED}
                                          if kind.on_closed else set())
        assert set(kind.follows) == seen, key
