"""Template helpers for leave pages."""

from __future__ import annotations

from django import template

from directory.models import User
from intranet.core.permissions import may

from ..models import LeaveRequest, LeaveState

register = template.Library()


@register.simple_tag(takes_context=True)
def others_away(context: template.Context, leave: LeaveRequest) -> list[tuple[User, str]]:
    """Who else in the person's unit is away during the leave (for the decision); the reason only
    where the viewer may see it."""
    viewer = context["request"].user
    if not leave.person.org_unit_id:
        return []
    others = (LeaveRequest.objects.filter(person__org_unit_id=leave.person.org_unit_id, state=LeaveState.APPROVED,
                                          start__lte=leave.end, end__gte=leave.start)
              .exclude(person=leave.person).select_related("person", "leave_type").order_by("start"))
    result = []
    for other in others:
        visible = may(viewer, "timekeeping.see_absence_reason", other.person)
        label = ("krank" if other.leave_type.is_sickness else other.leave_type.name) if visible else "abwesend"
        result.append((other, label))
    return result
