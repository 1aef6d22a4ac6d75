"""Calendar-feed tokens and the feed registry: URLs /feeds/<token>/<name>.ics that calendar
clients read without a session. Apps register their feeds; this module only authenticates."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.crypto import constant_time_compare, get_random_string, salted_hmac
from django.utils.http import http_date, quote_etag
from django.utils.translation import gettext_lazy as _

from intranet.core.http import token_parts
from intranet.core.ical import CalendarEvent, calendar_bytes
from intranet.core.packed_cache import cached_packed
from intranet.core.site import absolute_url
from intranet.core.versions import rows_version, rows_versions

from .models import FeedToken, User


@dataclass(frozen=True)
class Version:
    """A cheap fingerprint of a feed's content (e.g. count and last change of its rows), read before
    the feed is built, so a client that has it already gets 304 without the feed being made."""

    key: str
    last_modified: datetime | None


@dataclass(frozen=True)
class Feed:
    name: str
    label: object
    build: Callable[[User], bytes]         # the .ics bytes for the feed's owner
    available: Callable[[User], bool]      # whether the owner has this feed (e.g. supervisors only)
    version: Callable[[User], Version]     # changes whenever the feed's content does


_feeds: dict[str, Feed] = {}


@dataclass(frozen=True)
class EventSource:
    """Events an app adds to everyone's personal feed (absences, bookings, trips)."""

    name: str
    events: Callable[[User], Iterable[CalendarEvent]]
    rows: Callable[[User], QuerySet]  # what the events are made of: their version is the feed's
    available: Callable[[User], bool]
    note: Callable[[User], str] = lambda user: ""  # what else changes the events (a setting of the owner's)


_personal_sources: dict[str, EventSource] = {}


def register_personal_source(source: EventSource) -> EventSource:
    _personal_sources[source.name] = source
    return source


def _sources(user: User) -> list[EventSource]:
    return [s for s in _personal_sources.values() if s.available(user)]


def _personal_feed(user: User) -> bytes:
    return calendar_bytes(f"Intranet – {user.display_name}",
                          [event for source in _sources(user) for event in source.events(user)])


def _personal_version(user: User) -> Version:
    """The versions of every source's rows, read in one query (a calendar client polls it), and their notes."""
    sources = _sources(user)
    versions = rows_versions(*(source.rows(user) for source in sources))
    stamps = [v.last for v in versions if v.last]
    return Version(key="|".join(f"{v.key}:{source.note(user)}" for source, v in zip(sources, versions, strict=True)),
                   last_modified=max(stamps) if stamps else None)


def table_version(rows: QuerySet) -> Version:
    """The version of a feed made of these rows (intranet.core.versions), dated by their latest change."""
    found = rows_version(rows)
    return Version(key=found.key, last_modified=found.last)


def register_feed(feed: Feed) -> Feed:
    _feeds[feed.name] = feed
    return feed


register_feed(Feed(name="persoenlich", label=_("My calendar (absences, bookings)"), build=_personal_feed,
                   available=lambda user: bool(_sources(user)), version=_personal_version))


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
    parts = token_parts(token)
    if parts is None:
        return None
    user_id, mac = parts
    row = FeedToken.objects.select_related("user").filter(user_id=user_id, user__is_active=True).first()
    if row is None or not constant_time_compare(mac, _mac(row.user_id, row.nonce)):
        return None
    return row.user


def feed_url(user: User, name: str) -> str | None:
    token = FeedToken.objects.filter(user=user).first()
    if token is None:
        return None
    return absolute_url(reverse("feed", args=[token_string(token), name]))


def feed_response(request, *, key: str, version: Version, build: Callable[[], bytes]) -> HttpResponse:
    """Answer a calendar client: 304 when its ETag or date is current (checked before the feed is built),
    otherwise the feed with ETag and Last-Modified; HEAD gets the same answer without the body."""
    etag = quote_etag(hashlib.sha256(f"{key}:{version.key}".encode()).hexdigest()[:32])
    # HTTP dates have whole seconds: without rounding down, If-Modified-Since would never match.
    last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
    if not_modified := get_conditional_response(request, etag=etag, last_modified=last_modified):
        return not_modified
    response = HttpResponse(_cached_body(request.path, etag, build), content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "private, max-age=300"
    if request.method == "HEAD":  # calendar clients and proxies ask first: GET's headers, no body
        response["Content-Length"] = str(len(response.content))
        response.content = b""
    return response


# What a version does not cover (a renamed room or leave type in an event's text) shows at most this late.
FEED_CACHE_SECONDS = 60 * 60


def _cached_body(path: str, etag: str, build: Callable[[], bytes]) -> bytes:
    """The feed's body, built once per version: many clients poll without If-None-Match, and building a
    feed of a thousand events costs a hundred times its version. The key holds the address (its token is
    the owner: no one ever gets another's feed), the version and today's date (feeds show a window of days
    around today)."""
    key = "feed-body:" + hashlib.sha256(f"{path}|{etag}|{timezone.localdate()}".encode()).hexdigest()
    return cached_packed(key, build, FEED_CACHE_SECONDS)
