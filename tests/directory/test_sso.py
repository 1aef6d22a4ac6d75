"""Single sign-on: REMOTE_USER is trusted only when SSO_REMOTE_USER is on."""

from __future__ import annotations

import pytest

from directory.sso import strip_realm
from tests.factories import make_user


@pytest.mark.parametrize(("principal", "username"), [
    ("jdoe@STADT.LOCAL", "jdoe"), ("STADT\\jdoe", "jdoe"), ("jdoe", "jdoe"), (" jdoe@X ", "jdoe"),
])
def test_strip_realm(principal: str, username: str) -> None:
    assert strip_realm(principal) == username


def test_header_is_ignored_without_the_switch(client, db, settings) -> None:
    make_user(username="jdoe")
    settings.SSO_REMOTE_USER = False
    response = client.get("/", REMOTE_USER="jdoe@STADT.LOCAL")
    assert response.status_code == 302  # still asked to sign in


def test_remote_user_signs_in_a_known_local_user_without_a_directory(client, db, settings) -> None:
    make_user(username="jdoe", first_name="John")
    settings.SSO_REMOTE_USER = True
    response = client.get("/", REMOTE_USER="jdoe@STADT.LOCAL")
    assert response.status_code == 200
    assert "Willkommen, John" in response.content.decode()


def test_unknown_remote_user_is_not_signed_in(client, db, settings) -> None:
    settings.SSO_REMOTE_USER = True
    assert client.get("/", REMOTE_USER="stranger@STADT.LOCAL").status_code == 302


def test_a_configured_header_instead_of_remote_user(client, db, settings) -> None:
    make_user(username="jdoe")
    settings.SSO_REMOTE_USER = True
    settings.SSO_HEADER = "X-Remote-User"
    assert client.get("/", headers={"X-Remote-User": "jdoe@STADT.LOCAL"}).status_code == 200


@pytest.mark.ldap
def test_remote_user_is_looked_up_in_the_directory(client, db, ldap_settings) -> None:
    ldap_settings.SSO_REMOTE_USER = True
    response = client.get("/", REMOTE_USER="anna.schmidt@STADT.LOCAL")
    assert response.status_code == 200
    assert "Willkommen, Anna" in response.content.decode()
    # A disabled directory account gets no session.
    client.logout()
    assert client.get("/", REMOTE_USER="dieter.gesperrt@STADT.LOCAL").status_code == 302
