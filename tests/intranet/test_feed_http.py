"""Feeds over real HTTP (HEAD as calendar clients and proxies send it) and links that name the address the
intranet is served at, not a fixed 127.0.0.1:8000 (issue 16)."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
from datetime import datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from directory.feeds import feed_token_renew, feed_url
from intranet.approvals.notifications import absolute_url
from reservations.feeds import resource_token
from reservations.models import Booking
from reservations.services import Request, booking_create
from tests.factories import make_resource

ROOT = Path(__file__).resolve().parents[2]
SERVED_AT = "127.0.0.1:8301"  # as with `make run PORT=8301`
SAME_HEADERS = ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control")


def ask(server_url: str, method: str, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    address = urlsplit(server_url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.request(method, path, headers=headers)
        answer = connection.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read()
    finally:
        connection.close()


def booked_room(cast):
    room = make_resource(name="Sitzungsraum")
    day = timezone.localdate() + timedelta(days=2)
    booking_create(by=cast.ada, wanted=Request(resource=room, start=timezone.make_aware(datetime.combine(day, time(9))),
                                               end=timezone.make_aware(datetime.combine(day, time(10))), title="Runde"))
    return room


def test_head_on_a_feed_answers_like_get_without_a_body(live_server, cast) -> None:
    room = booked_room(cast)
    feed_token_renew(user=cast.ada)
    for path in (urlsplit(feed_url(cast.ada, "persoenlich")).path,
                 reverse("reservations:resource_feed", args=[resource_token(room)])):
        status, got, body = ask(live_server.url, "GET", path)
        assert status == 200 and body.startswith(b"BEGIN:VCALENDAR"), path
        status, head, nothing = ask(live_server.url, "HEAD", path)
        assert status == 200 and nothing == b"", path
        assert {h: head.get(h) for h in SAME_HEADERS} == {h: got.get(h) for h in SAME_HEADERS}, path
        assert int(head["Content-Length"]) == len(body)
        status, _, nothing = ask(live_server.url, "HEAD", path, **{"If-None-Match": got["ETag"]})
        assert (status, nothing) == (304, b""), path


def test_links_follow_the_address_the_intranet_is_served_at(cast, settings, smtp_sink, immediate_tasks,
                                                           django_capture_on_commit_callbacks) -> None:
    settings.SITE_URL = ""  # the default: not configured
    browser = Client(HTTP_HOST=SERVED_AT)
    # The feed address on the settings page.
    feed_token_renew(user=cast.ada)
    browser.force_login(cast.ada)
    page = browser.get("/einstellungen/").content.decode()
    assert f"http://{SERVED_AT}/feeds/" in page and "127.0.0.1:8000" not in page
    # A booking's mail, sent by the booking made on that address.
    room = make_resource(name="Sitzungsraum")
    day = timezone.localdate() + timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post("/buchen/neu/", {"kind": "room", "resource": room.pk, "title": "Teamrunde",
                                                 "day": day.isoformat(), "start": "10:00", "end": "11:00",
                                                 "attendees": 4})
    booking = Booking.objects.get()
    assert response.status_code == 302
    [mail] = smtp_sink.wait_for(1)
    text = mail.get_body(("plain",)).get_content()
    assert f"http://{SERVED_AT}/buchen/{booking.pk}/" in text and "127.0.0.1:8000" not in text
    # The facility manager's page: the door display's and the resource feed's address.
    browser.force_login(cast.fay)
    page = browser.get(f"/buchen/verwaltung/{room.pk}/").content.decode()
    room.refresh_from_db()  # the page gave the resource its token
    token = resource_token(room)
    assert f"http://{SERVED_AT}/buchen/tuer/{token}/" in page
    assert f"http://{SERVED_AT}/buchen/kalender/{token}.ics" in page
    # Another address, another request: each answer names its own.
    other = Client(HTTP_HOST="localhost:8302")
    other.force_login(cast.ada)
    assert "http://localhost:8302/feeds/" in other.get("/einstellungen/").content.decode()
    # Outside a request (scheduled mails): the fallback address.
    assert absolute_url("/aufgaben/") == f"{settings.SITE_URL_FALLBACK}/aufgaben/"
    # Configured (production): every link names SITE_URL, whatever Host the request came with.
    settings.SITE_URL = "https://intranet.stadt.example"
    assert "https://intranet.stadt.example/feeds/" in other.get("/einstellungen/").content.decode()


def test_uids_name_the_configured_address_not_the_request_s(cast, settings) -> None:
    """A calendar merges a mail's event with the feed's by UID: the host name a client used must not
    change it. The vCard's UID likewise."""
    settings.SITE_URL, settings.SITE_URL_FALLBACK = "", f"http://{SERVED_AT}"
    room = booked_room(cast)
    client = Client(HTTP_HOST="localhost:9999")
    feed = client.get(reverse("reservations:resource_feed", args=[resource_token(room)])).content.decode()
    assert f"UID:booking-{Booking.objects.get().pk}@{SERVED_AT}" in feed
    client.force_login(cast.ada)
    card = client.get(reverse("directory:person_vcard", args=[cast.ben.pk])).content.decode()
    assert f"UID:person-{cast.ben.pk}@{SERVED_AT}" in card.replace("\r\n ", "")


def test_make_run_passes_its_port_to_links_outside_a_request() -> None:
    """`make run PORT=8301`: the runserver line and the settings it starts with name port 8301."""
    dry = subprocess.run(["make", "-n", "run", "PORT=8301"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True).stdout
    [serve] = [line for line in dry.splitlines() if "runserver" in line]
    assert "PORT=8301" in serve and serve.endswith("runserver 127.0.0.1:8301")
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "intranet.settings", "DEBUG": "true",
           "PORT": "8301"}
    code = ("import django; django.setup(); from intranet.approvals.notifications import absolute_url; "
            "from intranet.core.site import uid_host; print(absolute_url('/aufgaben/'), uid_host())")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.stdout.split() == ["http://127.0.0.1:8301/aufgaben/", "127.0.0.1:8301"], done.stderr
