"""Typed requests for views, and the one way buttons report what a service did."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django_htmx.middleware import HtmxDetails

if TYPE_CHECKING:  # for the annotation only: the core imports no app
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


def ask_first(request: HttpRequest, *, title: str, text: str, button: str, back: str,
              action: str | None = None) -> HttpResponse | None:
    """The confirmation step of an action that cannot simply be undone: None once the person has confirmed
    (the form sent confirm=yes), otherwise the page that asks, which posts to the same address again (or to
    `action`, e.g. with a query string that keeps the choice the first form sent). It works without
    JavaScript; "No" leads to `back`."""
    if request.POST.get("confirm") == "yes":
        return None
    return render(request, "components/confirm.html", {
        "title": title, "text": text, "button": button, "back": back, "action": action or request.path})


def show_errors(form: forms.BaseForm, exc: ValidationError, fields: Mapping[str, str | None] | None = None) -> None:
    """Put a service's refusal on the form the person sent: each field's messages beside that field (a
    service's name for it mapped by `fields` where the form calls it otherwise, or to None: above the form),
    everything else, and a refusal that names no field at all, above the form.
    Every form view reports through this one."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for field, errors in exc.message_dict.items():
        name = (fields or {}).get(field, field)
        form.add_error(name if name in form.fields else None, errors)


def next_url(request: HttpRequest, fallback: str) -> str:
    """Where a button sends the person back to (?next= or a form's hidden `next`): a path on this site,
    else `fallback`. Only a path: redirect() takes a bare word such as "2026-02-30" for a view's name."""
    wanted = request.POST.get("next", "") or request.GET.get("next", "")
    safe = wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, {request.get_host()},
                                                                      request.is_secure())
    return wanted if safe else fallback


def local_datetime(day: date, moment: time) -> datetime:
    """A form's day and time of day as an aware datetime in the local zone."""
    from django.utils import timezone

    return datetime.combine(day, moment, tzinfo=timezone.get_current_timezone())


def sane_date(value: str) -> date | None:
    """An ISO date from a link or form (?day=2026-11-23), or None when it is none or absurdly far off,
    so a mistyped address never reaches date arithmetic that overflows."""
    try:
        day = date.fromisoformat(value or "")
    except ValueError:
        return None
    return day if 1900 < day.year < 9000 else None


def whole_number(value: str | None) -> int | None:
    """A non-negative whole number from a link or form (?unit=12), or None when it is none: ASCII digits
    only, since int() also takes "²", "٣" and " 7 " and a mistyped id must not reach a query as text; at
    most 18 digits, so it fits every database's integer."""
    return int(value) if value and len(value) <= 18 and value.isascii() and value.isdecimal() else None


def token_parts(token: str) -> tuple[int, str] | None:
    """The id and the signature of a secret address's token ("<id>-<mac>", feeds and door displays), or None
    when it is not one: the id through whole_number (ASCII digits, at most 18), so "²-x" or a 23-digit id is
    simply not found instead of reaching int() or the database."""
    raw_id, _sep, mac = token.partition("-")
    number = whole_number(raw_id)
    return (number, mac) if number is not None and mac else None


def sane_month(value: str) -> date | None:
    """The first day of a ?month=YYYY-MM, or None when it is none or absurdly far off."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        first = date(year, month, 1)
    except ValueError:
        return None
    return first if 1900 < first.year < 9000 else None
