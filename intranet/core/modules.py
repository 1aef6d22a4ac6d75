"""Modules that a city switches on and off by configuration (MODULES), e.g. time recording
only once the staff council has agreed to it (domain.md 9.4)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

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
    """Raise Http404 when the module is switched off (API views declare `module` instead: ModuleEnabled)."""
    if not module_enabled(name):
        raise Http404


def module_required(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A switched-off module's pages do not exist (404)."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            require_module(name)
            return view(*args, **kwargs)

        return wrapped

    return decorator


class ModuleEnabled(permissions.BasePermission):
    """A switched-off module's API does not exist (404, as its pages): the view names its module in `module`,
    or several in a tuple of which one must be on (bookings: rooms or cars). One of the default permission
    classes, after IsAuthenticated, so a stranger still gets 401; a view without `module` passes."""

    def has_permission(self, request: Any, view: Any) -> bool:  # DRF's Request and APIView
        names = getattr(view, "module", None) or ()
        if isinstance(names, str):
            names = (names,)
        if names and not any(module_enabled(name) for name in names):
            raise Http404
        return True
