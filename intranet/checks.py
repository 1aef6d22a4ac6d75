"""System checks of the intranet's own settings (manage.py check --deploy)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_set(app_configs, **kwargs) -> list[Warning]:
    """Without SITE_URL, mails sent outside a request (reminders, digests) link to SITE_URL_FALLBACK, links
    follow whatever host a user typed, and every calendar UID changes on the day it is set at last (calendars
    would show each booking twice)."""
    if settings.DEBUG or settings.SITE_URL:
        return []
    return [Warning(
        f"SITE_URL is not set: mails sent by run_scheduled link to {settings.SITE_URL_FALLBACK} and calendar "
        "UIDs will change when it is set.", hint="Set SITE_URL to the address staff open, e.g. "
        "https://intranet.stadt.example.", id="intranet.W001")]
