"""Small pieces of the layout every template uses (a builtin, no `{% load %}` needed).

`{% icon "time" %}`: an icon of the sprite (static/icons/icons.txt names them), always beside text; decorative,
so hidden from screen readers and never focusable: the text next to it is what is read.
`state|state_tone`: the KERN badge tone of a request's or booking's state; `message.tags|alert_tone` an alert's."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

TONES = {"approved": "success", "confirmed": "success", "done": "success",
         "rejected": "danger", "cancelled": "danger",
         "submitted": "warning", "pending": "warning"}


@register.simple_tag
def icon(name: str, css_class: str = "") -> str:
    if not name:
        return ""
    return format_html('<svg class="icon{}" aria-hidden="true" focusable="false"><use href="{}#{}"></use></svg>',
                       f" {css_class}" if css_class else "", static("vendor/tabler/sprite.svg"), name)


@register.filter
def state_tone(state: str) -> str:
    return TONES.get(str(state), "info")


@register.filter
def alert_tone(tags: str) -> str:
    words = str(tags).split()
    return "danger" if "error" in words else next((t for t in words if t in ("success", "warning", "info")), "info")
