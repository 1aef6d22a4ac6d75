"""How one value of a report becomes a CSV field or an XLSX cell: the one place every export's formatting
lives. Reports yield typed values (str, int, Decimal, date, datetime, Hours, None); this module decides how
German Excel and LibreOffice get them:

- CSV: decimal comma (or point, for a payroll import that asks for it), dates TT.MM.JJJJ, text that a
  spreadsheet would run as a formula (starting with = + - @, tab or carriage return) behind an apostrophe.
  Only text is neutralised: a negative number (-1,50 hours) is a number, never text.
- XLSX: numbers as number cells with a number format, dates as date cells shown TT.MM.JJJJ, hours as
  decimal hours, text always as a text cell (never a formula, whatever it starts with).

Personnel numbers are text in both: they are identifiers, not quantities (nobody sums them), and payroll
systems use leading zeros ("00417") and letters that a number cell would lose."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

DATE = "DD.MM.YYYY"
DATETIME = "DD.MM.YYYY HH:MM"
TEXT = "@"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MEMORY = 4096  # fields remembered per kind by csv_fields


@dataclass(frozen=True, slots=True)
class Hours:
    """A duration shown as decimal hours with two places (7,80 = 7 h 48 min), as payroll imports it."""

    delta: timedelta

    @property
    def decimal(self) -> Decimal:
        hours = Decimal(f"{self.delta.total_seconds() / 3600:.2f}")
        return hours if hours else Decimal("0.00")  # -10 s is 0,00, not "-0,00"


Value = str | int | float | Decimal | date | datetime | Hours | None


def neutralised(text: str) -> str:
    """Text a spreadsheet would read as a formula, behind an apostrophe (OWASP's CSV-injection advice)."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _local(moment: datetime) -> datetime:
    """Wall-clock time in the intranet's zone without tzinfo: spreadsheets know no time zones."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def _places(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def csv_field(value: Value, *, comma: bool = True) -> str:
    """The value as a CSV field for German Excel."""
    if value is None:
        return ""
    if isinstance(value, Hours):
        value = value.decimal
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime):
        return _local(value).strftime("%d.%m.%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal | float):
        text = f"{value:f}" if isinstance(value, Decimal) else repr(value)
        return text.replace(".", ",") if comma else text
    return neutralised(str(value))


def csv_fields(*, comma: bool = True) -> Callable[[Iterable[Value]], list[str]]:
    """csv_field for the rows of one download, remembering the fields it wrote for text, hours and dates: a
    report repeats the same few of them (a person's name and unit on each of their lines, 7,80 hours, the
    days of the month), and formatting them anew was most of the cost of writing a long CSV."""
    memory: dict[type, dict[Any, str]] = {str: {}, Hours: {}, date: {}}  # by exact type: a datetime is no date

    def fields(row: Iterable[Value]) -> list[str]:
        out = []
        for value in row:
            seen = memory.get(type(value))
            if seen is None:
                out.append(csv_field(value, comma=comma))
                continue
            key = value.delta if isinstance(value, Hours) else value  # (by its duration: hashing Hours is dearer)
            text = seen.get(key)
            if text is None:
                if len(seen) >= MEMORY:  # the memory stays small whatever the values
                    seen.clear()
                text = seen[key] = csv_field(value, comma=comma)
            out.append(text)
        return out

    return fields


def xlsx_value(value: Value) -> tuple[object, str | None, bool]:
    """(cell value, number format, is text) for an XLSX cell."""
    if value is None:
        return None, None, False
    if isinstance(value, Hours):
        return value.decimal, "0.00", False
    if isinstance(value, bool):
        return ("ja" if value else "nein"), TEXT, True
    if isinstance(value, datetime):
        return _local(value), DATETIME, False
    if isinstance(value, date):
        return value, DATE, False
    if isinstance(value, int):
        return value, "0", False
    if isinstance(value, Decimal):
        places = _places(value)
        return value, "0." + "0" * places if places else "0", False
    if isinstance(value, float):
        return value, "General", False
    return str(value), TEXT, True
