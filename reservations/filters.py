"""The booking API's list filters (django-filter)."""

from __future__ import annotations

import django_filters

from intranet.api import WholeNumberFilter

from .models import Booking


class BookingFilter(django_filters.FilterSet):
    resource = WholeNumberFilter(field_name="resource_id", min_value=1, max_value=2**31 - 1,
                                 help_text="bookings of this resource (its id)")
    start = django_filters.IsoDateTimeFilter(field_name="end", lookup_expr="gt", help_text="bookings ending after this")
    end = django_filters.IsoDateTimeFilter(field_name="start", lookup_expr="lt",
                                           help_text="bookings starting before this")

    class Meta:
        model = Booking
        fields: list[str] = []
