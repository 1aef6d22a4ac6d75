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


# KERN's class for each kind of widget (static/vendor/kern): by its template, else by its input type.
KERN_CLASSES = {"textarea.html": "kern-form-input__input", "select.html": "kern-form-input__select",
                "checkbox.html": "kern-form-check__checkbox"}
NO_KERN_CLASS = {"hidden", "file", "radio", "checkbox"}  # a lone checkbox has its own template above


def _kern_class(widget: dict[str, Any], kind: str) -> str | None:
    if kind in KERN_CLASSES:
        return KERN_CLASSES[kind]
    if widget.get("type") and widget["type"] not in NO_KERN_CLASS and not widget.get("optgroups"):
        return "kern-form-input__input"
    return None


class FormRenderer(DjangoTemplates):
    """Django's renderer in KERN's markup, set once as FORM_RENDERER so no form has to remember it:
    fields render label, hint, errors and input with KERN's classes (intranet/templates/forms/field.html), each
    widget gets its KERN class, and a select's empty choice (value "") labelled with dashes, whether Django's
    "---------" (model choices, ModelChoiceField) or a form's own "—", reads PLEASE_CHOOSE."""

    field_template_name = "forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if not isinstance(widget, dict):
            return super().render(template_name, context, request)
        kind = widget.get("template_name", "").rsplit("/", 1)[-1]
        css = _kern_class(widget, kind)
        attrs = widget.setdefault("attrs", {})
        if css:
            if attrs.get("aria-invalid") == "true" and css.startswith("kern-form-input"):
                css += f" {css}--error"
            attrs["class"] = f"{css} {attrs['class']}" if attrs.get("class") else css
        if kind == "select.html":
            for _group, options, _index in widget.get("optgroups", ()):
                for option in options:
                    if option["value"] in ("", None) and _is_dashes(option["label"]):
                        option["label"] = PLEASE_CHOOSE
            if not attrs.get("multiple"):  # KERN draws a single select's arrow on a wrapper
                return '<div class="kern-form-input__select-wrapper">' + super().render(template_name, context,
                                                                                        request) + "</div>"
        return super().render(template_name, context, request)
