"""An index of the span each booking occupies its resource, [start, occupied_until), for the grids and the
busy lists (reservations.spans.Occupies): on PostgreSQL a GiST index of the range. SQLite has no range type;
there the two comparisons use the (resource, start) index."""

from django.db import migrations

from intranet.core.postgresql import on_postgresql


class Migration(migrations.Migration):
    dependencies = [("reservations", "0008_field_verbose_names")]

    operations = [on_postgresql(
        ["CREATE INDEX IF NOT EXISTS booking_span ON reservations_booking "
         "USING gist (tstzrange(start, occupied_until, '[)'))"],
        ["DROP INDEX IF EXISTS booking_span"])]
