"""Writes to people and org units: HTTP-free operations used by views, the API and commands."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from . import demo
from .models import Employment, OrgUnit, User


@transaction.atomic
def demo_organisation_seed() -> dict[str, int]:
    """Create or update the demo organisation so that it matches directory.demo exactly.

    Idempotent: keyed on unit codes and user names, a second run changes nothing. Passwords are
    set only when an account is created, so a changed demo password survives a re-run.
    """
    units: dict[str, OrgUnit] = {}
    for code, name, kind, parent_code in demo.UNITS:
        units[code], _ = OrgUnit.objects.update_or_create(
            code=code, defaults={"name": name, "kind": kind, "parent": units.get(parent_code) if parent_code else None},
        )

    role_groups = {g.name: g for g in Group.objects.filter(name__in=["hr", "fleet", "facility", "admin"])}
    people: dict[str, User] = {}
    created_count = 0
    for index, (username, first, last, unit, status, hours, weekdays, roles) in enumerate(demo.PEOPLE, start=1):
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@stadt.example",
                "phone": f"06142 83-{1000 + index * 7}",
                "room": f"{1 + index % 3}.{100 + index:03d}",
                "org_unit": units[unit],
                "personnel_number": f"{10000 + index}",
                "status_group": status,
                "is_active": True,
                "is_staff": "admin" in roles,
                "is_superuser": "admin" in roles,
            },
        )
        if created:
            user.set_password(demo.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created_count += 1
        user.groups.set([role_groups[name] for name in roles])
        Employment.objects.update_or_create(
            user=user, valid_from=demo.EMPLOYMENT_START,
            defaults={"weekly_hours": Decimal(hours), "working_weekdays": weekdays},
        )
        people[username] = user

    for code, (head, deputy) in demo.LEADERSHIP.items():
        unit = units[code]
        unit.head = people[head] if head else None
        unit.deputy = people[deputy] if deputy else None
        unit.save(update_fields=["head", "deputy"])

    return {"units": len(units), "people": len(people), "created": created_count}
