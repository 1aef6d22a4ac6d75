"""The help pages. Open to everyone, signed in or not: they explain, they show no one's data."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils import translation
from django.views.decorators.http import require_safe

from .models import SignLanguageVideo
from .topics import topics_enabled


def media_origin(url: str) -> str:
    """scheme://host[:port] of an http(s) address (never a user part), or "" for anything else."""
    part = urlsplit(url)
    if part.scheme not in ("http", "https") or not part.hostname:
        return ""
    try:
        port = part.port
    except ValueError:  # a port out of range: no origin to allow
        return ""
    host = f"[{part.hostname}]" if ":" in part.hostname else part.hostname
    return f"{part.scheme}://{host}" + (f":{port}" if port else "")


@require_safe
def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html", {"topics": topics_enabled()})


@require_safe
def help_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topics = topics_enabled()
    topic = next((t for t in topics if t.slug == slug), None)
    if topic is None:  # no such topic, or its module is switched off
        raise Http404
    # The text in the page's language; German, the original, where a translation is missing.
    text = select_template([f"help/topics/{slug}.{translation.get_language()}.html", f"help/topics/{slug}.de.html"])
    return render(request, "help/topic.html", {"topic": topic, "topics": topics, "text": text.template.name})


@require_safe
def easy_read(request: HttpRequest) -> HttpResponse:
    return render(request, "help/easy_read.html")


@require_safe
def sign_language(request: HttpRequest) -> HttpResponse:
    video = SignLanguageVideo.objects.first()
    response = render(request, "help/sign_language.html", {"video": video})
    if video is not None:
        # The video may live on the city's media server: allow just that origin for this page.
        origins = {origin for origin in map(media_origin, (video.video_url, video.captions_url)) if origin}
        response._csp_update = {"media-src": ["'self'", *sorted(origins)]}  # type: ignore[attr-defined]
    return response
