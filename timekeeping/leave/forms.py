"""Leave forms: shape only; the rules are in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import User
from intranet.core.widgets import DateInput

from .models import LeaveType


class LeaveRequestForm(forms.Form):
    leave_type = forms.ModelChoiceField(label=_("Kind of absence"), queryset=LeaveType.objects.none(),
                                        empty_label=None)
    start = forms.DateField(label=_("From"), widget=DateInput)
    end = forms.DateField(label=_("Until"), widget=DateInput)
    start_half = forms.BooleanField(label=_("Only from noon on the first day"), required=False)
    end_half = forms.BooleanField(label=_("Only until noon on the last day"), required=False)
    substitute = forms.ModelChoiceField(label=_("Stand-in (optional)"), queryset=User.objects.none(), required=False)
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=500,
                              widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, person: User | None, allow_half_days: bool, **kwargs: Any) -> None:
        """`person=None`: HR enters an absence for the person chosen in the form's `person` field (the
        service records it as approved; no stand-in; half days offered, the person's rule set decides)."""
        super().__init__(*args, **kwargs)
        self.fields["leave_type"].queryset = LeaveType.objects.filter(active=True)
        self.fields["leave_type"].label_from_instance = lambda t: t.name
        if person is None:
            self.fields = {"person": forms.ModelChoiceField(
                label=_("Person"), queryset=User.objects.filter(is_active=True).order_by(
                    "last_name", "first_name", "username")), **self.fields}
            self.fields["person"].label_from_instance = lambda p: p.display_name
            del self.fields["substitute"]
        else:
            self.fields["substitute"].queryset = (User.objects.filter(org_unit_id=person.org_unit_id, is_active=True)
                                                  .exclude(pk=person.pk).order_by("last_name"))
        if not allow_half_days:
            del self.fields["start_half"], self.fields["end_half"]



class EndEarlyForm(forms.Form):
    new_end = forms.DateField(label=_("Last day of leave"), widget=DateInput)

