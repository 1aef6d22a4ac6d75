"""The defaults of domain.md 1 and 2: ArbZG breaks and limits, Hessian HAZVO carry-over +40 h / -20 h."""

from datetime import date

from django.db import migrations


def create(apps, schema_editor):
    Rules = apps.get_model("timekeeping", "WorkTimeRuleSet")
    for group, ref in (("tarif", "ArbZG §§ 3-5, 9-11; TVöD § 6; Dienstvereinbarung Gleitzeit"),
                       ("beamte", "HAZVO § 4; ArbZG-Grundsätze"),
                       ("azubi", "ArbZG, JArbSchG bei Minderjährigen")):
        Rules.objects.get_or_create(status_group=group, valid_from=date(2000, 1, 1), defaults={"legal_ref": ref})


class Migration(migrations.Migration):
    dependencies = [("timekeeping", "0008_working_time_rules_entries_closings")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
