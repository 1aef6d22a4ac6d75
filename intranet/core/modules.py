"""Modules that a city switches on and off by configuration (MODULES), e.g. time recording
only once the staff council has agreed to it (domain.md 9.4)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _

MODULE_LABELS = {
    "time": _("Working time"),
    "leave": _("Leave and absences"),
    "trips": _("Business trips and training"),
    "rooms": _("Rooms"),
    "cars": _("Pool cars"),
    "addressbook": _("Address book"),
}


def module_enabled(name: str) -> bool:
    if name not in settings.ALL_MODULES:
        raise ValueError(f"Unknown module {name!r}")
    return name in settings.MODULES


def require_module(name: str) -> None:
    """Raise Http404 when the module is switched off (for API views and services)."""
    if not module_enabled(name):
        raise Http404


def module_required(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A switched-off module's pages do not exist (404), for HTML views and API views alike."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_module(name)
            return view(*args, **kwargs)

        return wrapped

    return decorator
