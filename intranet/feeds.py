"""Calendar-feed tokens and the feed registry: URLs /feeds/<token>/<name>.ics that calendar
clients read without a session. Apps register their feeds; this module only authenticates."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac

from directory.models import User

from .models import FeedToken
from .notifications import absolute_url


@dataclass(frozen=True)
class Feed:
    name: str
    label: object
    build: Callable[[User], bytes]     # the .ics bytes for the feed's owner
    available: Callable[[User], bool]  # whether the owner has this feed (e.g. supervisors only)


_feeds: dict[str, Feed] = {}


def register_feed(feed: Feed) -> Feed:
    _feeds[feed.name] = feed
    return feed


def feeds_for(user: User) -> list[Feed]:
    return [feed for feed in _feeds.values() if feed.available(user)]


def get_feed(name: str) -> Feed | None:
    return _feeds.get(name)


def _mac(user_id: int, nonce: str) -> str:
    return salted_hmac("intranet.feeds", f"{user_id}:{nonce}").hexdigest()[:40]


def token_string(token: FeedToken) -> str:
    return f"{token.user_id}-{_mac(token.user_id, token.nonce)}"


def feed_token_renew(*, user: User) -> FeedToken:
    """Create or replace the user's token: every old feed URL stops working."""
    token, _ = FeedToken.objects.update_or_create(user=user, defaults={"nonce": get_random_string(32)})
    return token


def feed_token_revoke(*, user: User) -> None:
    FeedToken.objects.filter(user=user).delete()


def user_for_token(token: str) -> User | None:
    user_id, _, mac = token.partition("-")
    if not user_id.isdigit() or not mac:
        return None
    row = FeedToken.objects.select_related("user").filter(user_id=int(user_id), user__is_active=True).first()
    if row is None or not constant_time_compare(mac, _mac(row.user_id, row.nonce)):
        return None
    return row.user


def feed_url(user: User, name: str) -> str | None:
    token = FeedToken.objects.filter(user=user).first()
    if token is None:
        return None
    return absolute_url(reverse("feed", args=[token_string(token), name]))
