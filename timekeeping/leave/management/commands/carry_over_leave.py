from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ...services import format_days, leave_carry_over


class Command(BaseCommand):
    help = ("Move the rest of a year's leave into the next year, once that year has ended "
            "(recomputed: a second run changes nothing; default: last year).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", type=int, default=None, help="The year to carry over (default: last year).")

    def handle(self, *args: Any, year: int | None = None, **options: Any) -> None:
        year = year or timezone.localdate().year - 1
        try:
            plan = leave_carry_over(year=year)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(f"Leave of {year} carried into {year + 1}: {format_days(plan.days)} days for "
                          f"{plan.people} people ({plan.changed} changed).")
