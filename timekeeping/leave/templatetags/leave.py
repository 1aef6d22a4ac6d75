"""Template helpers for leave pages."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ..access import absence_label as label_for
from ..models import LeaveRequest
from ..services import plural_n

register = template.Library()


@register.simple_tag(takes_context=True)
def absence_label(context: template.Context, absence: LeaveRequest) -> str:
    """The absence as the signed-in viewer may read it: "absent", "sick" or the type (no query; the view
    brings the absences with their person and type)."""
    return label_for(context["request"].user, absence).name


@register.filter
def days_plural(days: Decimal) -> int:
    """The whole number `{% blocktranslate count %}` needs for a number of days (half days are plural)."""
    return plural_n(Decimal(days))
