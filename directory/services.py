"""Writes to people and org units: HTTP-free operations used by views, the API and commands."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction

from intranet.core.roles import GROUP_ROLES

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

    role_groups = {g.name: g for g in Group.objects.filter(name__in=GROUP_ROLES)}
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
        led = units[code]
        led.head = people[head] if head else None
        led.deputy = people[deputy] if deputy else None
        led.save(update_fields=["head", "deputy"])

    return {"units": len(units), "people": len(people), "created": created_count}


def unit_people_search_refresh(unit_ids: Iterable[int]) -> int:
    """Refold the search text of the people of these units, after a unit's name or code changed (the
    column holds them). Returns how many people were refreshed."""
    people = list(User.objects.filter(org_unit_id__in=list(unit_ids)).select_related("org_unit"))
    for person in people:
        person.refresh_search_text()
    User.objects.bulk_update(people, ["search_text"], batch_size=500)
    return len(people)


@transaction.atomic
def own_entry_update(*, by: User, person: User, values: dict[str, str]) -> User:
    """Save what a person entered on their own address-book entry (the editable fields only);
    written back to the directory when LDAP_WRITEBACK is on."""
    from django.core.exceptions import PermissionDenied

    from intranet.core.permissions import may

    from . import ldap
    from .forms import EDITABLE

    if not may(by, "directory.edit_own_entry", person):
        raise PermissionDenied
    allowed = {EDITABLE[name]: name for name in settings.ADDRESSBOOK_EDITABLE_FIELDS if name in EDITABLE}
    changes = {field: value.strip() for field, value in values.items() if field in allowed}
    for field, value in changes.items():
        setattr(person, field, value)
    person.save(update_fields=list(changes))
    config = ldap.LdapConfig.from_settings()
    if config is not None and config.writeback and person.directory_dn:
        directory_values = {allowed[f]: v for f, v in changes.items() if allowed[f] in ("mobile", "room")}
        if directory_values:
            conn = ldap.connect(config)
            try:
                ldap.write_back(conn, config, person.directory_dn, directory_values)
            finally:
                conn.unbind()
    return person
