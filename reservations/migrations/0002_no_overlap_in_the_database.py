"""No two active bookings of one resource overlap in [start, occupied_until): a database guarantee.

PostgreSQL: an exclusion constraint over a range (btree_gist for the resource's equality). (An
ExclusionConstraint in Meta.constraints would break migrate on SQLite, hence this step.) SQLite has no
exclusion constraints: reservations.db_guard keeps two triggers in place after every migrate."""

from django.db import migrations

POSTGRES = [
    "CREATE EXTENSION IF NOT EXISTS btree_gist",
    "ALTER TABLE reservations_booking ADD CONSTRAINT booking_no_overlap EXCLUDE USING gist "
    "(resource_id WITH =, tstzrange(start, occupied_until, '[)') WITH &&) "
    "WHERE (state IN ('pending', 'confirmed'))",
]
POSTGRES_UNDO = ["ALTER TABLE reservations_booking DROP CONSTRAINT IF EXISTS booking_no_overlap"]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_UNDO:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("reservations", "0001_resources_bookings")]

    operations = [migrations.RunPython(forward, backward)]
