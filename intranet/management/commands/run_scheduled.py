from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from intranet.approvals.notifications import digests_send, outbox_send
from intranet.approvals.workflow import approval_reminders_send
from reservations.services import checkin_reminders_send, licence_reminders_send, unattended_bookings_release
from timekeeping.leave.services import leave_expiry_notices_send
from timekeeping.travel.trips import claim_reminders_send

logger = logging.getLogger(__name__)


def _approvals() -> str:
    reminded, escalated = approval_reminders_send()
    return f"reminders: {reminded}, escalations: {escalated}"


def _outbox() -> str:
    sent, failed = outbox_send()
    return f"mails sent: {sent}, mails failed (kept for retry): {failed}"


# (name, job) in the order they run; each job returns its line of the summary. Each one commits its
# own work item by item, so the command adds no transaction around a job: one bad item would hold back
# all the others, and the outbox retry talks SMTP outside any transaction.
JOBS: list[tuple[str, Callable[[], str]]] = [
    ("approval reminders", _approvals),
    ("leave expiry notices", lambda: f"leave expiry notices: {leave_expiry_notices_send()}"),
    ("check-in reminders", lambda: f"check-in reminders: {checkin_reminders_send()}"),
    ("check-in release", lambda: f"bookings released (no check-in): {unattended_bookings_release()}"),
    ("licence-check reminders", lambda: f"licence-check reminders: {licence_reminders_send()}"),
    ("travel-cost claim reminders", lambda: f"travel-cost claim reminders: {claim_reminders_send()}"),
    ("digests", lambda: f"digests: {digests_send()}"),  # before the outbox retry, which sends them
    ("outbox retry", _outbox),
]


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (reminders, digests, outbox retry). Call it every few minutes from cron "
        "or a systemd timer; every job is idempotent and safe when two runs overlap. A job that fails is "
        "logged and the others still run; the exit status is then 1."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        lines, failed = [], []
        for name, job in JOBS:
            try:
                lines.append(job())
            except Exception:
                logger.exception("Scheduled job %r failed", name)
                failed.append(name)
                lines.append(f"{name}: FAILED")
        self.stdout.write(", ".join(lines))
        if failed:
            raise CommandError(f"Failed jobs (see the log): {', '.join(failed)}")
