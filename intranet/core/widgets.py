"""HTML5 date, time and month inputs every app's forms use, the month picker of list pages, and the form
renderer that words the empty choice of every select the same way."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _

# The empty choice of a select, in every form (and the admin): words, not Django's "---------".
PLEASE_CHOOSE = _("— please choose —")


class DateInput(forms.DateInput):
    """An HTML date input; it only takes ISO dates, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")


class MonthForm(forms.Form):
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"], required=False,
                            widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"))
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _is_dashes(label: object) -> bool:
    text = str(label).strip()
    return bool(text) and not text.strip("-—–")


class FormRenderer(DjangoTemplates):
    """Django's renderer, except that a select's empty choice (value "") labelled with dashes, whether Django's
    "---------" (model choices, ModelChoiceField) or a form's own "—", reads PLEASE_CHOOSE. Set once as
    FORM_RENDERER, so no field has to remember it."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict) and widget.get("template_name", "").endswith("/select.html"):
            for _group, options, _index in widget.get("optgroups", ()):
                for option in options:
                    if option["value"] in ("", None) and _is_dashes(option["label"]):
                        option["label"] = PLEASE_CHOOSE
        return super().render(template_name, context, request)
