"""Who may see and export working time. Registered with intranet.permissions."""

from __future__ import annotations

from directory.models import User
from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of


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

