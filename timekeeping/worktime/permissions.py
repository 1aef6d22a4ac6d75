"""Who may see and export working time. Registered with intranet.core.permissions."""

from __future__ import annotations

from directory.models import User
from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of

from .models import TimeEntry


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


@rule("timekeeping.delete_time_entry")
def can_delete_time_entry(user: User, entry: TimeEntry) -> bool:
    # One's own entries only (HR corrects through corrections, which are new records).
    return entry.person_id == user.pk
