from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from intranet.notifications import digests_send, outbox_send
from intranet.workflow import approval_reminders_send
from reservations.services import checkin_reminders_send, licence_reminders_send, unattended_bookings_release
from timekeeping.leave.services import leave_expiry_notices_send
from timekeeping.travel.trips import claim_reminders_send


class Command(BaseCommand):
    help = (
        "Run the periodic jobs (reminders, digests, outbox retry). Call it every few minutes from cron "
        "or a systemd timer; every job is idempotent and safe when two runs overlap."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        reminded, escalated = approval_reminders_send()
        notices = leave_expiry_notices_send()
        checkins = checkin_reminders_send()
        released = unattended_bookings_release()
        licence_reminders = licence_reminders_send()
        claim_reminders = claim_reminders_send()
        digests = digests_send()
        sent, failed = outbox_send()
        self.stdout.write(
            f"reminders: {reminded}, escalations: {escalated}, leave expiry notices: {notices}, "
            f"check-in reminders: {checkins}, bookings released (no check-in): {released}, "
            f"licence-check reminders: {licence_reminders}, travel-cost claim reminders: {claim_reminders}, "
            f"digests: {digests}, mails sent: {sent}, mails failed (kept for retry): {failed}"
        )
