"""Rows valid from a date until the next row's date (domain.md 10: policies are data)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar


class Dated(Protocol):
    @property
    def valid_from(self) -> date: ...


DatedT = TypeVar("DatedT", bound=Dated)


def valid_on(rows: Sequence[DatedT], day: date) -> DatedT | None:
    """Of dated rows sorted by valid_from, the one valid on the day (None before the first)."""
    current: DatedT | None = None
    for row in rows:
        if row.valid_from <= day:
            current = row
    return current
