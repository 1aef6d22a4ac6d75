"""Two decisions on one request at the same moment, on two PostgreSQL connections: exactly one wins."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from intranet.approvals.general_requests import general_request_create
from intranet.approvals.models import ApprovalEvent, ApprovalRequest
from intranet.approvals.workflow import AlreadyDecided, step_decide
from tests.factories import make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections: run with DATABASE_URL=postgres://…",
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("outcomes", [(True, True), (True, False)])
def test_two_concurrent_decisions_leave_exactly_one(reference_data, cast, outcomes) -> None:
    # Frank's unit has no head above it, so HR decides: two HR members press their buttons at once.
    hanna2 = make_user(username="hanna2", roles=("hr",))
    request = general_request_create(by=cast.frank, subject="Arbeitszeit", text="…").approval
    step = request.steps.get()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def decide(user, approve: bool) -> None:
        try:
            barrier.wait(timeout=10)
            step_decide(by=user, step_id=step.pk, approve=approve, comment="gleichzeitig")
            results.append("decided")
        except AlreadyDecided:
            results.append("refused")
        except Exception as exc:  # anything else is a failure the assertion below shows
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(user, approve))
               for user, approve in zip((cast.hanna, hanna2), outcomes, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["decided", "refused"]
    assert ApprovalEvent.objects.filter(step=step, kind__in=["approved", "rejected"]).count() == 1
    assert ApprovalRequest.objects.get(pk=request.pk).state in {"approved", "rejected"}
