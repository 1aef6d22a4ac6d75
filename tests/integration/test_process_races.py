"""Races across processes: two gunicorn servers (each with its own workers) on one PostgreSQL
database, asked at the same moment through the API. Never a double booking, never an overdrawn
leave balance, never two decisions on one approval.

So that the requests really meet inside the database, each test makes the table it writes to slow:
a trigger sleeps on every insert, inside the request's transaction, after its checks have run. Without
the services' row locks the checks of the others would pass meanwhile (the leave test fails without
them); with them, the others wait and then see the first one's row."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import make_resource, make_user
from tests.fixtures.http import call
from tests.fixtures.world import at

PAUSE = 0.4  # seconds each insert takes: far longer than the gap between the requests' arrivals


def tokens_for(*people) -> list[str]:
    from rest_framework.authtoken.models import Token

    return [Token.objects.create(user=person).key for person in people]


def at_once(calls: list[tuple[str, str, str, dict]]) -> list[int]:
    """Send (url, method, token, body) all at the same moment, each from its own thread; their statuses.
    Asserts that they were all on their way together: each was sent before the first answer came."""
    barrier = threading.Barrier(len(calls))
    statuses: list[int] = [0] * len(calls)
    sent: list[float] = [0.0] * len(calls)
    answered: list[float] = [0.0] * len(calls)

    def send(n: int, url: str, method: str, token: str, body: dict) -> None:
        barrier.wait(timeout=30)
        sent[n] = time.monotonic()
        statuses[n] = call(url, method, token, body, timeout=60)[0]
        answered[n] = time.monotonic()

    threads = [threading.Thread(target=send, args=(n, *c)) for n, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert max(sent) < min(answered), "the requests did not overlap"
    return statuses


@pytest.fixture
def two_servers(gunicorn):
    servers = gunicorn(), gunicorn()
    for server in servers:  # every worker up and connected before the race starts
        assert all(call(f"{server.url}/health/")[0] == 200 for _ in range(4))
    return servers


@pytest.fixture
def slow_inserts() -> Iterator[callable]:
    """slow_inserts(table): every insert into the table sleeps PAUSE seconds in its transaction."""
    tables: list[str] = []

    def slow(table: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"CREATE TRIGGER race_pause BEFORE INSERT ON {table} FOR EACH ROW "
                           "EXECUTE FUNCTION race_pause()")
        tables.append(table)

    with connection.cursor() as cursor:
        cursor.execute(f"CREATE FUNCTION race_pause() RETURNS trigger LANGUAGE plpgsql AS "
                       f"$$ BEGIN PERFORM pg_sleep({PAUSE}); RETURN NEW; END $$")
    yield slow
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DROP TRIGGER race_pause ON {table}")
        cursor.execute("DROP FUNCTION race_pause()")


@pytest.mark.django_db(transaction=True)
def test_one_span_booked_from_two_processes_at_once_is_booked_once(reference_data, two_servers,
                                                                  slow_inserts) -> None:
    from reservations.models import Booking

    slow_inserts(Booking._meta.db_table)
    room = make_resource(buffer_minutes=15)
    people = [make_user() for _ in range(12)]
    day = timezone.localdate() + timedelta(days=3)
    calls = [(f"{two_servers[n % 2].url}/api/v1/bookings/", "POST", token, {
        "resource": room.pk, "title": f"Sitzung {n}",
        "start": at(day, 10, 5 * (n % 3)).isoformat(), "end": at(day, 11, 5 * (n % 3)).isoformat()})
        for n, token in enumerate(tokens_for(*people))]
    statuses = at_once(calls)
    assert sorted(statuses) == [201] + [409] * 11
    assert Booking.objects.filter(resource=room).count() == 1


@pytest.mark.django_db(transaction=True)
def test_leave_requested_from_two_processes_at_once_never_overdraws(reference_data, cast, two_servers,
                                                                   slow_inserts) -> None:
    from timekeeping.leave.models import LeaveRequest
    from timekeeping.leave.selectors import leave_balance
    from timekeeping.leave.services import entitlement_grant

    slow_inserts(LeaveRequest._meta.db_table)
    year = timezone.localdate().year + 1
    entitlement_grant(person=cast.ada, year=year)  # 30 days
    (token,) = tokens_for(cast.ada)
    spans = [(date(year, 3, 2), date(year, 3, 27)), (date(year, 9, 7), date(year, 10, 2)),
             (date(year, 10, 5), date(year, 10, 30))]  # 20 working days each
    statuses = at_once([(f"{two_servers[n % 2].url}/api/v1/leave-requests/", "POST", token, {
        "leave_type": "erholungsurlaub", "start": start.isoformat(), "end": end.isoformat()})
        for n, (start, end) in enumerate(spans)])
    assert sorted(statuses) == [201, 400, 400]
    (granted,) = LeaveRequest.objects.filter(person=cast.ada)
    assert granted.days >= 18 and leave_balance(cast.ada, year).available == 30 - granted.days >= 0


@pytest.mark.django_db(transaction=True)
def test_one_approval_decided_from_two_processes_at_once_is_decided_once(reference_data, cast, two_servers,
                                                                         slow_inserts) -> None:
    from intranet.approvals.general_requests import general_request_create
    from intranet.approvals.models import ApprovalEvent, ApprovalStep

    general = general_request_create(by=cast.ada, subject="Mobile Arbeit", text="Am Freitag")
    step = general.approval.steps.get()
    slow_inserts(ApprovalEvent._meta.db_table)
    (ben,) = tokens_for(cast.ben)  # the approver, with two tabs on two servers, and a double click
    statuses = at_once([
        (f"{two_servers[0].url}/api/v1/approvals/{step.pk}/approve/", "POST", ben, {}),
        (f"{two_servers[1].url}/api/v1/approvals/{step.pk}/approve/", "POST", ben, {}),
        (f"{two_servers[0].url}/api/v1/approvals/{step.pk}/reject/", "POST", ben, {"comment": "Nein"}),
        (f"{two_servers[1].url}/api/v1/approvals/{step.pk}/reject/", "POST", ben, {"comment": "Nein"}),
    ])
    assert sorted(statuses).count(200) == 1 and sorted(statuses).count(409) == 3, statuses
    step.refresh_from_db()
    assert step.state in ("approved", "rejected") and step.decided_at is not None
    assert ApprovalStep.objects.filter(request=general.approval).exclude(state="open").count() == 1
    assert general.approval.events.filter(kind__in=["approved", "rejected"]).count() == 1
