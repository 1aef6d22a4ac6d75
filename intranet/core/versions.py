"""The version of a set of rows, for a cache key or an ETag: how many rows there are, the highest id, and
the sum of their last changes (updated_at, which every save moves) besides the latest one. The sum, not
only the latest: a change whose transaction commits after a later one's carries the earlier stamp and would
leave the latest where it was; in the sum every change counts. A deletion lowers the number, a new row
raises the id. One aggregate query."""

from __future__ import annotations

from datetime import datetime
from typing import Any, NamedTuple

from django.db.models import Count, FloatField, Func, Max, QuerySet, Sum, Value


class Moment(Func):
    """A moment as a number that can be summed: seconds since 1970 on PostgreSQL, days on SQLite."""

    output_field = FloatField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return self.as_sql(compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)", **extra)

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, Any]:
        return self.as_sql(compiler, connection, template="julianday(%(expressions)s)", **extra)


class RowsVersion(NamedTuple):
    rows: int
    top: int | None
    changes: Any          # the sum of the rows' last changes (a number)
    last: datetime | None  # the latest change (Last-Modified)

    @property
    def key(self) -> str:
        return f"{self.rows}:{self.top}:{self.changes}"


def _measures() -> dict[str, Any]:
    return {"rows": Count("pk"), "top": Max("pk"), "changes": Sum(Moment("updated_at")), "last": Max("updated_at")}


def rows_version(rows: QuerySet[Any, Any]) -> RowsVersion:
    found = rows.order_by().aggregate(**_measures())
    return RowsVersion(found["rows"], found["top"], found["changes"], found["last"])


def rows_versions(*sets: QuerySet[Any, Any]) -> list[RowsVersion]:
    """rows_version of each set, in one query (UNION ALL of the aggregates): a calendar client polling a feed
    of several sources waits for one round trip, not one per source."""
    if len(sets) < 2:
        return [rows_version(rows) for rows in sets]
    # An aggregate without GROUP BY answers one row, also over no rows; the constant says whose it is.
    parts = [rows.order_by().annotate(_set=Value(n)).values("_set").annotate(**_measures())
             .values_list("_set", "rows", "top", "changes", "last") for n, rows in enumerate(sets)]
    found = {row[0]: RowsVersion(*row[1:]) for row in parts[0].union(*parts[1:], all=True)}
    return [found.get(n, RowsVersion(0, None, None, None)) for n in range(len(sets))]
