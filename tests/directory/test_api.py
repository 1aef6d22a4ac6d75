"""GET /api/v1/me/ and the API's shared error contract."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from intranet.core.api import exception_handler


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_me_requires_authentication(api, db) -> None:
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


def test_me_tells_who_i_am(api, cast) -> None:
    api.force_authenticate(cast.ada)
    data = api.get("/api/v1/me/").json()
    assert data["username"] == "ada"
    assert data["display_name"] == "Ada Arendt"
    assert data["roles"] == ["employee"]
    assert data["org_unit"] == {"id": cast.sg_a.pk, "code": "SG-A", "name": "Sachgebiet A"}
    assert data["supervisor"] == {"username": "ben", "display_name": "Ben Bauer"}
    assert data["calendar_feed_url"] is None
    assert data["language"] == "de"


def test_me_for_a_head_names_the_parent_units_head(api, cast) -> None:
    api.force_authenticate(cast.ben)
    data = api.get("/api/v1/me/").json()
    assert data["roles"] == ["employee", "supervisor"]
    assert data["supervisor"]["username"] == "frank"


def test_me_with_a_token(api, cast) -> None:
    token = Token.objects.create(user=cast.hanna)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    data = api.get("/api/v1/me/").json()
    assert data["username"] == "hanna"
    assert data["roles"] == ["employee", "hr"]


def test_session_api_calls_keep_csrf_protection(cast) -> None:
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(cast.ada)
    assert api.get("/api/v1/me/").status_code == 200
    # No write endpoint exists yet; a POST to a read-only endpoint is refused either way.
    assert api.post("/api/v1/me/").status_code == 403


def test_me_answers_in_the_users_language(api, cast) -> None:
    api.force_authenticate(cast.ada)
    assert api.post("/api/v1/me/").json()["detail"] == "Methode \"POST\" nicht erlaubt."


def test_service_validation_errors_become_400_with_field_messages() -> None:
    response = exception_handler(ValidationError({"end": ["Das Ende liegt vor dem Beginn."]}), {})
    assert response.status_code == 400
    assert response.data == {"end": ["Das Ende liegt vor dem Beginn."]}


def test_schema_and_docs_need_a_sign_in(client, db, settings) -> None:
    """The API's map of the intranet is for staff: with DEBUG off, anonymous callers get none of it."""
    settings.DEBUG = False
    for url in ("/api/schema/", "/api/schema/?format=json"):
        response = client.get(url)
        assert response.status_code in (401, 403), url
        assert b"/api/v1/me/" not in response.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 302 and docs["Location"].startswith("/accounts/login/?next=/api/docs/")


def test_schema_and_docs(client, cast) -> None:
    client.force_login(cast.ada)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/me/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()
