"""The booking API's list filters (django-filter)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet

from intranet.core.api import IsoDateTimeFilter, WholeNumberFilter

from .models import Booking, Kind, Resource
from .selectors import free_resources


class BookingFilter(django_filters.FilterSet):
    resource = WholeNumberFilter(field_name="resource_id", min_value=1, max_value=2**31 - 1,
                                 help_text="bookings of this resource (its id)")
    start = IsoDateTimeFilter(field_name="end", lookup_expr="gt", help_text="bookings ending after this")
    end = IsoDateTimeFilter(field_name="start", lookup_expr="lt",
                                           help_text="bookings starting before this")

    class Meta:
        model = Booking
        fields: list[str] = []


class _FreeSpan(forms.Form):
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if (data.get("free_from") is None) != (data.get("free_to") is None):
            raise forms.ValidationError("free_from and free_to go together.")
        if data.get("free_from") and data["free_to"] <= data["free_from"]:
            self.add_error("free_to", "The end lies before the start.")
        return data


class ResourceFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Kind.choices)
    capacity_min = WholeNumberFilter(field_name="capacity", lookup_expr="gte", min_value=0,
                                     help_text="rooms for at least this many people")
    free_from = IsoDateTimeFilter(method="free", help_text="with free_to: only those free then")
    free_to = IsoDateTimeFilter(method="free", help_text="with free_from: only those free then")

    class Meta:
        model = Resource
        fields: list[str] = []
        form = _FreeSpan

    def free(self, queryset: QuerySet[Resource], name: str, value: datetime) -> QuerySet[Resource]:
        """Nothing booked or blocked in the span (the selector's rule; the form made sure both ends came)."""
        if name == "free_to":
            return queryset
        span = self.form.cleaned_data
        free = free_resources(self.request.user, kind=span.get("kind") or None, start=value, end=span["free_to"])
        return queryset.filter(pk__in=free.values("pk"))
