"""/api/v1/approvals/ and /api/v1/requests/."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from intranet.approvals.models import ApprovalRequest, RequestState


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def as_(api: APIClient, user) -> APIClient:
    api.force_authenticate(user)
    return api


def create(api: APIClient, user, **data) -> dict:
    response = as_(api, user).post("/api/v1/requests/", {"subject": "Telearbeit", "text": "Zwei Tage", **data},
                                   format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_create_and_read_a_general_request(api, cast) -> None:
    created = create(api, cast.ada, date_from="2026-12-01", date_to="2026-12-31")
    assert created["status"] == "submitted"
    assert [e["kind"] for e in created["events"]] == ["submitted", "step_opened"]
    listed = api.get("/api/v1/requests/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == created["id"]
    assert api.get(f"/api/v1/requests/{created['id']}/").json()["subject"] == "Telearbeit"


def test_bad_input_is_400_with_field_messages_in_german(api, cast) -> None:
    response = as_(api, cast.ada).post("/api/v1/requests/", {
        "subject": "", "date_from": "2026-12-05", "date_to": "2026-12-01",
    }, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"subject", "text"}
    response = api.post("/api/v1/requests/", {
        "subject": "x", "text": "y", "date_from": "2026-12-05", "date_to": "2026-12-01",
    }, format="json")
    assert response.status_code == 400
    assert response.json() == {"date_to": ["Das Enddatum liegt vor dem Anfangsdatum."]}
    assert not ApprovalRequest.objects.exists()


def test_inbox_and_approve(api, cast) -> None:
    created = create(api, cast.ada)
    inbox = as_(api, cast.ben).get("/api/v1/approvals/").json()
    (item,) = inbox["results"]
    assert item["request_id"] == created["id"]
    assert item["kind"] == "general" and item["kind_label"] == "Sonstiger Antrag"
    assert item["requester"] == {"username": "ada", "display_name": "Ada Arendt"}
    assert item["url"].endswith(f"/antraege/{created['id']}/")
    response = api.post(f"/api/v1/approvals/{item['id']}/approve/", {}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "approved"
    assert api.get("/api/v1/approvals/").json()["count"] == 0


def test_reject_needs_a_comment_and_a_second_decision_is_a_conflict(api, cast) -> None:
    create(api, cast.ada)
    step_id = as_(api, cast.ben).get("/api/v1/approvals/").json()["results"][0]["id"]
    response = api.post(f"/api/v1/approvals/{step_id}/reject/", {"comment": ""}, format="json")
    assert response.status_code == 400
    assert response.json() == {"comment": ["Bitte begründen Sie die Ablehnung."]}
    assert api.post(f"/api/v1/approvals/{step_id}/reject/", {"comment": "Nein."}, format="json").status_code == 200
    again = api.post(f"/api/v1/approvals/{step_id}/approve/", {}, format="json")
    assert again.status_code == 409
    assert "bereits entschieden" in again.json()["detail"]
    # HR sees the request but is not its approver: refused before the step's state is told.
    assert as_(api, cast.hanna).post(f"/api/v1/approvals/{step_id}/approve/", {}, format="json").status_code == 403
    assert ApprovalRequest.objects.get().state == RequestState.REJECTED


def test_outsiders_get_404_and_the_requester_403(api, cast) -> None:
    created = create(api, cast.ada)
    step_id = as_(api, cast.ben).get("/api/v1/approvals/").json()["results"][0]["id"]
    assert as_(api, cast.dan).post(f"/api/v1/approvals/{step_id}/approve/", {}, format="json").status_code == 404
    assert api.get(f"/api/v1/requests/{created['id']}/").status_code == 404
    # A forbidden action is 403 (design.md), with the reason, so the requester sees why.
    for action in ("approve", "reject"):
        own = as_(api, cast.ada).post(f"/api/v1/approvals/{step_id}/{action}/", {"comment": "x"}, format="json")
        assert own.status_code == 403
        assert own.json() == {"detail": "Sie können nicht über Ihren eigenen Antrag entscheiden."}
    assert as_(api, cast.hanna).post(f"/api/v1/approvals/{step_id}/approve/", {}, format="json").json() == {
        "detail": "Sie sind nicht berechtigt, diese Aktion durchzuführen."}  # others: the plain refusal


def test_withdraw(api, cast) -> None:
    created = create(api, cast.ada)
    response = api.post(f"/api/v1/requests/{created['id']}/withdraw/")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    assert api.post(f"/api/v1/requests/{created['id']}/withdraw/").status_code == 409


def test_anonymous_gets_401(api, db) -> None:
    assert api.get("/api/v1/approvals/").status_code == 401
    assert api.post("/api/v1/requests/", {}, format="json").status_code == 401


def test_withdraw_is_for_general_requests_only(api, world) -> None:
    """A leave request's approval is withdrawn on the leave's own address: here it is 404, and the leave
    still waits (this answered 500 after withdrawing it, found by the fuzzing)."""
    from timekeeping.leave.models import LeaveRequest

    leave = LeaveRequest.objects.get(pk=world.ids["leave"])
    answer = as_(api, world.cast.ada).post(f"/api/v1/requests/{leave.approval_id}/withdraw/")
    assert answer.status_code == 404
    leave.approval.refresh_from_db()
    assert leave.approval.state == RequestState.SUBMITTED
