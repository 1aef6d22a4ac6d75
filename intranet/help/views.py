"""The help pages. Open to everyone, signed in or not: they explain, they show no one's data."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import select_template
from django.utils import translation
from django.views.decorators.http import require_safe

from .models import SignLanguageVideo
from .topics import TOPIC_BY_SLUG, TOPICS


@require_safe
def help_index(request: HttpRequest) -> HttpResponse:
    return render(request, "help/index.html", {"topics": TOPICS})


@require_safe
def help_topic(request: HttpRequest, slug: str) -> HttpResponse:
    topic = TOPIC_BY_SLUG.get(slug)
    if topic is None:
        raise Http404
    # The text in the page's language; German, the original, where a translation is missing.
    text = select_template([f"help/topics/{slug}.{translation.get_language()}.html", f"help/topics/{slug}.de.html"])
    return render(request, "help/topic.html", {"topic": topic, "topics": TOPICS, "text": text.template.name})


@require_safe
def easy_read(request: HttpRequest) -> HttpResponse:
    return render(request, "help/easy_read.html")


@require_safe
def sign_language(request: HttpRequest) -> HttpResponse:
    video = SignLanguageVideo.objects.first()
    response = render(request, "help/sign_language.html", {"video": video})
    if video is not None:
        # The video may live on the city's media server: allow just that origin for this page.
        origins = {f"{part.scheme}://{part.netloc}" for part in map(urlsplit, (video.video_url, video.captions_url))
                   if part.scheme in ("http", "https") and part.netloc}
        response._csp_update = {"media-src": ["'self'", *sorted(origins)]}  # type: ignore[attr-defined]
    return response
