"""The staff council's report (Personalrat) of working-time-law warnings per unit, pseudonymised.

The council monitors compliance with working-time law and gets, in the first step, lists without names
(BVerwG 6 P 1.13, domain.md 9.6): each person appears under a stable pseudonym, the same every month,
so repeated breaches show without saying whose they are.

A pseudonym alone does not hide a person: the lines come sorted by pseudonym (not by name, which would
give them away in address-book order), only the lines with warnings are listed, and a unit with fewer than
COUNCIL_REPORT_MIN_GROUP people (a head alone in their unit, a small team) is merged into the unit above it,
at the top into one group of the remaining units; a group still smaller than that is left out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db.models import Count, QuerySet
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from directory.models import OrgUnit, User

from .export import chunked
from .rules.worktime import Warning
from .timesheet import sheets_in_batches

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
    """One line per person of the month, without name or number (unit: the code of the person's own unit)."""
    for sheet in sheets_in_batches(chunked(people), month):
        person = sheet.person
        counts = dict.fromkeys(WARNINGS, 0)
        for day in sheet.days:
            for warning in day.result.warnings:
                if warning in counts:
                    counts[warning] += 1
        yield PersonLine(pseudonym(person.pk), person.org_unit.code if person.org_unit else "", counts)


def group_labels(people: QuerySet[User], minimum: int) -> dict[str, str | None]:
    """Unit code -> the label the unit's people are reported under: its own code when it has at least
    `minimum` people in the report, else (repeatedly, deepest first) its parent's; units at the top that
    are still too small share one group "other units"; None where even that has fewer than `minimum`."""
    sizes = Counter({row["org_unit__code"] or "": row["n"]
                     for row in people.order_by().values("org_unit__code").annotate(n=Count("pk"))})
    parents = dict(OrgUnit.objects.values_list("code", "parent__code"))
    others = _("other units")

    def depth(code: str) -> int:
        steps = 0
        while parents.get(code):
            code, steps = parents[code], steps + 1
        return steps

    label = {code: code or others for code in sizes}
    group_sizes = Counter()
    for code, size in sizes.items():
        group_sizes[label[code]] += size
    while small := [g for g, size in group_sizes.items() if size < minimum and g != others]:
        group = max(small, key=lambda g: (depth(g), g))
        target = parents.get(group) or others
        for code, current in label.items():
            if current == group:
                label[code] = target
        group_sizes[target] += group_sizes.pop(group)
    return {code: (None if group_sizes[current] < minimum else current) for code, current in label.items()}


@dataclass
class Report:
    units: list[UnitLine]
    flagged: list[PersonLine]  # the people with at least one warning, by pseudonym
    left_out: int              # people in groups smaller than the minimum, not reported
    minimum: int


def council_report(people: QuerySet[User], month: date) -> Report:
    """Per-group sums and the lines of the people with at least one warning, sorted by pseudonym."""
    minimum = settings.COUNCIL_REPORT_MIN_GROUP
    labels = group_labels(people, minimum)
    units: dict[str, UnitLine] = {}
    flagged = []
    left_out = 0
    for line in person_lines(people, month):
        group = labels.get(line.unit)
        if group is None:
            left_out += 1
            continue
        line.unit = group
        unit = units.setdefault(line.unit, UnitLine(line.unit))
        unit.people += 1
        if line.total:
            unit.people_with_warnings += 1
            flagged.append(line)
            for warning, count in line.counts.items():
                unit.counts[warning] += count
    return Report(sorted(units.values(), key=lambda u: u.unit), sorted(flagged, key=lambda p: p.pseudonym),
                  left_out, minimum)


def csv_rows(people: QuerySet[User], month: date) -> Iterator[list[str | int]]:
    """The flagged lines only, by pseudonym, under their group's label (as on the page)."""
    yield ["Pseudonym", "Organisationseinheit", *WARNINGS]
    for line in council_report(people, month).flagged:
        yield [line.pseudonym, line.unit, *(line.counts[w] for w in WARNINGS)]
