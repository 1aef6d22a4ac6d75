"""The HR export of a month's working time: one row per person and day, and a summary per person.

Columns and absence codes are one layout (TIME_EXPORT_ABSENCE_CODES can map codes to what the payroll
system imports, e.g. DATEV LODAS or LOGA). Rows are generated one person at a time, so a month of
5,000 staff is streamed and never held in memory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.db.models import QuerySet

from directory.models import OrgUnit, User
from directory.selectors import unit_tree
from intranet.downloads import csv_response, xlsx_response

from .models import MonthState
from .timesheet import month_sheet

COLUMNS = ["personnel_number", "name", "unit", "date", "target", "worked", "break", "credited", "difference",
           "absence", "status"]
HEADER = {"personnel_number": "Personalnummer", "name": "Name", "unit": "Organisationseinheit", "date": "Datum",
          "target": "Soll", "worked": "Ist", "break": "Pause", "credited": "Angerechnet",
          "difference": "Differenz", "absence": "Abwesenheit", "status": "Status"}
DEFAULT_ABSENCE_CODES = {"erholungsurlaub": "U", "zusatzurlaub": "ZU", "gleitzeittag": "GT", "sonderurlaub": "SU",
                         "arbeitsbefreiung": "AB", "fortbildung": "FB", "bildungsurlaub": "BU", "elternzeit": "EZ",
                         "krankheit": "K"}


def people_in(unit: OrgUnit | None) -> QuerySet[User]:
    """Active people of the unit and all units below it (everyone without a unit filter)."""
    people = User.objects.filter(is_active=True).select_related("org_unit").order_by("last_name", "first_name")
    if unit is None:
        return people
    tree = unit_tree()
    ids, frontier = {unit.pk}, [unit.pk]
    while frontier:
        children = [node.id for node in tree.values() if node.parent_id in frontier]
        frontier = [c for c in children if c not in ids]
        ids.update(frontier)
    return people.filter(org_unit_id__in=ids)


def _hours(delta: timedelta, comma: bool) -> str:
    value = f"{delta.total_seconds() / 3600:.2f}"
    return value.replace(".", ",") if comma else value


def rows(people: QuerySet[User], month: date, *, comma: bool = True) -> Iterator[list[str]]:
    codes = {**DEFAULT_ABSENCE_CODES, **getattr(settings, "TIME_EXPORT_ABSENCE_CODES", {})}
    yield [HEADER[c] for c in COLUMNS]
    for person in people.iterator(chunk_size=500):
        sheet = month_sheet(person, month)
        status = "abgeschlossen" if sheet.closing and sheet.closing.state == MonthState.APPROVED else "vorläufig"
        unit = person.org_unit.code if person.org_unit else ""
        for day in sheet.days:
            absence = codes.get(day.absence_code, day.absence_code) if day.absence_code else ""
            yield [person.personnel_number, person.display_name, unit, day.date.isoformat(),
                   _hours(day.target, comma), _hours(day.result.worked, comma), _hours(day.result.breaks, comma),
                   _hours(day.result.credited, comma), _hours(day.difference, comma), absence, status]
        yield [person.personnel_number, person.display_name, unit, "Summe",
               _hours(sheet.totals["target"], comma), _hours(sheet.totals["worked"], comma), "",
               _hours(sheet.totals["credited"], comma), _hours(sheet.balance, comma), "", status]


def export_response(*, unit: OrgUnit | None, month: date, fmt: str, comma: bool = True):
    """The export as an HTTP answer: CSV for German Excel (UTF-8 with a byte-order mark, decimal comma
    unless asked otherwise) streamed, or XLSX."""
    people = people_in(unit)
    filename = f"arbeitszeit-{month:%Y-%m}{'-' + unit.code if unit else ''}"
    if fmt == "xlsx":
        return xlsx_response(rows(people, month, comma=False), filename, sheet_title=f"{month:%Y-%m}")
    return csv_response(rows(people, month, comma=comma), filename, bom=True)
