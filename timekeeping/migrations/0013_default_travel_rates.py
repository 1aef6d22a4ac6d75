"""The HRKG rates in force: per diem 14/28 € (EStG § 9(4a), since 2020), 0.35/0.21 €/km (§ 6 HRKG since
2021), claim within 6 months (domain.md 4.4 to 4.7). HR keeps later changes as new dated rows."""

from datetime import date

from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("timekeeping", "TravelRuleSet").objects.get_or_create(
        valid_from=date(2021, 1, 1), defaults={"legal_ref": "HRKG §§ 6, 7; EStG § 9 Abs. 4a"})


class Migration(migrations.Migration):
    dependencies = [("timekeeping", "0012_business_trips")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
