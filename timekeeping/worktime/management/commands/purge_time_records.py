from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from ...services import time_records_purge


class Command(BaseCommand):
    help = ("Delete working-time records of months signed off more than TIME_RETENTION_YEARS ago "
            "(ArbZG § 16(2): at least two years). Open months are never purged.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would be deleted, delete nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        entries, months = time_records_purge(today=timezone.localdate(), dry_run=dry_run)
        prefix = "Dry run, nothing deleted: would delete" if dry_run else "Deleted"
        self.stdout.write(f"{prefix} {entries} time entries of {months} signed-off months.")


