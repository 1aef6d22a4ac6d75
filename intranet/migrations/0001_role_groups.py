"""Create the Django groups that carry the stored roles (the directory maps LDAP groups onto them)."""

from django.db import migrations

ROLE_GROUPS = ("hr", "fleet", "facility", "admin")


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
