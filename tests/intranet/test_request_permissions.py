"""Who may see, decide, withdraw and cancel requests; predicate and scope tested together."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from intranet.approvals.general_requests import general_request_create
from intranet.approvals.models import ApprovalRequest
from intranet.approvals.selectors import requests_visible_to
from intranet.approvals.workflow import step_decide
from intranet.core.permissions import may

EVERYONE = ["ada", "ben", "bea", "carl", "frank", "fiona", "dan", "xaver", "hanna", "ali", "fred", "fay"]

# (action, state of Ada's general request) -> who may
REQUEST_EXPECTED = {
    ("intranet.view_request", "submitted"): {"ada", "ben", "hanna"},  # administrators: metadata only
    ("intranet.decide_step", "submitted"): {"ben"},
    ("intranet.withdraw_request", "submitted"): {"ada"},
    ("intranet.cancel_request", "submitted"): set(),
    ("intranet.cancel_request", "approved"): {"ada"},
    ("intranet.search_requests", None): {"hanna"},
    ("intranet.act_as_requester", "submitted"): {"ada"},
    ("intranet.act_as_requester", "approved"): {"ada"},
}


@pytest.fixture
def adas_request(cast) -> ApprovalRequest:
    return general_request_create(by=cast.ada, subject="Telearbeit", text="Zwei Tage pro Woche").approval


@pytest.mark.parametrize(("action", "state"), list(REQUEST_EXPECTED))
def test_request_permission_matrix(cast, adas_request, action: str, state: str | None) -> None:
    step = adas_request.steps.get()
    if state == "approved":
        step_decide(by=cast.ben, step_id=step.pk, approve=True)
        adas_request.refresh_from_db()
        step.refresh_from_db()
    obj = {"intranet.decide_step": step}.get(action, adas_request if state else None)
    allowed = {name for name in EVERYONE if may(getattr(cast, name), action, obj)}
    assert allowed == REQUEST_EXPECTED[(action, state)]
    assert not may(AnonymousUser(), action, obj)


def test_visible_requests_scope_matches_the_predicate(cast, adas_request) -> None:
    general_request_create(by=cast.dan, subject="Andere Abteilung", text="…")
    for name in EVERYONE:
        user = getattr(cast, name)
        scope = set(requests_visible_to(user))
        predicate = {r for r in ApprovalRequest.objects.all() if may(user, "intranet.view_request", r)}
        assert scope == predicate, name
