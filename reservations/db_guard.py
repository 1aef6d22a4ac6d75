"""The database's own guarantee against double bookings on SQLite: two triggers refusing an active
booking whose [start, occupied_until) overlaps another active booking of the same resource.

SQLite drops a table's triggers whenever a migration rebuilds the table (which it does for most
column changes), so they are (re)created after every migrate rather than in one migration.
PostgreSQL has the exclusion constraint of migration 0002 instead."""

from __future__ import annotations

ACTIVE = "('pending', 'confirmed')"
_CLASH = (
    "SELECT RAISE(ABORT, 'booking_no_overlap') WHERE EXISTS (SELECT 1 FROM reservations_booking b "
    "WHERE b.resource_id = NEW.resource_id AND b.id IS NOT NEW.id AND b.state IN " + ACTIVE + " "
    "AND b.start < NEW.occupied_until AND NEW.start < b.occupied_until);"
)
SQLITE_TRIGGERS = [
    f"CREATE TRIGGER IF NOT EXISTS booking_no_overlap_{event.lower()} BEFORE {event} ON reservations_booking "
    f"WHEN NEW.state IN {ACTIVE} BEGIN {_CLASH} END"
    for event in ("INSERT", "UPDATE")
]


def ensure_sqlite_triggers(using: str = "default", **kwargs) -> None:
    """post_migrate handler: put the triggers (back) in place on SQLite databases."""
    from django.db import connections

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "reservations_booking" in tables:
            for statement in SQLITE_TRIGGERS:
                cursor.execute(statement)
