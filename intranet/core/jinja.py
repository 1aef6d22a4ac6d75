"""The Jinja2 environment for the parts of pages drawn many times over (templates/jinja2/): the booking grid's
cells, the month sheet's days, the team calendar's month, the inbox's tasks, the address book's people and the
main navigation on every page. There Django's template language cost about four times as much for the same
markup (tests/benchmarks/RESULTS.md); the pages around them stay in Django's templates, which take these parts
as rendered, escaped HTML.

Texts come from Django's catalogue in the language active when a rendering starts: `_("…")`,
`pgettext(context, "…")`, and `_("free %(a)s", a=…)` with its values escaped; each text is looked up once
per process and language (texts). A text filled in thousands of times a page is fetched once instead,
`{% set free = translate("free %(a)s") %}`, and filled with `free|format(a=…)` (the result is escaped on
output like any value). `makemessages` does not read Jinja2 templates: their
msgids are kept in locale/de/LC_MESSAGES/django.po by hand like the rest, and a test
(tests/intranet/test_jinja_texts.py) fails when one of them has no German.

Helpers: `icon("time")`, `date(value, "D d.m.")` (a moment in local time, as Django's |date), `hm(moment)`
("09:05", local). A page's forms get their CSRF field as `csrf`, made once by the view: the backend's own
`csrf_input` masks a new token each time it is read, which cost more than the rest of the inbox's rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from datetime import datetime
from functools import cache, lru_cache
from typing import Any

from django.utils import formats, timezone, translation
from jinja2 import Environment, Template
from markupsafe import Markup

from intranet.core.parts import fill
from intranet.templatetags.ui import icon


def hm(moment: datetime) -> str:
    """A moment's local clock time, "09:05" (Django's templates convert to local time by themselves)."""
    local = timezone.localtime(moment)
    return f"{local.hour:02d}:{local.minute:02d}"


def date(value: Any, fmt: str) -> str:
    """A date, or a moment in local time, in a format of Django's |date filter and the active language."""
    return formats.date_format(timezone.localtime(value) if isinstance(value, datetime) else value, fmt)


def _dates(language: str | None) -> Callable[[Any, str], str]:
    """date() for one language, a day's label made once per process (a month sheet labels its days 70
    times; Django's formatting with its translated names cost more than the row around it)."""

    @lru_cache(maxsize=4096)
    def day(value: dt.date, fmt: str) -> str:
        with translation.override(language):
            return formats.date_format(value, fmt)

    def date_(value: Any, fmt: str) -> str:
        return date(value, fmt) if isinstance(value, datetime) else day(value, fmt)

    return date_


@cache
def texts(language: str | None) -> dict[str, Callable[..., str]]:
    """The text functions of one language, and its date() (_dates), each text looked up once per process:
    Django's gettext, with its thread-local lookups, cost 5 to 20 µs a call, and the inbox's rows make 200.
    The same results: Django's catalogue in that language, `_("… %(a)s", a=…)` escaping its values as
    Jinja2's own do."""
    found: dict[tuple[str, str], str] = {}

    def lookup(context: str, message: str) -> str:
        try:
            return found[context, message]
        except KeyError:
            with translation.override(language):
                text = translation.pgettext(context, message) if context else translation.gettext(message)
            found[context, message] = text
            return text

    def gettext(message: str, **variables: Any) -> str:
        return Markup(lookup("", message)) % variables

    def pgettext(context: str, message: str, **variables: Any) -> str:
        return Markup(lookup(context, message)) % variables

    return {"_": gettext, "gettext": gettext, "pgettext": pgettext,
            "translate": lambda message: lookup("", message), "date": _dates(language)}


class _Template(Template):
    """Every rendering gets the text functions of the language active when it starts (texts)."""

    def new_context(self, vars: dict[str, Any] | None = None, *args: Any, **kwargs: Any) -> Any:
        return super().new_context({**texts(translation.get_language()), **(vars or {})}, *args, **kwargs)


def environment(**options: Any) -> Environment:
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.template_class = _Template
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
        translation.gettext, translation.ngettext, newstyle=True,
        pgettext=translation.pgettext, npgettext=translation.npgettext)
    env.globals["translate"] = translation.gettext  # the plain lookup: no format, no Markup, 20 times cheaper
    env.globals["icon"] = icon  # {{ icon("time") }}, as {% icon "time" %} in Django's templates
    env.globals["date"] = date  # {{ date(day, "D d.m.") }}, as |date: in the active language
    env.globals["hm"] = hm
    env.globals["fill"] = fill  # {{ fill(address, row.pk) }}: an address made once (intranet.core.parts)
    return env
