"""Small pieces of the layout every template uses (a builtin, no `{% load %}` needed).

`{% icon "time" %}`: an icon of the sprite (static/icons/icons.txt names them), always beside text; decorative,
so hidden from screen readers and never focusable: the text next to it is what is read.
`{% main_navigation %}`: the layout's navigation.
`state|state_tone`: the KERN badge tone of a request's or booking's state; `message.tags|alert_tone` an alert's."""

from functools import cache

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from intranet.core.parts import part

register = template.Library()

TONES = {"approved": "success", "confirmed": "success", "done": "success",
         "rejected": "danger", "cancelled": "danger",
         "submitted": "warning", "pending": "warning"}


@register.simple_tag
@cache  # the same few dozen icons on every page; the sprite's address is fixed while the process runs
def icon(name: str, css_class: str = "") -> str:
    if not name:
        return ""
    return format_html('<svg class="icon{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
                       f" {css_class}" if css_class else "", static("vendor/tabler/sprite.svg"), name)


@register.simple_tag(takes_context=True)
def main_navigation(context: template.Context) -> str:
    """The layout's main navigation (intranet.navigation), drawn by Jinja2: templates/jinja2/_main_nav.html.
    The inbox's count is the page's own where it has one (the dashboard's), else asked when drawn."""
    navigation = context["navigation"]
    return part("_main_nav.html", {
        "areas": navigation.areas, "shortcuts": navigation.shortcuts, "inbox_count": context.get("inbox_count")})


@register.filter
def state_tone(state: str) -> str:
    return TONES.get(str(state), "info")


@register.filter
def alert_tone(tags: str) -> str:
    words = str(tags).split()
    return "danger" if "error" in words else next((t for t in words if t in ("success", "warning", "info")), "info")
