"""No two active bookings of one resource overlap in [start, occupied_until): a database guarantee.

PostgreSQL: an exclusion constraint over a range (btree_gist for the resource's equality). SQLite has
no exclusion constraints, so two triggers refuse the overlapping insert or update. (An
ExclusionConstraint in Meta.constraints would break migrate on SQLite, hence this step.)"""

from django.db import migrations

ACTIVE = "('pending', 'confirmed')"

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE reservations_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
    "(resource_id WITH =, tstzrange(start, occupied_until, '[)') WITH &&) "
    f"WHERE (state IN {ACTIVE})",
]
POSTGRES_UNDO = ["ALTER TABLE reservations_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"]

_CLASH = (
    "SELECT RAISE(ABORT, 'booking_no_overlap') WHERE EXISTS (SELECT 1 FROM reservations_booking b "
    "WHERE b.resource_id = NEW.resource_id AND b.id IS NOT NEW.id AND b.state IN " + ACTIVE + " "
    "AND b.start < NEW.occupied_until AND NEW.start < b.occupied_until);"
)
SQLITE = [
    f"CREATE TRIGGER booking_no_overlap_insert BEFORE INSERT ON reservations_booking "
    f"WHEN NEW.state IN {ACTIVE} BEGIN {_CLASH} END",
    f"CREATE TRIGGER booking_no_overlap_update BEFORE UPDATE ON reservations_booking "
    f"WHEN NEW.state IN {ACTIVE} BEGIN {_CLASH} END",
]
SQLITE_UNDO = ["DROP TRIGGER IF EXISTS booking_no_overlap_insert", "DROP TRIGGER IF EXISTS booking_no_overlap_update"]


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(statement)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRES_UNDO, "sqlite": SQLITE_UNDO}.get(vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reservations", "0001_resources_bookings")]

    operations = [migrations.RunPython(forward, backward)]
