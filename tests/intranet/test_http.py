"""The HTTP helpers every view shares."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from intranet.core.http import show_errors


class _Form(forms.Form):
    start_day = forms.DateField(required=False)
    note = forms.CharField(required=False)


def test_show_errors_puts_each_kind_of_refusal_on_the_form() -> None:
    form = _Form({})
    assert form.is_valid()
    show_errors(form, ValidationError("Der Monat ist abgeschlossen."))  # a refusal naming no field
    assert form.non_field_errors() == ["Der Monat ist abgeschlossen."]

    form = _Form({})
    form.is_valid()
    show_errors(form, ValidationError({"note": "zu lang", "start": "zu früh", "elsewhere": "anderswo"}),
                {"start": "start_day"})
    assert form.errors["note"] == ["zu lang"]
    assert form.errors["start_day"] == ["zu früh"]  # the service's name mapped to the form's
    assert form.non_field_errors() == ["anderswo"]  # a field the form does not have goes above it
