"""The sign-in lasts one working day from signing in; pages learn how much is left and may ask for more
(WCAG 2.2.1). The browser's side (the warning dialog) is in tests/e2e/test_layout.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories import PASSWORD, make_user

DAY = settings.SESSION_COOKIE_AGE


def signed_in(client: Client, db) -> Client:
    """Signed in through the sign-in form, as a person is."""
    user = make_user(username="ada")
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def test_the_sign_in_counts_from_signing_in_and_a_page_view_does_not_extend_it(client, db) -> None:
    signed_in(client, db)
    assert DAY - 5 <= client.get("/sitzung/").json()["seconds_left"] <= DAY
    with time_machine.travel(timezone.now() + timedelta(hours=7, minutes=56), tick=False):
        assert client.get("/").status_code == 200
        status = client.get("/sitzung/")
        assert 235 <= status.json()["seconds_left"] <= 240
        assert status["Cache-Control"] == "no-store"
        # The page tells its warning how long is left and when to warn.
        page = client.get("/").content.decode()
        assert 'id="session-expiry"' in page and 'data-warn-seconds="300"' in page
        assert 'data-seconds-left="2' in page  # 23x seconds


def test_asking_for_more_time_gives_a_whole_day_again_with_the_cookie(client, db) -> None:
    signed_in(client, db)
    with time_machine.travel(timezone.now() + timedelta(hours=7, minutes=58), tick=False):
        renewed = client.post("/sitzung/")
        assert renewed.status_code == 200
        assert DAY - 5 <= renewed.json()["seconds_left"] <= DAY
        assert renewed.json()["csrf_token"]
        assert int(renewed.cookies["sessionid"]["max-age"]) >= DAY - 5
    with time_machine.travel(timezone.now() + timedelta(hours=9), tick=False):
        assert client.get("/").status_code == 200  # past the first day's end, still signed in


def test_without_more_time_the_sign_in_ends(client, db) -> None:
    signed_in(client, db)
    with time_machine.travel(timezone.now() + timedelta(hours=8, minutes=1), tick=False):
        response = client.get("/")
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert client.get("/sitzung/").status_code == 302


@pytest.mark.parametrize("method", ["get", "post"])
def test_signed_out_nobody_learns_or_extends_anything(client, db, method) -> None:
    response = getattr(client, method)("/sitzung/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_more_time_needs_the_csrf_token(db) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user())  # any way of signing in starts the day
    assert client.post("/sitzung/").status_code == 403
    token = client.get("/sitzung/").json()["csrf_token"]
    assert client.post("/sitzung/", headers={"X-CSRFToken": token}).status_code == 200


def test_a_session_from_before_keeps_its_end_from_now_on(client, db) -> None:
    """A session signed in before the end was kept gets one (a full day) the first time a page asks."""
    from django.contrib.sessions.backends.db import SessionStore

    client.force_login(make_user())
    session = SessionStore(session_key=client.cookies["sessionid"].value)
    session.pop("_session_expiry")
    session.save()
    assert DAY - 5 <= client.get("/sitzung/").json()["seconds_left"] <= DAY
    assert "_session_expiry" in SessionStore(session_key=client.cookies["sessionid"].value)
