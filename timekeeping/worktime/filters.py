"""The working-time API's list filters (django-filter)."""

from __future__ import annotations

import django_filters

from intranet.core.api import IsoDateFilter

from .models import TimeEntry


class TimeEntryFilter(django_filters.FilterSet):
    from_date = IsoDateFilter(field_name="start", lookup_expr="date__gte", help_text="entries from this day on")
    to_date = IsoDateFilter(field_name="start", lookup_expr="date__lte", help_text="entries up to this day")

    class Meta:
        model = TimeEntry
        fields: list[str] = []
