"""Booking forms: shape only; the rules are in the services."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import User
from intranet.core.http import local_datetime
from intranet.core.roles import Role
from intranet.core.widgets import DateInput, TimeInput

from .models import Kind, Resource


def bookable_role_field() -> forms.ChoiceField:
    """The role a resource may be restricted to, by its name (the model keeps the role's code): for the
    managers' resource form and the admin alike."""
    return forms.ChoiceField(
        label=_("only for a role"), required=False,
        choices=[("", _("no role needed"))] + [(role.value, role.label) for role in Role if role != Role.EMPLOYEE],
        help_text=_("Only people with this role may book it."))


class SearchForm(forms.Form):
    """What is free: kind, day and times, seats, equipment."""

    kind = forms.ChoiceField(label=_("What"), choices=Kind.choices, initial=Kind.ROOM)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    start = forms.TimeField(label=_("From"), widget=TimeInput)
    end = forms.TimeField(label=_("Until"), widget=TimeInput)
    capacity = forms.IntegerField(label=_("Seats at least"), min_value=0, max_value=500, required=False)
    equipment = forms.CharField(label=_("Equipment"), max_length=100, required=False,
                                help_text=_("e.g. projector"))
    step_free = forms.BooleanField(label=_("Step-free access"), required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end lies before the start."))
        return data

    def span(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        return local_datetime(data["day"], data["start"]), local_datetime(data["day"], data["end"])


class BookingForm(forms.Form):
    resource = forms.ModelChoiceField(label=_("Resource"), queryset=Resource.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    day = forms.DateField(label=_("Day"), widget=DateInput)
    start = forms.TimeField(label=_("From"), widget=TimeInput)
    end_day = forms.DateField(label=_("Return day"), widget=DateInput, required=False,
                              help_text=_("Only for trips over several days."))
    end = forms.TimeField(label=_("Until"), widget=TimeInput)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1, max_value=500, initial=1)
    on_behalf_of = forms.ModelChoiceField(label=_("On behalf of (optional)"), queryset=User.objects.none(),
                                          required=False, help_text=_("When you book for someone else."))
    driver = forms.ModelChoiceField(label=_("Driver (if not you)"), queryset=User.objects.none(), required=False)
    destination = forms.CharField(label=_("Destination"), max_length=200, required=False)
    purpose = forms.CharField(label=_("Purpose"), max_length=200, required=False)
    note = forms.CharField(label=_("Note (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, resources, kind: str, colleagues, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.fields["resource"].queryset = resources
        self.fields["on_behalf_of"].queryset = colleagues
        if kind == Kind.CAR:  # a trip: from a day and time until a day and time, in that order
            for name, label in (("day", _("From (day)")), ("start", _("From (time)")),
                                ("end_day", _("Until (day)")), ("end", _("Until (time)"))):
                self.fields[name].label = label
            self.fields["end_day"].help_text = _("Empty: the same day.")
            self.fields["driver"].queryset = colleagues
            self.fields["destination"].required = self.fields["purpose"].required = True
            del self.fields["attendees"]
        else:
            for name in ("driver", "destination", "purpose", "end_day"):
                del self.fields[name]

    def span(self) -> tuple[datetime, datetime]:
        data = self.cleaned_data
        end_day = data.get("end_day") or data["day"]
        return local_datetime(data["day"], data["start"]), local_datetime(end_day, data["end"])

    @staticmethod
    def initial_for(start: datetime | None, resource: Resource | None) -> dict:
        start = start or (timezone.localtime() + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
        start = timezone.localtime(start)
        return {"resource": resource, "day": start.date(), "start": start.time(),
                "end": (start + timedelta(hours=1)).time(), "attendees": 1}


WEEKDAYS = [("MO", _("Monday")), ("TU", _("Tuesday")), ("WE", _("Wednesday")), ("TH", _("Thursday")),
            ("FR", _("Friday")), ("SA", _("Saturday")), ("SU", _("Sunday"))]


class RepeatForm(forms.Form):
    """How a booking repeats (a series); "no" is a single booking."""

    repeat = forms.ChoiceField(label=_("Repeat"), initial="", required=False, choices=[
        ("", _("no")), ("DAILY", _("daily")), ("WEEKLY", _("weekly")), ("MONTHLY", _("monthly"))])
    weekdays = forms.MultipleChoiceField(label=_("On these weekdays"), choices=WEEKDAYS, required=False,
                                         widget=forms.CheckboxSelectMultiple,
                                         help_text=_("Weekly only; none means the weekday of the first date."))
    until = forms.DateField(label=_("Last date of the series"), widget=DateInput, required=False)
    count = forms.IntegerField(label=_("or number of dates"), min_value=1, max_value=366, required=False)

    def clean(self) -> dict:
        data = super().clean()
        if data.get("repeat") and not data.get("until") and not data.get("count"):
            self.add_error("until", _("Give an end date or a number of dates."))
        return data

    @property
    def repeats(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("repeat"))

    def rule(self) -> str:
        from .rules import series_rule

        data = self.cleaned_data
        return series_rule(freq=data["repeat"], weekdays=data["weekdays"], count=data.get("count"),
                           until=data.get("until") if not data.get("count") else None)


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(label=_("Change"), widget=forms.RadioSelect, initial="one", choices=[
        ("one", _("only this date")), ("following", _("this and all following")), ("all", _("the whole series"))])
