"""Template context that the layout needs on every page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from intranet.core.modules import MODULE_LABELS
from intranet.help.topics import topic_for


def intranet(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "organisation_name": settings.ORGANISATION_NAME,
        "enabled_modules": {name: MODULE_LABELS[name] for name in settings.MODULES},
    }
    match = getattr(request, "resolver_match", None)
    context["help_topic"] = topic_for(match.view_name, match.namespace) if match else None
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from intranet.approvals.selectors import inbox_for
        from intranet.core.permissions import may
        from intranet.core.session import SESSION_WARNING, session_seconds_left

        # Lazy: computed only where the layout shows them (pages, not API answers).
        context["inbox_count"] = lambda: inbox_for(user).count()
        context["may_search_requests"] = lambda: may(user, "intranet.search_requests")
        context["may_administer"] = lambda: may(user, "intranet.administer")
        context["session_seconds_left"] = lambda: session_seconds_left(request.session)
        context["session_warning_seconds"] = int(SESSION_WARNING.total_seconds())
    return context
