"""Bildungsurlaub must be answered within three weeks (§ 5 HBUG, domain.md 3.18)."""

from django.db import migrations


def set_deadline(apps, schema_editor):
    apps.get_model("timekeeping", "LeaveType").objects.filter(code="bildungsurlaub").update(decide_within_days=21)


class Migration(migrations.Migration):
    dependencies = [("timekeeping", "0006_leave_type_decision_deadline")]

    operations = [migrations.RunPython(set_deadline, migrations.RunPython.noop)]
