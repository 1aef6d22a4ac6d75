"""The HR export of a month's working time: one row per person and day, and a summary per person.

Columns and absence codes are one layout in the settings (TIME_EXPORT_COLUMNS, TIME_EXPORT_ABSENCE_CODES),
so HR can match what its payroll system imports (e.g. DATEV LODAS or LOGA). Sheets are made for a chunk of
people at a time with a fixed number of queries per chunk, and rows are streamed: a month of 5,000 staff
never sits in memory."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from django.conf import settings
from django.db.models import QuerySet

from directory.models import OrgUnit, User
from directory.selectors import unit_tree
from intranet.core.cells import Hours, Value
from intranet.core.downloads import csv_response, xlsx_response

from .models import MonthState
from .timesheet import MonthSheet, sheets_in_batches

CHUNK = 250  # people per batch of sheets
# The same few durations come on every line (7,80 hours, 0,00): one Hours each, not one per line and field.
_hours = lru_cache(maxsize=4096)(Hours)

# Every column the export can give, with its German header. TIME_EXPORT_COLUMNS picks and orders them
# (and may rename a header as "key:Header") to match what the payroll system imports.
FIELDS = {"personnel_number": "Personalnummer", "name": "Name", "unit": "Organisationseinheit", "date": "Datum",
          "target": "Soll", "target_to_date": "Soll bis heute", "worked": "Ist",
          "break": "Pause", "deducted": "Pausenabzug", "travel_credit": "Dienstreise", "credited": "Angerechnet",
          "difference": "Differenz", "balance": "Saldo", "absence": "Abwesenheit", "warnings": "Hinweise",
          "status": "Status"}
DEFAULT_COLUMNS = ["personnel_number", "name", "unit", "date", "target", "worked", "break", "credited", "difference",
                   "absence", "status", "balance"]
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


def layout() -> list[tuple[str, str]]:
    """(field, header) pairs in export order, from TIME_EXPORT_COLUMNS (checked at start-up)."""
    columns = []
    for item in settings.TIME_EXPORT_COLUMNS or DEFAULT_COLUMNS:
        key, _sep, header = item.partition(":")
        columns.append((key.strip(), header.strip() or FIELDS[key.strip()]))
    return columns


def rows(people: QuerySet[User], month: date) -> Iterator[list[Value]]:
    codes = {**DEFAULT_ABSENCE_CODES, **settings.TIME_EXPORT_ABSENCE_CODES}
    columns = layout()
    yield [header for _key, header in columns]
    keys = [key for key, _header in columns]
    for sheet in sheets_in_batches(chunked(people), month):
        for values in _person_rows(sheet.person, sheet, codes):
            yield list(map(values.get, keys))


def chunked(people: QuerySet[User], size: int = CHUNK) -> Iterator[list[User]]:
    """People in lists of `size`, read with a server-side cursor where the database has one."""
    chunk: list[User] = []
    for person in people.iterator(chunk_size=size):
        chunk.append(person)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _person_rows(person: User, sheet: MonthSheet, codes: dict[str, str]) -> Iterator[dict[str, Value]]:
    """A row per day and a summary row ("Summe"), as {field: value}; hours are decimal hours."""
    common = {"personnel_number": person.personnel_number, "name": person.display_name,
              "unit": person.org_unit.code if person.org_unit else "",
              "status": "abgeschlossen" if sheet.closing and sheet.closing.state == MonthState.APPROVED
              else "vorläufig"}
    balance = sheet.carried_in
    for day in sheet.days:
        result, difference = day.result, day.difference
        balance += difference
        # A day still to come (the running month) has its target but no difference and no balance yet,
        # as on the sheet: the summary's balance is the real one of today, never a projection.
        yield {**common, "date": day.date, "target": _hours(day.target),
               "target_to_date": _hours(day.due), "worked": _hours(result.worked),
               "break": _hours(result.breaks), "deducted": _hours(result.deducted),
               "travel_credit": _hours(result.day_credit), "credited": _hours(result.credited),
               "difference": None if day.pending else _hours(difference),
               "balance": None if day.pending else _hours(balance),
               "absence": codes.get(day.absence_code, day.absence_code), "warnings": ",".join(result.warnings)}
    yield {**common, "date": "Summe", "target": _hours(sheet.totals["target"]),
           "target_to_date": _hours(sheet.totals["target_to_date"]), "worked": _hours(sheet.totals["worked"]),
           "deducted": _hours(sheet.totals["deducted"]), "travel_credit": _hours(sheet.totals["travel_credit"]),
           "credited": _hours(sheet.totals["credited"]),
           "difference": _hours(sheet.difference), "balance": _hours(sheet.balance), "warnings": sheet.warnings}


def export_response(*, unit: OrgUnit | None, month: date, fmt: str, comma: bool = True):
    """The export as an HTTP answer in the payroll layout: CSV for German Excel (intranet.downloads; decimal
    comma unless asked otherwise) streamed, or XLSX with number and date cells."""
    people = people_in(unit)
    filename = f"arbeitszeit-{month:%Y-%m}{'-' + unit.code if unit else ''}"
    if fmt == "xlsx":
        return xlsx_response(rows(people, month), filename, sheet_title=f"{month:%Y-%m}")
    return csv_response(rows(people, month), filename, comma=comma)
