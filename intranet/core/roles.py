"""Roles. Stored roles are Django groups (the directory sync maps LDAP groups onto them);
"supervisor" is derived from heading or deputizing an org unit, never stored."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _


class Role(StrEnum):
    EMPLOYEE = "employee"
    SUPERVISOR = "supervisor"
    HR = "hr"
    FLEET_MANAGER = "fleet"
    FACILITY_MANAGER = "facility"
    ADMIN = "admin"
    STAFF_COUNCIL = "council"  # Personalrat: pseudonymised reports only

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.EMPLOYEE: _("Employee"),
    Role.SUPERVISOR: _("Supervisor"),
    Role.HR: _("Human resources"),
    Role.FLEET_MANAGER: _("Fleet manager"),
    Role.FACILITY_MANAGER: _("Facility manager"),
    Role.ADMIN: _("Administrator"),
    Role.STAFF_COUNCIL: _("Staff council"),
}

# The roles held through a Django group of the same name.
GROUP_ROLES = (Role.HR, Role.FLEET_MANAGER, Role.FACILITY_MANAGER, Role.ADMIN, Role.STAFF_COUNCIL)


_supervisor_checks: list[Callable[[Any], bool]] = []


def register_supervisor_check(check: Callable[[Any], bool]) -> None:
    """How a person becomes a supervisor is the directory's to say (it heads or deputizes a unit);
    the core only asks. Registered in the directory's AppConfig.ready."""
    _supervisor_checks.append(check)


def roles_of(user) -> frozenset[Role]:
    """The user's roles, read once per user object (two queries) and then kept on it."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_intranet_roles", None)
    if cached is not None:
        return cached
    roles = {Role.EMPLOYEE}
    roles.update(Role(name) for name in user.groups.filter(name__in=GROUP_ROLES).values_list("name", flat=True))
    if user.is_superuser:
        roles.add(Role.ADMIN)
    if any(check(user) for check in _supervisor_checks):
        roles.add(Role.SUPERVISOR)
    user._intranet_roles = frozenset(roles)
    return user._intranet_roles
