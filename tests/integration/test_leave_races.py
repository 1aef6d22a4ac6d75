"""Two leave requests at the same moment, on two PostgreSQL connections, cannot overdraw the balance."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from timekeeping.leave.models import LeaveRequest, LeaveType
from timekeeping.leave.selectors import leave_balance
from timekeeping.leave.services import entitlement_grant, leave_request_create

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks across connections: run with DATABASE_URL=postgres://…",
)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_cannot_overdraw(reference_data, cast) -> None:
    entitlement_grant(person=cast.ada, year=2026)  # 30 days
    erholung = LeaveType.objects.get(code="erholungsurlaub")
    spans = [(date(2026, 9, 1), date(2026, 9, 28)), (date(2026, 10, 1), date(2026, 10, 28))]  # 20 days each
    barrier = threading.Barrier(2)
    results: list[str] = []

    def request(start: date, end: date) -> None:
        try:
            barrier.wait(timeout=10)
            leave_request_create(by=cast.ada, leave_type=erholung, start=start, end=end, today=date(2026, 8, 3))
            results.append("created")
        except ValidationError:
            results.append("refused")
        except Exception as exc:  # any other error is a failure the assertion shows
            results.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=span) for span in spans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results) == ["created", "refused"]
    assert LeaveRequest.objects.count() == 1
    assert leave_balance(cast.ada, 2026).available == 10
