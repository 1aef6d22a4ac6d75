"""Who may see and do what with leave and absences. Registered with intranet.permissions."""

from __future__ import annotations

from directory.models import OrgUnit, User
from directory.selectors import is_superior_of, leads_unit
from intranet.permissions import rule
from intranet.roles import Role, roles_of

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


@rule("timekeeping.export_time")
def can_export_time(user: User, obj: object = None) -> bool:
    # Working-time data for payroll: HR.
    return Role.HR in roles_of(user)


@rule("timekeeping.view_team_time")
def can_view_team_time(user: User, obj: object = None) -> bool:
    # The team month overview: supervisors (for the people they lead) and HR.
    return bool(roles_of(user) & {Role.SUPERVISOR, Role.HR})


@rule("timekeeping.view_council_report")
def can_view_council_report(user: User, obj: object = None) -> bool:
    # The pseudonymised working-time-law report: the staff council and HR (domain.md 9.6).
    return bool(roles_of(user) & {Role.STAFF_COUNCIL, Role.HR})


@rule("timekeeping.view_training_budget")
def can_view_training_budget(user: User, unit: OrgUnit) -> bool:
    # A unit's training budget: its head and deputy (and those above) and HR.
    return Role.HR in roles_of(user) or leads_unit(user, unit.pk)


@rule("timekeeping.manage_trainings")
def can_manage_trainings(user: User, obj: object = None) -> bool:
    # All courses per person, their export and the budgets' planned figures: HR.
    return Role.HR in roles_of(user)
