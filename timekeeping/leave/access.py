"""What a viewer sees of an absence: the one answer the team calendar, the request page, the API and the
feeds give (design.md, privacy), decided by the rules see_absence_reason and see_sickness_details.

    colleagues (and anyone holding a feed address)  -> that the person is away ("absent")
    the person's superiors                            -> the type; a sickness only as "sick"
    the person and HR                                 -> the type, a sickness's own type and its sick-note date

The rules read the viewer's roles and the org tree once per user object, and the absence's person and
type come with it (select_related): asking for every row of a list costs no query per row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from directory.models import User
from intranet.core.permissions import may

from .models import LeaveRequest

ABSENT = "absent"  # the code of an absence whose reason the viewer may not see
SICK = "sick"      # the code of a sickness whose details the viewer may not see


@dataclass(frozen=True)
class AbsenceLabel:
    code: str            # ABSENT, SICK or the leave type's code
    name: str            # for people, in the active language
    short: str           # one letter, for the calendar's cells
    details: bool        # the rest of the record (a sick note's due date) may be shown

    @property
    def reason_shown(self) -> bool:
        return self.code != ABSENT


def absence_label(viewer: User | None, absence: LeaveRequest) -> AbsenceLabel:
    """What the viewer may read of the absence. viewer None is a reader without a sign-in (a feed's address
    in an external calendar service): they learn only that the person is away."""
    person = absence.person
    if viewer is None or not may(viewer, "timekeeping.see_absence_reason", person):
        return AbsenceLabel(ABSENT, _("absent"), _("A"), details=False)
    leave_type = absence.leave_type
    if leave_type.is_sickness and not may(viewer, "timekeeping.see_sickness_details", person):
        return AbsenceLabel(SICK, _("sick"), _("S"), details=False)
    return AbsenceLabel(leave_type.code, leave_type.name, leave_type.name[:1].upper(), details=True)
