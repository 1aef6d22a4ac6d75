"""Address-book forms: shape only."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import User

# Editable field name (ADDRESSBOOK_EDITABLE_FIELDS) -> model field holding the person's own entry
EDITABLE = {"mobile": "local_mobile", "room": "local_room", "about": "about"}


class PeopleSearchForm(forms.Form):
    q = forms.CharField(label=_("Name, unit, extension, room or job title"), required=False, max_length=100,
                        widget=forms.SearchInput(attrs={"autocomplete": "off"}))


class OwnEntryForm(forms.ModelForm):
    class Meta:
        model = User
        fields = list(EDITABLE.values())
        widgets = {"about": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "local_mobile": _("Leave empty to show the number from the directory."),
            "local_room": _("Leave empty to show the room from the directory."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = {EDITABLE[name] for name in settings.ADDRESSBOOK_EDITABLE_FIELDS if name in EDITABLE}
        for name in list(self.fields):
            if name not in allowed:
                del self.fields[name]


class DirectoryTestForm(forms.Form):
    username = forms.CharField(label=_("User name"), max_length=256)
