"""HTML5 date and time inputs every app's forms use."""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """An HTML date input; it only takes ISO dates, whatever the language."""

    input_type = "date"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")



class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs, format="%H:%M")

