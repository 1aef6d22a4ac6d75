"""Working time in templates: durations the way German timesheets do (7:48, and minus 0:30 with a real minus
sign), and the days of an absence with time recorded."""

from __future__ import annotations

from datetime import timedelta

from django import template

from timekeeping.leave.models import LeaveRequest

register = template.Library()


@register.filter
def hours(value: timedelta | None, signed: bool = False) -> str:
    if value is None:
        return ""
    minutes = round(value.total_seconds() / 60)
    sign = "−" if minutes < 0 else ("+" if signed and minutes > 0 else "")
    return f"{sign}{abs(minutes) // 60}:{abs(minutes) % 60:02d}"


@register.filter
def signed_hours(value: timedelta | None) -> str:
    return hours(value, signed=True)


@register.filter
def minutes_as_hours(value: int | None) -> str:
    return signed_hours(timedelta(minutes=value or 0))


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key, key)


@register.simple_tag
def absent_but_recorded(closing) -> list:
    """For the sign-off of a month: its days with both an absence and recorded time."""
    from ..timesheet import month_sheet

    return month_sheet(closing.person, closing.month).absent_but_recorded


@register.simple_tag
def recorded_during(leave: LeaveRequest) -> list:
    """The days of the absence on which working time is recorded (for the person and the approver)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    from ..models import TimeEntry

    zone = timezone.get_current_timezone()
    start = datetime.combine(leave.start, time(), tzinfo=zone)
    end = datetime.combine(leave.end + timedelta(days=1), time(), tzinfo=zone)
    starts = TimeEntry.objects.filter(person_id=leave.person_id, start__gte=start, start__lt=end).values_list(
        "start", flat=True)
    return sorted({timezone.localtime(moment, zone).date() for moment in starts})
