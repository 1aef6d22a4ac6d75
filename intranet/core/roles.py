"""Roles. Stored roles are Django groups (the directory sync maps LDAP groups onto them);
"supervisor" is derived from heading or deputizing an org unit, never stored."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

from django.contrib.auth.models import Group
from django.db import connection
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
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


# SQL over the user row (its id column, given) that is true where the user is a supervisor.
_supervisor_checks: list[Callable[[str], str]] = []


def register_supervisor_check(check: Callable[[str], str]) -> None:
    """How a person becomes a supervisor is the directory's to say (it heads or deputizes a unit); the core
    only asks, with the SQL condition this returns for the user row's id column, so that the roles are read
    in the same query as the user. Registered in the directory's AppConfig.ready."""
    _supervisor_checks.append(check)


def with_roles(users: QuerySet) -> QuerySet:
    """The users with what roles_of needs annotated: their group roles as bits of a number (GROUP_ROLES'
    order) and whether they are a supervisor. The session's user is loaded this way (directory.backends),
    so a page reads the user and their roles in one query. Plain SQL: the ORM took longer to compile the
    same subqueries than the two queries they replace took to run."""
    quote = connection.ops.quote_name
    meta, through = users.model._meta, users.model.groups.through._meta
    user_id = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
    bits = " ".join(f"WHEN %s THEN {1 << n}" for n in range(len(GROUP_ROLES)))
    groups = (f"SELECT COALESCE(SUM(CASE g.name {bits} ELSE 0 END), 0) FROM {quote(through.db_table)} ug "
              f"JOIN {quote(Group._meta.db_table)} g ON g.id = ug.group_id WHERE ug.user_id = {user_id}")
    supervisor = " OR ".join(f"({check(user_id)})" for check in _supervisor_checks) or "1 = 0"
    return users.annotate(_role_groups=RawSQL(groups, [str(role) for role in GROUP_ROLES]),
                          _role_supervisor=RawSQL(f"CASE WHEN {supervisor} THEN 1 ELSE 0 END", ()))


def roles_of(user) -> frozenset[Role]:
    """The user's roles, read once per user object and then kept on it: from the annotations of
    with_roles where the user was loaded with them, else in one query."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_intranet_roles", None)
    if cached is not None:
        return cached
    if not hasattr(user, "_role_groups"):
        found = with_roles(type(user)._default_manager.filter(pk=user.pk)).values(
            "_role_groups", "_role_supervisor")[:1]  # unordered: first() would sort by the model's ordering
        flags = found[0] if found else {"_role_groups": 0, "_role_supervisor": 0}
        user._role_groups, user._role_supervisor = flags["_role_groups"], flags["_role_supervisor"]
    roles = {Role.EMPLOYEE}
    roles.update(role for n, role in enumerate(GROUP_ROLES) if user._role_groups & (1 << n))
    if user._role_supervisor:
        roles.add(Role.SUPERVISOR)
    if user.is_superuser:
        roles.add(Role.ADMIN)
    user._intranet_roles = frozenset(roles)
    return user._intranet_roles
