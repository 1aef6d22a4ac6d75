"""Which bookings occupy their resource at some moment of a span: the condition every grid and busy-list asks,
in the form the database answers from an index."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import BooleanField, DateTimeField, F, Func, Value


class Occupies(Func):
    """A booking occupies its resource somewhere in [since, until): start < until and occupied_until > since.

    On PostgreSQL written as the overlap of the two ranges, which the index booking_span answers (migration
    0009): as two comparisons it read every booking of the table, 100,000 at city size, for the week of 200
    rooms. The same rows: a booking's span is never empty (end > start, occupied_until >= end)."""

    conditional = True
    output_field = BooleanField()

    def __init__(self, since: datetime, until: datetime) -> None:
        moment: DateTimeField = DateTimeField()
        super().__init__(F("start"), F("occupied_until"), Value(since, output_field=moment),
                         Value(until, output_field=moment))

    def _compiled(self, compiler: Any) -> list[tuple[str, list[Any]]]:
        return [compiler.compile(expression) for expression in self.get_source_expressions()]

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:  # type: ignore[override]
        # the parameters in the order the SQL names them
        (start, p1), (occupied_until, p2), (since, p3), (until, p4) = self._compiled(compiler)
        return f"({start} < {until} AND {occupied_until} > {since})", [*p1, *p4, *p2, *p3]

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        (start, p1), (occupied_until, p2), (since, p3), (until, p4) = self._compiled(compiler)
        sql = f"(tstzrange({start}, {occupied_until}, '[)') && tstzrange({since}, {until}, '[)'))"
        return sql, [*p1, *p2, *p3, *p4]
