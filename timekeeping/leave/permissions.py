"""Who may see and do what with leave and absences. Registered with intranet.core.permissions."""

from __future__ import annotations

from directory.models import OrgUnit, User
from directory.selectors import is_superior_of, leads_unit
from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of

from .models import LeaveRequest


@rule("timekeeping.cancel_leave")
def can_cancel_leave(user: User, leave: LeaveRequest) -> bool:
    return leave.person_id == user.pk



@rule("timekeeping.see_absence_reason")
def can_see_absence_reason(user: User, person: User) -> bool:
    # Colleagues see that someone is away, never why; the person, their supervisors and HR see the type.
    return user.pk == person.pk or Role.HR in roles_of(user) or is_superior_of(user, person)



@rule("timekeeping.see_sickness_details")
def can_see_sickness_details(user: User, person: User) -> bool:
    # Sick-note dates and sick-day counts: the person and HR only; supervisors see just "krank".
    return user.pk == person.pk or Role.HR in roles_of(user)



@rule("timekeeping.view_team_calendar")
def can_view_team_calendar(user: User, unit: OrgUnit) -> bool:
    # The unit's own people, its supervisors (up the tree) and HR.
    return Role.HR in roles_of(user) or user.org_unit_id == unit.pk or leads_unit(user, unit.pk)



@rule("timekeeping.manage_leave")
def can_manage_leave(user: User, obj: object = None) -> bool:
    # Entitlements, carry-over, reports: HR.
    return Role.HR in roles_of(user)

