"""Start-up checks of the timekeeping settings HR writes by hand."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def export_layout_check(app_configs, **kwargs) -> list[Error]:
    from .export import FIELDS

    unknown = [item for item in settings.TIME_EXPORT_COLUMNS if item.partition(":")[0].strip() not in FIELDS]
    return [Error(f"TIME_EXPORT_COLUMNS names unknown fields: {', '.join(unknown)}",
                  hint=f"Known fields: {', '.join(FIELDS)}", id="timekeeping.E001")] if unknown else []
