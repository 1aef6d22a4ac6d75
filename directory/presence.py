"""Presence today, as colleagues may see it: whether someone is away, never why.

Apps that know (leave, business trips) register a provider; the address book only asks
presence_for(). A provider answers for many people at once, so a list costs one query per provider.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.utils.translation import gettext_lazy as _

AWAY = "away"
ON_TRIP = "trip"
LABELS = {AWAY: _("absent"), ON_TRIP: _("on a business trip")}

Provider = Callable[[list[int], date], dict[int, str]]
_providers: list[Provider] = []


def register_presence_provider(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def unregister_presence_provider(provider: Provider) -> None:
    if provider in _providers:
        _providers.remove(provider)


def presence_for(user_ids: Iterable[int], day: date) -> dict[int, str]:
    """user id -> AWAY or ON_TRIP for those known to be away today; others are absent from the dict."""
    ids = list(user_ids)
    found: dict[int, str] = {}
    for provider in _providers:
        for user_id, status in provider(ids, day).items():
            found.setdefault(user_id, status)
    return found
