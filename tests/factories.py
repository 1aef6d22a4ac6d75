"""Plain factory functions: defaults via setdefault, everything overridable."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group

from directory.models import Employment, OrgUnit, User

_seq = itertools.count(1)
PASSWORD = "pw-for-tests"


def make_unit(**kw: Any) -> OrgUnit:
    n = next(_seq)
    kw.setdefault("code", f"U{n}")
    kw.setdefault("name", f"Einheit {n}")
    kw.setdefault("kind", "sachgebiet")
    return OrgUnit.objects.create(**kw)


def make_user(*, roles: tuple[str, ...] = (), weekly_hours: str | None = "39", **kw: Any) -> User:
    n = next(_seq)
    kw.setdefault("username", f"user{n}")
    kw.setdefault("first_name", "Vorname")
    kw.setdefault("last_name", f"Nachname{n}")
    kw.setdefault("email", f"{kw['username']}@stadt.example")
    user = User.objects.create_user(password=PASSWORD, **kw)
    if roles:
        # get_or_create: a transactional test's flush also empties the groups the migration made.
        user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
    if weekly_hours is not None:
        Employment.objects.create(user=user, valid_from=date(2024, 1, 1), weekly_hours=Decimal(weekly_hours))
    return user


def set_leadership(unit: OrgUnit, *, head: User | None = None, deputy: User | None = None) -> OrgUnit:
    unit.head, unit.deputy = head, deputy
    unit.save(update_fields=["head", "deputy"])
    return unit


def make_resource(kind: str = "room", **kw: Any):
    """A bookable resource with open rules (bookable 06:00 to 22:00, 15 minutes to 10 hours)."""
    from reservations.models import Resource

    n = next(_seq)
    kw.setdefault("name", f"{'Raum' if kind == 'room' else 'Wagen'} {n}")
    if kind == "room":
        kw.setdefault("capacity", 10)
    if kind == "car":
        kw.setdefault("licence_plate", f"MS-C {n}")
        kw.setdefault("max_minutes", 3 * 24 * 60)
    return Resource.objects.create(kind=kind, **kw)


def make_licence_check(driver: User, checked_on: date, by: User):
    from reservations.models import LicenceCheck

    return LicenceCheck.objects.create(driver=driver, checked_on=checked_on, checked_by=by)
