"""The Jinja2 environment for the few templates drawn thousands of times a page (the booking grid's cells,
templates/jinja2/): there Django's template language cost four times as much for the same output
(tests/benchmarks/RESULTS.md). Everything else stays in Django's templates.

Texts come from Django's catalogue in the active language: `_("…")`, `pgettext(context, "…")`, and
`_("free %(a)s", a=…)` with its values escaped. A text filled in thousands of times a page is looked up
once instead, `{% set free = translate("free %(a)s") %}`, and filled with `free|format(a=…)` (the result is
escaped on output like any value). `makemessages` does not read Jinja2 templates: their
msgids are kept in locale/de/LC_MESSAGES/django.po by hand like the rest, and a test
(tests/intranet/test_jinja_texts.py) fails when one of them has no German."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import formats, timezone, translation
from jinja2 import Environment

from intranet.templatetags.ui import icon


def hm(moment: datetime) -> str:
    """A moment's local clock time, "09:05" (Django's templates convert to local time by themselves)."""
    local = timezone.localtime(moment)
    return f"{local.hour:02d}:{local.minute:02d}"


def date(value: Any, fmt: str) -> str:
    """A date, or a moment in local time, in a format of Django's |date filter and the active language."""
    return formats.date_format(timezone.localtime(value) if isinstance(value, datetime) else value, fmt)


def environment(**options: Any) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        translation.gettext, translation.ngettext, newstyle=True,
        pgettext=translation.pgettext, npgettext=translation.npgettext)
    env.globals["translate"] = translation.gettext  # the plain lookup: no format, no Markup, 20 times cheaper
    env.globals["icon"] = icon  # {{ icon("time") }}, as {% icon "time" %} in Django's templates
    env.globals["date"] = date  # {{ date(day, "D d.m.") }}, as |date: in the active language
    env.globals["hm"] = hm
    return env
