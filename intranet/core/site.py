"""The address the intranet is served at, for links in mails, feed addresses and the door display's QR code.

SITE_URL set (production): every link names it. Unset: links follow the request being answered (the
address the browser or calendar client used, checked against ALLOWED_HOSTS by Django), and outside a
request (scheduled mails) SITE_URL_FALLBACK, http://127.0.0.1:$PORT, which `make run` passes.

UIDs of events and vCards are not links: a calendar merges the mail's event with the feed's by UID, so a
UID must not change with the host name a client happened to use. They name SITE_URL (or the fallback)."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request_site: ContextVar[str | None] = ContextVar("intranet.site", default=None)


def site_url() -> str:
    """scheme://host[:port] without a trailing slash."""
    return (settings.SITE_URL or _request_site.get() or settings.SITE_URL_FALLBACK).rstrip("/")


def absolute_url(path: str) -> str:
    return site_url() + path


def uid_host() -> str:
    """The host (and port) in UIDs: the configured address, never the request's (see above)."""
    return (settings.SITE_URL or settings.SITE_URL_FALLBACK).split("://")[-1].split("/")[0]


class SiteAddressMiddleware:
    """Remembers the request's own address for site_url() while the request is answered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request_site.set(f"{request.scheme}://{request.get_host()}")
        try:
            return self.get_response(request)
        finally:
            _request_site.reset(token)
