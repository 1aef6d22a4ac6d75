"""Demo requests for seed_demo, created through the real workflow services."""

from __future__ import annotations

from django.db import transaction

from directory import demo
from directory.models import User

from .general_requests import general_request_create
from .models import GeneralRequest
from .workflow import step_decide


@transaction.atomic
def demo_requests_seed() -> int:
    """Create the demo's general requests that do not exist yet (keyed on requester and subject)."""
    created = 0
    for username, subject, text, decider, approve in demo.GENERAL_REQUESTS:
        requester = User.objects.get(username=username)
        if GeneralRequest.objects.filter(requester=requester, subject=subject).exists():
            continue
        general = general_request_create(by=requester, subject=subject, text=text)
        if decider:
            step = general.approval.steps.get()
            step_decide(by=User.objects.get(username=decider), step_id=step.pk, approve=approve,
                        comment="" if approve else "Leider nicht möglich.")
        created += 1
    return created


@transaction.atomic
def demo_leave_seed(today) -> int:
    """Entitlements for this year and next for everyone, and a few absences around today."""
    from datetime import timedelta

    from timekeeping.models import LeaveRequest, LeaveType
    from timekeeping.services import entitlement_grant, leave_request_create

    for person in User.objects.filter(is_active=True).exclude(employments=None):
        entitlement_grant(person=person, year=today.year)
        entitlement_grant(person=person, year=today.year + 1)
    monday = today - timedelta(days=today.weekday())
    plans = [  # (person, type, start offset in days from this Monday, length, decider)
        ("mehmet.yilmaz", "erholungsurlaub", 0, 4, "thomas.weber"),
        ("sophie.lehmann", "krankheit", 0, 2, None),
        ("anna.schmidt", "erholungsurlaub", 21, 4, None),
        ("uwe.hartmann", "erholungsurlaub", 7, 4, "sandra.meyer"),
    ]
    created = 0
    for username, code, offset, length, decider in plans:
        person = User.objects.get(username=username)
        start = monday + timedelta(days=offset)
        if LeaveRequest.objects.filter(person=person, start=start).exists():
            continue
        leave = leave_request_create(by=person, leave_type=LeaveType.objects.get(code=code), start=start,
                                     end=start + timedelta(days=length), today=today)
        if decider and leave.approval_id:
            step = leave.approval.steps.get()
            step_decide(by=User.objects.get(username=decider), step_id=step.pk, approve=True)
        created += 1
    return created
