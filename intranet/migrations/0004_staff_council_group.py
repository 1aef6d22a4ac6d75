"""The group behind the staff-council role (Personalrat), which sees pseudonymised reports only."""

from django.db import migrations


def create_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name="council")


class Migration(migrations.Migration):
    dependencies = [("intranet", "0003_feed_tokens")]

    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
