"""Typed requests for views, and the one way buttons report what a service did."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from directory.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


def act(request: HttpRequest, action: Callable[[], object], done: str) -> bool:
    """Run a service call for a button: say `done`, or the service's message when it refuses
    (ValidationError). Returns whether it succeeded."""
    try:
        action()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    messages.success(request, done)
    return True
