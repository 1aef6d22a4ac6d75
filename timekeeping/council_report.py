"""The staff council's report (Personalrat) of working-time-law warnings per unit, pseudonymised.

The council monitors compliance with working-time law and gets, in the first step, lists without names
(BVerwG 6 P 1.13, domain.md 9.6): each person appears under a stable pseudonym, the same every month,
so repeated breaches show without saying whose they are."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.utils.crypto import salted_hmac

from directory.models import User

from .export import chunked
from .rules.worktime import Warning
from .timesheet import month_sheets

# The working-time law's warnings; time recorded on an absence day is the person's and approver's to
# resolve, and would tell the council about absences (special categories of data where it is sickness).
WARNINGS = [w for w in Warning if w != Warning.ABSENT_BUT_RECORDED]


def pseudonym(person_id: int) -> str:
    """A stable code for a person that cannot be turned back into them without the server's secret."""
    return "P-" + salted_hmac("timekeeping.council_report", str(person_id)).hexdigest()[:8].upper()


@dataclass
class PersonLine:
    pseudonym: str
    unit: str
    counts: dict[Warning, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class UnitLine:
    unit: str
    people: int = 0
    people_with_warnings: int = 0
    counts: dict[Warning, int] = field(default_factory=lambda: dict.fromkeys(WARNINGS, 0))


def person_lines(people: QuerySet[User], month: date) -> Iterator[PersonLine]:
    """One line per person of the month, without name or number."""
    for chunk in chunked(people):
        for person, sheet in zip(chunk, month_sheets(chunk, month), strict=True):
            counts = dict.fromkeys(WARNINGS, 0)
            for day in sheet.days:
                for warning in day.result.warnings:
                    if warning in counts:
                        counts[warning] += 1
            yield PersonLine(pseudonym(person.pk), person.org_unit.code if person.org_unit else "", counts)


def council_report(people: QuerySet[User], month: date) -> tuple[list[UnitLine], list[PersonLine]]:
    """Per-unit sums and the lines of the people with at least one warning (sorted by unit, pseudonym)."""
    units: dict[str, UnitLine] = {}
    flagged = []
    for line in person_lines(people, month):
        unit = units.setdefault(line.unit, UnitLine(line.unit))
        unit.people += 1
        if line.total:
            unit.people_with_warnings += 1
            flagged.append(line)
            for warning, count in line.counts.items():
                unit.counts[warning] += count
    return sorted(units.values(), key=lambda u: u.unit), sorted(flagged, key=lambda p: (p.unit, p.pseudonym))


def csv_rows(people: QuerySet[User], month: date) -> Iterator[list[str]]:
    yield ["Pseudonym", "Organisationseinheit", *WARNINGS]
    for line in person_lines(people, month):
        yield [line.pseudonym, line.unit, *(str(line.counts[w]) for w in WARNINGS)]
