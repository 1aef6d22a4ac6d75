"""Request middleware shared by all apps."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django_htmx.http import HttpResponseClientRedirect

LANGUAGE_COOKIE = settings.LANGUAGE_COOKIE_NAME


def preferred_language(request: HttpRequest) -> str:
    """German first: the user's saved choice, else the language cookie, else German.

    The browser's Accept-Language is deliberately not used: a German city's intranet speaks
    German unless the person chose English.
    """
    codes = {code for code, _name in settings.LANGUAGES}
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in codes:
        return user.language
    cookie = request.COOKIES.get(LANGUAGE_COOKIE, "")
    return cookie if cookie in codes else settings.LANGUAGE_CODE


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = preferred_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        translation.deactivate()
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request whose session expired would swap the sign-in page into a fragment;
    send the whole browser to the sign-in page instead."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if getattr(request, "htmx", False) and response.status_code == 302:
            login_url = resolve_url(settings.LOGIN_URL)
            location = response.headers.get("Location", "")
            if location.startswith(login_url):
                return HttpResponseClientRedirect(location)
        return response
