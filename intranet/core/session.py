"""How long a sign-in lasts: SESSION_COOKIE_AGE (one working day) from signing in, renewed on request.

Django counts a session's age from its last save, so it cannot tell how much of it is left. Storing the
end as a moment lets every page know, warn a few minutes before and offer more time (WCAG 2.2.1)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.utils import timezone

# How long before the end the pages warn (enough to read the warning and press a button).
SESSION_WARNING = timedelta(minutes=5)


def session_renew(session: SessionBase) -> None:
    """Let the sign-in last SESSION_COOKIE_AGE from now (the cookie follows when the session is saved)."""
    session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))


def session_seconds_left(session: SessionBase) -> int:
    if "_session_expiry" not in session:  # signed in before the end was kept (or by a way that skipped it)
        session_renew(session)
    return max(0, int(session.get_expiry_age()))


def renew_on_sign_in(sender: Any, request: Any, **kwargs: Any) -> None:
    """The user_logged_in receiver: every way of signing in (form, directory, SSO) starts a full day."""
    if request is not None and hasattr(request, "session"):
        session_renew(request.session)
