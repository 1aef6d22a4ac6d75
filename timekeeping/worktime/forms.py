"""Working-time forms: shape only; the rules are in the services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from intranet.core.widgets import PLEASE_CHOOSE, DateInput, TimeInput

from .models import TimeCorrection, TimeEntry

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .timesheet import EntryRow


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

    def __init__(self, *args, entries: Sequence[TimeEntry | EntryRow] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].choices = [("", PLEASE_CHOOSE)] + [
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

