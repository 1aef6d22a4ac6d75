"""Who may see training budgets and manage courses. Registered with intranet.permissions."""

from __future__ import annotations

from directory.models import OrgUnit, User
from directory.selectors import leads_unit
from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of


@rule("timekeeping.view_training_budget")
def can_view_training_budget(user: User, unit: OrgUnit) -> bool:
    # A unit's training budget: its head and deputy (and those above) and HR.
    return Role.HR in roles_of(user) or leads_unit(user, unit.pk)



@rule("timekeeping.manage_trainings")
def can_manage_trainings(user: User, obj: object = None) -> bool:
    # All courses per person, their export and the budgets' planned figures: HR.
    return Role.HR in roles_of(user)

