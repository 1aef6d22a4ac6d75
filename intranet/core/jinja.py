"""The Jinja2 environment for the parts of pages drawn many times over (templates/jinja2/): the booking grid's
cells, the month sheet's days, the team calendar's month, the inbox's tasks, the address book's people and the
main navigation on every page. There Django's template language cost about four times as much for the same
markup (tests/benchmarks/RESULTS.md); the pages around them stay in Django's templates, which take these parts
as rendered, escaped HTML.

Texts come from Django's catalogue in the active language: `_("…")`, `pgettext(context, "…")`, and
`_("free %(a)s", a=…)` with its values escaped. A text filled in thousands of times a page is looked up
once instead, `{% set free = translate("free %(a)s") %}`, and filled with `free|format(a=…)` (the result is
escaped on output like any value). `makemessages` does not read Jinja2 templates: their
msgids are kept in locale/de/LC_MESSAGES/django.po by hand like the rest, and a test
(tests/intranet/test_jinja_texts.py) fails when one of them has no German.

Helpers: `icon("time")`, `date(value, "D d.m.")` (a moment in local time, as Django's |date), `hm(moment)`
("09:05", local). A page's forms get their CSRF field as `csrf`, made once by the view: the backend's own
`csrf_input` masks a new token each time it is read, which cost more than the rest of the inbox's rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.utils import formats, timezone, translation
from jinja2 import Environment

from intranet.core.parts import fill
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
    env.globals["fill"] = fill  # {{ fill(address, row.pk) }}: an address made once (intranet.core.parts)
    return env
