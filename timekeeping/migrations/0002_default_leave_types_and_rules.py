"""The leave types a Hessian city starts with, and the rule sets of domain.md 3 (HR may change both)."""

from datetime import date

from django.db import migrations

# code, German, English, draws_on, needs_approval, needs_certificate, is_sickness, notice_days, status_groups, order
TYPES = [
    ("erholungsurlaub", "Erholungsurlaub", "Annual leave", "annual", True, False, False, 0, "", 10),
    ("zusatzurlaub", "Zusatzurlaub (Schwerbehinderung)", "Additional leave (severe disability)", "annual", True,
     True, False, 0, "", 20),
    ("gleitzeittag", "Gleitzeittag", "Flexitime day", "flexitime", True, False, False, 0, "", 30),
    ("sonderurlaub", "Sonderurlaub (unbezahlt)", "Special leave (unpaid)", "none", True, False, False, 0, "", 40),
    ("arbeitsbefreiung", "Arbeitsbefreiung (§ 29 TVöD)", "Paid time off (§ 29 TVöD)", "none", True, True, False, 0,
     "", 50),
    ("fortbildung", "Fortbildung", "Training", "none", True, False, False, 0, "", 60),
    ("bildungsurlaub", "Bildungsurlaub (HBUG)", "Educational leave (HBUG)", "none", True, True, False, 42,
     "tarif,azubi", 70),
    ("elternzeit", "Elternzeit", "Parental leave", "none", True, True, False, 49, "", 80),
    ("krankheit", "Krankheit", "Sickness", "none", False, True, True, 0, "", 90),
]

RULES = [
    # status group, annual, statutory, carry-over expiry, extended, year-end release, legal reference
    ("tarif", 30, 20, "03-31", "05-31", "12-24,12-31", "§ 26 TVöD, § 6 Abs. 3 TVöD, BUrlG"),
    ("azubi", 30, 20, "03-31", "05-31", "12-24,12-31", "§ 9 TVAöD, BUrlG"),
    # Hessian civil servants: leave forfeits on 30 September of the following year (HUrlVO).
    ("beamte", 30, 20, "09-30", "09-30", "", "HUrlVO; 24./31.12. nach Dienstanweisung"),
]


def create(apps, schema_editor):
    LeaveType = apps.get_model("timekeeping", "LeaveType")
    LeaveRuleSet = apps.get_model("timekeeping", "LeaveRuleSet")
    for code, de, en, draws_on, approval, certificate, sickness, notice, groups, order in TYPES:
        LeaveType.objects.get_or_create(code=code, defaults={
            "name_de": de, "name_en": en, "draws_on": draws_on, "needs_approval": approval,
            "needs_certificate": certificate, "is_sickness": sickness, "notice_days": notice,
            "status_groups": groups, "order": order,
        })
    for group, annual, statutory, expires, extended, release, ref in RULES:
        LeaveRuleSet.objects.get_or_create(status_group=group, valid_from=date(2000, 1, 1), defaults={
            "annual_days": annual, "statutory_days": statutory, "carry_over_expires": expires,
            "carry_over_extended": extended, "year_end_release": release, "legal_ref": ref,
        })


class Migration(migrations.Migration):
    dependencies = [("timekeeping", "0001_leave_types_rules_buckets_requests")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
