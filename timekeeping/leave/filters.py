"""The leave API's list filters (django-filter): the query parameters, their checks and the schema's words."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django import forms
from django.utils import timezone

from intranet.core.api import IsoDateFilter, WholeNumberFilter

from .models import LeaveRequest


class _AbsenceWindow(forms.Form):
    """From today to the end of the year when the caller names no days."""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data.get("from") and data.get("to") and data["to"] < data["from"]:
            self.add_error("to", "to < from")
            return data
        data["from"] = data.get("from") or timezone.localdate()
        data["to"] = data.get("to") or date(data["from"].year, 12, 31)
        return data


class AbsenceFilter(django_filters.FilterSet):
    unit = WholeNumberFilter(field_name="person__org_unit", required=True, min_value=1,
                             help_text="the org unit (its id)")
    from_ = IsoDateFilter(field_name="end", lookup_expr="gte", help_text="absences ending on or after this day "
                          "(default: today)")
    to = IsoDateFilter(field_name="start", lookup_expr="lte", help_text="absences beginning on or before this day "
                       "(default: the end of the year of from)")

    class Meta:
        model = LeaveRequest
        fields: list[str] = []
        form = _AbsenceWindow


AbsenceFilter.base_filters["from"] = AbsenceFilter.base_filters.pop("from_")  # a Python keyword
