"""The team calendar: a month per unit, people down, days across (a read, no HTTP)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings

from directory.models import OrgUnit, User
from directory.selectors import unit_members

from .access import absence_label
from .models import LeaveRequest
from .rules.calendar import is_public_holiday


@dataclass
class Day:
    date: date
    weekend: bool
    holiday: bool


@dataclass
class Cell:
    off: bool = False     # weekend or public holiday
    label: str = ""       # "" when present
    short: str = ""
    half: bool = False


@dataclass
class Row:
    person: User
    cells: list[Cell]
    spans: list[tuple[date, date, str]] = field(default_factory=list)  # for the list form on phones


def team_month(*, viewer: User, unit: OrgUnit, year: int, month: int) -> tuple[list[Day], list[Row]]:
    first = date(year, month, 1)
    days = [
        Day(d, d.isoweekday() >= 6, is_public_holiday(d, settings.HOLIDAY_STATE))
        for d in (first + timedelta(n) for n in range(calendar.monthrange(year, month)[1]))
    ]
    people = unit_members(unit)
    last = days[-1].date
    absences = (LeaveRequest.objects.filter(person__in=people, state="approved", start__lte=last, end__gte=first)
                .select_related("person", "leave_type")
                .order_by("leave_type__is_sickness", "start"))  # sickness wins a day
    by_person: dict[int, list[LeaveRequest]] = {}
    for leave in absences:
        by_person.setdefault(leave.person_id, []).append(leave)
    rows = []
    for person in people:
        cells = [Cell(off=day.weekend or day.holiday) for day in days]
        spans = []
        for leave in by_person.get(person.pk, []):
            seen = absence_label(viewer, leave)
            label, short = seen.name, seen.short
            spans.append((max(leave.start, first), min(leave.end, last), label))
            for index, day in enumerate(days):
                if leave.start <= day.date <= leave.end and not (day.weekend or day.holiday):
                    half = (day.date == leave.start and leave.start_half) or (day.date == leave.end and leave.end_half)
                    cells[index] = Cell(label=label, short=short, half=half)
        rows.append(Row(person=person, cells=cells, spans=sorted(spans)))
    return days, rows
