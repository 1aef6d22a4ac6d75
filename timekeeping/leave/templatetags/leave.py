"""Template helpers for leave pages."""

from __future__ import annotations

from django import template

from ..access import absence_label as label_for
from ..models import LeaveRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def absence_label(context: template.Context, absence: LeaveRequest) -> str:
    """The absence as the signed-in viewer may read it: "absent", "sick" or the type (no query; the view
    brings the absences with their person and type)."""
    return label_for(context["request"].user, absence).name


@register.simple_tag
def recorded_during(leave: LeaveRequest) -> list:
    """The days of the absence on which working time is recorded (for the person and the approver)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from timekeeping.worktime.models import TimeEntry

    zone = timezone.get_current_timezone()
    start = datetime.combine(leave.start, time(), tzinfo=zone)
    end = datetime.combine(leave.end + timedelta(days=1), time(), tzinfo=zone)
    starts = TimeEntry.objects.filter(person_id=leave.person_id, start__gte=start, start__lt=end).values_list(
        "start", flat=True)
    return sorted({timezone.localtime(moment, zone).date() for moment in starts})
