"""Template context that the layout needs on every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .modules import MODULE_LABELS


def intranet(request: HttpRequest) -> dict[str, Any]:
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "enabled_modules": {name: MODULE_LABELS[name] for name in settings.MODULES},
    }
