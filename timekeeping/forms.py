"""Leave and working-time forms: shape only; the rules are in the services."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from directory.models import User

from .models import LeaveType, TimeCorrection, TimeEntry


class DateInput(forms.DateInput):
    """An HTML date input; it only takes ISO dates, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


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

    def __init__(self, *args: object, person: User | None, allow_half_days: bool, **kwargs: object) -> None:
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


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")


class TimeEntryForm(forms.Form):
    day = forms.DateField(label=_("Day"), widget=DateInput)
    start = forms.TimeField(label=_("From"), widget=TimeInput)
    end = forms.TimeField(label=_("Until"), widget=TimeInput,
                          help_text=_("An end before the start means the next day (a night shift)."))
    mobile = forms.BooleanField(label=_("Mobile work"), required=False)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=200)


class TimeCorrectionForm(forms.Form):
    """A correction of a signed-off month: a period to add, or one of the month's periods to remove."""

    action = forms.ChoiceField(label=_("Change"), choices=TimeCorrection.Action.choices, widget=forms.RadioSelect,
                               initial=TimeCorrection.Action.ADD)
    day = forms.DateField(label=_("Day"), widget=DateInput, required=False)
    start = forms.TimeField(label=_("From"), widget=TimeInput, required=False)
    end = forms.TimeField(label=_("Until"), widget=TimeInput, required=False)
    mobile = forms.BooleanField(label=_("Mobile work"), required=False)
    entry = forms.TypedChoiceField(label=_("Period to remove"), coerce=int, required=False, empty_value=None)
    reason = forms.CharField(label=_("Reason"), max_length=300,
                             help_text=_("Your supervisor sees this when deciding."))

    def __init__(self, *args, entries: list[TimeEntry] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", "—")] + [
            (e.pk, f"{date_format(timezone.localtime(e.start), 'SHORT_DATE_FORMAT')} "
                   f"{timezone.localtime(e.start):%H:%M}–{timezone.localtime(e.end):%H:%M}")
            for e in entries if e.end is not None]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("action") == TimeCorrection.Action.REMOVE:
            if not data.get("entry"):
                self.add_error("entry", _("Please choose the period to remove."))
        else:
            for name in ("day", "start", "end"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("This field is required."))
        return data
