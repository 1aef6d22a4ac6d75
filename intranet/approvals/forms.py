"""HTML forms: shape only; the rules live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from directory.models import User


class DateInput(forms.DateInput):
    input_type = "date"


class GeneralRequestForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(label=_("Your request"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)
    date_from = forms.DateField(label=_("From (optional)"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("Until (optional)"), required=False, widget=DateInput)
    attachment = forms.FileField(
        label=_("Attachment (optional)"), required=False,
        help_text=_("PDF, PNG or JPEG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}),
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
    )


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["language", "approval_mail", "feed_shows_absence_type"]
        widgets = {"approval_mail": forms.RadioSelect}
