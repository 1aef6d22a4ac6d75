"""Who may see and change people and org units. Registered with intranet.core.permissions."""

from __future__ import annotations

from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of

from .models import User
from .selectors import is_superior_of


@rule("directory.view_person")
def can_view_person(user: User, person: User | None) -> bool:
    # The address book: every member of staff sees colleagues' business contact details.
    return True


@rule("directory.view_person_records")
def can_view_person_records(user: User, person: User) -> bool:
    # Time and absence data: the person, their supervisors and HR only (design.md, privacy).
    if user.pk == person.pk:
        return True
    if Role.HR in roles_of(user):
        return True
    return is_superior_of(user, person)


@rule("directory.manage_people")
def can_manage_people(user: User, person: User | None = None) -> bool:
    # Employment terms, status group, personnel number: HR keeps them, administrators can fix them.
    return bool(roles_of(user) & {Role.HR, Role.ADMIN})


@rule("directory.manage_org_units")
def can_manage_org_units(user: User, unit: object = None) -> bool:
    return bool(roles_of(user) & {Role.HR, Role.ADMIN})



@rule("directory.edit_own_entry")
def can_edit_own_entry(user: User, person: User) -> bool:
    # Staff edit the allowed fields of their own entry; HR and administrators can help.
    return user.pk == person.pk or bool(roles_of(user) & {Role.HR, Role.ADMIN})
