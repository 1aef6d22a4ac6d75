from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from timekeeping.services import leave_carry_over


class Command(BaseCommand):
    help = "Carry the rest of a year's leave into the next year (idempotent; default: last year)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="The year to carry over (default: last year).")

    def handle(self, *args: Any, year: int | None = None, **options: Any) -> None:
        year = year or timezone.localdate().year - 1
        count = leave_carry_over(year=year)
        self.stdout.write(f"Leave of {year} carried into {year + 1} for {count} people.")
