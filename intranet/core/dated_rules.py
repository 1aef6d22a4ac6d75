"""Rows valid from a date until the next row's date (domain.md 10: policies are data)."""

from __future__ import annotations

from datetime import date


def valid_on(rows: list, day: date):
    """Of dated rows sorted by valid_from, the one valid on the day (None before the first)."""
    current = None
    for row in rows:
        if row.valid_from <= day:
            current = row
    return current
