"""The address book API's list filters (django-filter)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from intranet.core.api import WholeNumberFilter

from .models import User
from .selectors import people_matching


class PersonFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", max_length=100,
                                  help_text="words found in name, title, room, phone, tasks or unit")
    unit = WholeNumberFilter(field_name="org_unit_id", min_value=1, help_text="people of this org unit (its id)")

    class Meta:
        model = User
        fields: list[str] = []

    def search(self, queryset: QuerySet[User], name: str, value: str) -> QuerySet[User]:
        return people_matching(queryset, value)
