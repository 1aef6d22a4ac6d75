"""The request search, shared by the HR page and the API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .models import ApprovalRequest, RequestState


def _kind_choices() -> list[tuple[str, str]]:
    from .workflow import registered_kinds

    return [(key, kind.label) for key, kind in sorted(registered_kinds().items())]


class RequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=_kind_choices)
    state = django_filters.ChoiceFilter(label=_("State"), choices=RequestState.choices)
    submitted_from = django_filters.DateFilter(label=_("Submitted from"), field_name="submitted_at",
                                               lookup_expr="date__gte")
    submitted_until = django_filters.DateFilter(label=_("Submitted until"), field_name="submitted_at",
                                                lookup_expr="date__lte")

    class Meta:
        model = ApprovalRequest
        fields = ["q", "kind", "state", "submitted_from", "submitted_until"]

    def search(self, queryset: QuerySet[ApprovalRequest], name: str, value: str) -> QuerySet[ApprovalRequest]:
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(summary__icontains=word) | Q(requester__last_name__icontains=word)
                | Q(requester__first_name__icontains=word) | Q(requester__username__icontains=word)
            )
        return queryset
