"""Every text of the Jinja2 templates has its German: makemessages does not read them (intranet/core/jinja.py)."""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import trans_real

JINJA = Path(__file__).resolve().parents[2] / "templates" / "jinja2"
TEXT = re.compile(r"""\b(?:_|translate)\(\s*(["'])(.+?)\1""")
IN_CONTEXT = re.compile(r"""\bpgettext\(\s*(["'])(.+?)\1\s*,\s*(["'])(.+?)\3""")


def test_every_text_of_the_jinja_templates_is_translated() -> None:
    templates = sorted(JINJA.rglob("*.html"))
    assert templates, "no Jinja2 templates found: has the folder moved?"
    plain = {m[1] for t in templates for m in TEXT.findall(t.read_text())}
    in_context = {(m[1], m[3]) for t in templates for m in IN_CONTEXT.findall(t.read_text())}
    assert len(plain) > 10 and in_context  # the patterns still find the texts
    german = trans_real.translation("de")._catalog  # the entries themselves: "Person" is "Person" in German too
    missing = [text for text in plain if text not in german]
    missing += [text for context, text in in_context if f"{context}\x04{text}" not in german]
    assert not missing, f"add these to locale/de/LC_MESSAGES/django.po: {missing}"


def test_the_texts_follow_the_language_of_each_rendering_and_escape_their_values() -> None:
    """intranet.core.jinja.texts keeps each text once per language: a rendering in German after one in
    English (and back) still gets its own language, and a value filled in is escaped as Jinja2's own _()."""
    from django.template import engines
    from django.utils import translation

    template = engines["jinja2"].env.from_string(
        "{{ _('Approve') }}|{{ translate('Approve') }}|{{ pgettext('navigation area', 'Human resources') }}|"
        "{{ _('Select: %(summary)s', summary=name) }}")
    drawn = {}
    for language in ("de", "en", "de"):
        with translation.override(language):
            drawn.setdefault(language, set()).add(template.render(name="<b>Ada</b>"))
    assert drawn["de"] == {"Genehmigen|Genehmigen|Personal|Auswählen: &lt;b&gt;Ada&lt;/b&gt;"}
    assert drawn["en"] == {"Approve|Approve|Human resources|Select: &lt;b&gt;Ada&lt;/b&gt;"}


def test_a_day_is_labelled_in_the_language_of_each_rendering() -> None:
    """date() keeps a day's label once per language (intranet.core.jinja._dates): German after English after
    German, and a moment still in local time."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from django.template import engines
    from django.utils import translation

    template = engines["jinja2"].env.from_string("{{ date(day, 'D d.m.') }}|{{ date(moment, 'H:i') }}")
    context = {"day": date(2026, 12, 7), "moment": datetime(2026, 7, 1, 10, 0, tzinfo=ZoneInfo("UTC"))}
    drawn = {}
    for language in ("de", "en", "de"):
        with translation.override(language):
            drawn.setdefault(language, set()).add(template.render(**context))
    assert drawn == {"de": {"Mo 07.12.|12:00"}, "en": {"Mon 07.12.|12:00"}}
