"""The empty choice of every select reads "— bitte wählen —", once for all forms (intranet/core/widgets.py)."""

from __future__ import annotations

from django import forms
from django.utils import translation

from directory.models import User
from reservations.models import Resource


class _Form(forms.Form):
    person = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    role = forms.ChoiceField(choices=[("", "---------"), ("fleet", "fleet")], required=False)
    repeat = forms.ChoiceField(choices=[("", "no"), ("DAILY", "daily")], required=False)
    dash = forms.ChoiceField(choices=[("", "—"), ("a", "a")], required=False)


class _ModelForm(forms.ModelForm):
    class Meta:
        model = Resource
        fields = ["kind"]


def test_every_empty_choice_reads_please_choose(db) -> None:
    with translation.override("de"):
        html = str(_Form())
        assert html.count("— bitte wählen —") == 3
        assert "---------" not in html
        assert '<option value="" selected>no</option>' in html  # an empty choice with words keeps them
        assert '<option value="" selected>— bitte wählen —</option>' in str(_ModelForm())  # a model's choices
    with translation.override("en"):
        assert str(_Form()).count("— please choose —") == 3


def test_a_page_shows_it(client, cast) -> None:
    client.force_login(cast.ada)
    page = client.get("/abwesenheiten/neu/").content.decode()
    assert "— bitte wählen —" in page and "---------" not in page
