"""Schemathesis against the published OpenAPI schema, as a signed-in employee with real data around
(tests/fixtures/world.py): no answer is a server error, every answer (status, content type, body,
headers) matches the schema, and input the schema forbids is refused. Half the examples of an address
with an id name the world's own object, so the answers of detail, cancel and decide are checked too,
not only their 404s; and every list answers the token with 200, so a refused token cannot pass for a
green run. Bodies come as JSON, form-encoded and multipart, as the schema offers them (a form body found
a 500 that JSON never did), and every run draws a fresh seed, printed in the header, so CI explores new
inputs each time and a failure is replayed with FUZZ_SEED=<seed>."""

from __future__ import annotations

import json
import os
import re
import zlib

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.urls import resolve
from hypothesis import HealthCheck, seed, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from tests.intranet.test_access_matrix import PK_OF


def published_schema() -> dict:
    """What /api/schema/ serves a signed-in caller (anonymous callers get none), made by the same
    generator and renderer in this process: at collection there is no database to sign in against."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


# Loaded at collection (pytest-django has set Django up by then); the requests go to the WSGI
# application in this process, so they see the test database.
schema = schemathesis.openapi.from_dict(published_schema())
schema.app = get_wsgi_application()


@pytest.fixture
def token(world) -> str:
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=world.cast.ada).key


# The body media types each operation was sent, to prove that form bodies were fuzzed, not only JSON.
BODY_KINDS: dict[str, set[str | None]] = {}


def half(value) -> bool:
    """True for about half the generated values, the same ones every run (str hashes are salted)."""
    return zlib.crc32(str(value).encode()) % 2 == 0


@schema.parametrize()
# The seed is drawn in tests/conftest.py (FUZZ_SEED) and printed there; raise max_examples locally to dig deeper.
@settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "50")), deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
@seed(int(os.environ["FUZZ_SEED"]))
@pytest.mark.django_db
def test_api_answers_match_the_schema_and_never_fail(case, token, world) -> None:
    BODY_KINDS.setdefault(case.operation.label, set()).add(case.media_type)
    params = case.path_parameters or {}
    replaced = False
    if "id" in params and half(params["id"]):
        name = resolve(re.sub(r"\{\w+\}", "1", case.path)).view_name
        params["id"], replaced = world.ids[PK_OF[name]], True
    if "month" in params and half(params["month"]):
        params["month"], replaced = world.ids["month"], True
    # Not checked: that schema-valid input is accepted. A date in the past or a room that is taken is
    # valid JSON but rightly refused (400/409); the schema cannot carry the domain's rules.
    # A form body's empty field means "not given" (browsers send every field), which the JSON schema of the
    # body cannot say: refusing schema-violating data is checked for JSON bodies; server errors and the
    # answers' conformance for every body.
    # A replaced path parameter may have been the very part a negative case had made invalid (an id
    # "false" became a real one), so such a case is no longer known to be invalid.
    excluded = [positive_data_acceptance] + ([negative_data_rejection] if replaced or case.media_type not in (
        None, "application/json") else [])
    response = case.call_and_validate(headers={"Authorization": f"Token {token}"}, excluded_checks=excluded)
    if case.operation.method.upper() == case.method.upper() == "GET" and not params and not case.query:
        assert response.status_code == 200, (case.path, response.status_code)


def test_every_body_was_sent_as_json_and_as_a_form() -> None:
    """Runs after the fuzzing above (file order): each operation with a body got JSON and form bodies."""
    with_body = {op: kinds for op, kinds in BODY_KINDS.items() if kinds - {None}}
    if not with_body:
        pytest.skip("the fuzzing test was not selected")
    assert all({"application/json", "application/x-www-form-urlencoded"} <= kinds for kinds in with_body.values()), {
        op: sorted(map(str, kinds)) for op, kinds in with_body.items()}


def test_the_fuzzed_schema_is_the_one_served_to_a_signed_in_caller(client, cast) -> None:
    client.force_login(cast.ada)
    import yaml

    assert yaml.safe_load(client.get("/api/schema/").content) == published_schema()
