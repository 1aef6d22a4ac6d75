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
