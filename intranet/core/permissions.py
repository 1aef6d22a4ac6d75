"""The one place that answers "may user U do action A (on object O)?" for every app.

Each app registers its rules here with @rule("app.action") in its own permissions.py; views,
API views, services and commands all ask may()/require(), none decides on its own. An action
without a registered rule is a programming error, never a silent yes or no.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

Check = Callable[[Any, Any], bool]
_rules: dict[str, Check] = {}


def rule(action: str) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        if action in _rules:
            raise ImproperlyConfigured(f"Two rules for the action {action!r}.")
        _rules[action] = check
        return check

    return register


def may(user: Any, action: str, obj: Any = None) -> bool:
    """True when the signed-in, active user may do the action (on obj, where the rule needs one)."""
    try:
        check = _rules[action]
    except KeyError:
        raise ImproperlyConfigured(f"No permission rule is registered for {action!r}.") from None
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(check(user, obj))


def require(user: Any, action: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless may(user, action, obj)."""
    if not may(user, action, obj):
        raise PermissionDenied


_M = TypeVar("_M", bound=Model)


def fetch(queryset: QuerySet[_M], pk: object, user: Any, action: str, *, hide: bool = False) -> _M:
    """The object with this pk from the queryset (its scope), if the user may do the action on it: Http404
    when it does not exist, PermissionDenied when the rule says no, or Http404 with hide=True where the
    page must not tell that it exists (design.md: an object the caller may not see is 404)."""
    obj = get_object_or_404(queryset, pk=pk)
    if not may(user, action, obj):
        raise Http404 if hide else PermissionDenied
    return obj


def registered_actions() -> list[str]:
    return sorted(_rules)
