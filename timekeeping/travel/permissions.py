"""Who may see training budgets and manage courses. Registered with intranet.core.permissions."""

from __future__ import annotations

from directory.models import OrgUnit, User
from directory.selectors import leads_unit
from intranet.core.permissions import rule
from intranet.core.roles import Role, roles_of

from .models import Training, Trip, TripClaim


@rule("timekeeping.view_training_budget")
def can_view_training_budget(user: User, unit: OrgUnit) -> bool:
    # A unit's training budget: its head and deputy (and those above) and HR.
    return Role.HR in roles_of(user) or leads_unit(user, unit.pk)



@rule("timekeeping.manage_trainings")
def can_manage_trainings(user: User, obj: object = None) -> bool:
    # All courses per person, their export and the budgets' planned figures: HR.
    return Role.HR in roles_of(user)




@rule("timekeeping.open_training_budgets")
def can_open_training_budgets(user: User, obj: object = None) -> bool:
    # The link to the units' training budgets: supervisors (each then sees the units they lead) and HR.
    return Role.SUPERVISOR in roles_of(user) or can_manage_trainings(user, None)


@rule("timekeeping.view_trip")
def can_view_trip(user: User, trip: Trip) -> bool:
    # The traveller, those deciding on the trip or its claim, and HR (trips.involved); not the administrators.
    from .trips import involved

    claim = getattr(trip, "claim", None)  # None: no claim yet
    return trip.person_id == user.pk or involved(user, trip.approval, claim and claim.approval)


@rule("timekeeping.view_claim")
def can_view_claim(user: User, claim: TripClaim) -> bool:
    # A claim and its receipts: as its trip.
    from .trips import involved

    return claim.trip.person_id == user.pk or involved(user, claim.trip.approval, claim.approval)


@rule("timekeeping.view_training")
def can_view_training(user: User, training: Training) -> bool:
    # The participant, those deciding on the course, and HR.
    from .trips import involved

    return training.person_id == user.pk or involved(user, training.approval)
