"""For annual leave and flexitime days, a named stand-in confirms before the supervisor decides."""

from django.db import migrations

CONFIRMING = ("erholungsurlaub", "gleitzeittag")


def set_confirming_types(apps, schema_editor):
    apps.get_model("timekeeping", "LeaveType").objects.filter(code__in=CONFIRMING).update(substitute_confirms=True)


class Migration(migrations.Migration):
    dependencies = [("timekeeping", "0004_leave_type_substitute_confirms")]

    operations = [migrations.RunPython(set_confirming_types, migrations.RunPython.noop)]
