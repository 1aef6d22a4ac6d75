"""The help area: a topic for every part, linked from each page it explains, in German and English;
the start page in Leichte Sprache; the place for the city's sign-language video."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import URLResolver, get_resolver, reverse
from django.utils import translation

from intranet.help.models import SignLanguageVideo
from intranet.help.topics import TOPICS, topic_for
from tests.factories import make_user


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize("topic", TOPICS, ids=lambda t: t.slug)
def test_every_topic_reads_in_both_languages_for_everyone(client, db, topic, language) -> None:
    client.cookies["django_language"] = language
    response = client.get(reverse("help:topic", args=[topic.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    with translation.override(language):
        assert f"<h1>{topic.title}</h1>" in html
    text = re.sub(r"<[^>]+>", " ", html.split("<h1>", 1)[1].split('class="help-nav"')[0])
    assert len(text.split()) >= 120, f"{topic.slug} ({language}) says too little"


def test_a_topic_that_does_not_exist_is_not_found(client, db) -> None:
    assert client.get("/hilfe/gibt-es-nicht/").status_code == 404


def view_names(resolver=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}:{pattern.namespace}" if namespace and pattern.namespace else (
                pattern.namespace or namespace)
            names |= view_names(pattern, inner)
        elif pattern.name:
            names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def test_every_page_a_topic_names_exists() -> None:
    names = view_names()
    namespaces = {name.split(":")[0] for name in names if ":" in name}
    for topic in TOPICS:
        assert set(topic.apps) <= namespaces, topic.slug
        assert set(topic.pages) <= names, f"{topic.slug}: {set(topic.pages) - names}"


def test_each_page_links_to_the_help_that_explains_it(client, db) -> None:
    client.force_login(make_user(roles=("hr",)))
    for url, slug in [("/", "start"), ("/aufgaben/", "start"), ("/arbeitszeit/", "arbeitszeit"),
                      (reverse("time:time_export"), "personal"), (reverse("timekeeping:leave_overview"), "urlaub"),
                      (reverse("reservations:overview"), "buchen"), (reverse("directory:person_search"), "telefonbuch"),
                      (reverse("trips:trip_list"), "dienstreisen")]:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert f'<a href="/hilfe/{slug}/">Hilfe zu dieser Seite</a>' in without_icons(response.content.decode()), url
    assert topic_for("dashboard", "") is TOPICS[0]
    assert topic_for("accessibility", "") is None  # a page no topic explains shows no link


def test_the_start_pages_link_leichte_sprache_and_sign_language(client, db) -> None:
    """BITV 2.0 (§ 4): explanations in Leichte Sprache and German Sign Language on the start page, for
    the sign-in page (the start page before signing in) and the overview after it."""
    for html in (client.get("/accounts/login/").content.decode(),
                 (client.force_login(make_user()), client.get("/"))[1].content.decode()):
        html = without_icons(html)
        assert '<a href="/hilfe/leichte-sprache/" lang="de">Leichte Sprache</a>' in html
        assert '<a href="/hilfe/gebaerdensprache/">Gebärdensprache</a>' in html


class Sentences(HTMLParser):
    """The sentences of the page's article, one per block element."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0
        self.blocks: list[str] = [""]

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "article":
            self.inside += 1
        if tag in ("p", "li", "h1", "h2", "h3"):
            self.blocks.append("")

    def handle_endtag(self, tag) -> None:
        if tag == "article":
            self.inside -= 1

    def handle_data(self, data) -> None:
        if self.inside:
            self.blocks[-1] += data


def test_leichte_sprache_keeps_its_rules(client, db) -> None:
    """Short sentences with one statement each, no abbreviations (Netzwerk Leichte Sprache's rules)."""
    response = client.get("/hilfe/leichte-sprache/")
    html = response.content.decode()
    assert '<article class="prose easy-read" lang="de">' in html
    parser = Sentences()
    parser.feed(html)
    sentences = [s for block in parser.blocks for s in re.split(r"(?<=[.!?])\s+", " ".join(block.split())) if s]
    assert len(sentences) >= 25
    for sentence in sentences:
        assert len(sentence.split()) <= 15, f"too long for Leichte Sprache: {sentence}"
        assert not re.search(r"\b(z\. ?B|u\. ?a|d\. ?h|bzw|usw|ca|ggf|evtl|inkl|Nr|etc)\b\.?", sentence), sentence
        assert sentence.count(",") <= 1, f"more than one statement: {sentence}"


def test_without_a_video_the_sign_language_page_says_it_is_coming(client, db) -> None:
    html = client.get("/hilfe/gebaerdensprache/").content.decode()
    assert "<video" not in html
    assert "Deutscher Gebärdensprache" in html and "/hilfe/leichte-sprache/" in html


def test_the_video_an_administrator_entered_is_shown_and_allowed_by_the_policy(client, db) -> None:
    admin = make_user(is_staff=True, is_superuser=True)
    client.force_login(admin)
    response = client.post("/admin/help/signlanguagevideo/add/", {
        "title": "Das Intranet in DGS", "video_url": "https://medien.stadt.example/dgs/intranet.mp4",
        "captions_url": "https://medien.stadt.example/dgs/intranet.vtt", "transcript": "Willkommen im Intranet.",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    response = client.get("/hilfe/gebaerdensprache/")
    html = response.content.decode()
    assert '<video controls preload="metadata" src="https://medien.stadt.example/dgs/intranet.mp4"' in html
    assert 'src="https://medien.stadt.example/dgs/intranet.vtt"' in html and "Willkommen im Intranet." in html
    policy = response["Content-Security-Policy"]
    assert "media-src 'self' https://medien.stadt.example" in policy
    assert "script-src 'self'" in policy  # nothing else opened
    assert SignLanguageVideo.objects.count() == 1


@pytest.mark.parametrize(("url", "origin"), [
    ("https://medien.stadt.example/dgs/intranet.mp4", "https://medien.stadt.example"),
    ("https://user:pw;script-src@medien.stadt.example:8443/v.mp4", "https://medien.stadt.example:8443"),
    ("http://[2001:db8::1]:8000/v.webm", "http://[2001:db8::1]:8000"),
    ("https://medien.stadt.example:99999/v.mp4", ""),
    ("ftp://medien.stadt.example/v.mp4", ""),
    ("", ""),
])
def test_the_policy_names_only_the_videos_origin(url, origin) -> None:
    """Never a user part (it could carry ';' into the header), nothing but http(s)."""
    from intranet.help.views import media_origin

    assert media_origin(url) == origin


def test_a_switched_off_module_has_no_help_topic(client, db, settings) -> None:
    settings.MODULES = ["leave", "addressbook"]
    assert client.get("/hilfe/arbeitszeit/").status_code == 404
    html = client.get("/hilfe/").content.decode()
    assert "/hilfe/urlaub/" in html and "/hilfe/arbeitszeit/" not in html and "/hilfe/buchen/" not in html
    assert client.get("/hilfe/urlaub/").status_code == 200


def test_leichte_sprache_speaks_only_of_the_modules_switched_on(client, db, settings) -> None:
    settings.MODULES = ["leave", "cars", "addressbook"]
    html = client.get("/hilfe/leichte-sprache/").content.decode()
    assert "Hier fragen Sie nach Urlaub." in html and "Sie möchten Urlaub." in html
    assert "Fahrzeuge</a>: Hier halten Sie ein Auto der Stadt für eine Fahrt frei." in html  # no rooms to share a page
    gone_phrases = ("Arbeits·zeit</a>", "Dienst·reisen</a>", "einen Raum für ein Treffen",
                    "Auf der gleichen Seite halten")
    for gone in gone_phrases:
        assert gone not in html, gone
    settings.MODULES = []
    html = client.get("/hilfe/leichte-sprache/").content.decode()
    assert "Was kann ich im Intranet machen?" not in html and "Sie möchten Urlaub" not in html


def without_icons(html: str) -> str:
    """The page without its decorative icons (<svg aria-hidden>), which stand beside the link texts."""
    return re.sub(r'<svg class="icon[^"]*" aria-hidden="true".*?</svg>', "", html)
