from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from intranet.approvals.models import OutboxMail
from intranet.demo import organisation as demo
from intranet.demo.records import (
    demo_leave_seed,
    demo_requests_seed,
    demo_reservations_seed,
    demo_time_seed,
    demo_travel_seed,
)


class Command(BaseCommand):
    help = "Fill the database with the demo city administration (idempotent: safe to run twice)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force", action="store_true",
            help="Run even with DEBUG off. The demo accounts have a known password: never in production.",
        )

    def handle(self, *args: Any, force: bool = False, **options: Any) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a known password and runs only with DEBUG on "
                "(or --force on a database that is not production)."
            )
        with transaction.atomic():  # all or nothing, the mails marked sent with it
            last_mail = OutboxMail.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            counts = demo.demo_organisation_seed()
            requests = demo_requests_seed()
            absences = demo_leave_seed(timezone.localdate())
            entries = demo_time_seed(timezone.localdate())
            bookings = demo_reservations_seed(timezone.localdate())
            trips = demo_travel_seed(timezone.localdate())
            # The demo's history was announced back then: its notification mails count as sent, so the
            # worker of `make run` does not print hundreds of lines of them over the account list.
            OutboxMail.objects.filter(pk__gt=last_mail, sent_at__isnull=True).update(sent_at=timezone.now())
        self.stdout.write(
            f"Demo organisation ready: {counts['units']} org units, {counts['people']} people "
            f"({counts['created']} new), {requests} new demo requests, {absences} new absences, "
            f"{entries} new time entries, {bookings} new bookings, {trips} new business trips."
        )
        self.stdout.write(f"Demo accounts (password for all: {demo.DEMO_PASSWORD}):")
        for role, username in demo.DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<11} {username}")
