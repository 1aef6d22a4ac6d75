"""Parts of pages drawn by Jinja2 (intranet/core/jinja.py), which Django's templates take as they are, and the
addresses their rows link to: reversed once per part with a stand-in id that `fill(address, pk)` replaces in
the template (reverse() for every row of a list cost more than the row)."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

ID = "987654321"  # the stand-in id


def part(template_name: str, context: dict[str, Any]) -> SafeString:
    """templates/jinja2/<template_name> drawn with `context` (autoescaped by Jinja2)."""
    return mark_safe(render_to_string(template_name, context, using="jinja2"))


def address(view_name: str) -> str:
    """The view's address with the stand-in id, for `fill(address, pk)` in a Jinja2 part."""
    return reverse(view_name, args=[int(ID)])


def fill(address_: str, pk: object) -> str:
    return address_.replace(ID, str(pk))
