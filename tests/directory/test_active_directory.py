"""Sign-in, sync and the directory test page against a real Active Directory (Samba AD DC, `ad` preset)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from directory.models import OrgUnit, PersonPhoto, User
from intranet.roles import Role, roles_of
from tests.fixtures.samba_ad import (
    DEZERNAT,
    FACHBEREICH,
    PASSWORD,
    PHOTO,
    ROLE_GROUPS,
    person_dn,
)

pytestmark = pytest.mark.samba


def sign_in(username: str, password: str = PASSWORD) -> User | None:
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password)


def sync(*args: str) -> str:
    out = StringIO()
    call_command("sync_directory", *args, stdout=out, stderr=out)
    return out.getvalue()


def test_sign_in_with_umlauts_in_name_and_password(ad_settings, db) -> None:
    user = sign_in("jgross")
    assert user is not None
    assert (user.first_name, user.last_name, user.title) == ("Jörg", "Groß", "Dezernent")
    assert user.directory_dn == person_dn("Jörg Groß", DEZERNAT)
    assert user.org_unit.name == "Dezernat I – Bürgerservice"
    assert bytes(PersonPhoto.objects.get(user=user).data) == PHOTO
    assert sign_in("jgross", "Grüße-aus-Köln-2") is None
    assert sign_in("oyilmaz").last_name == "Yılmaz"


def test_roles_from_nested_groups(ad_settings, db) -> None:
    assert roles_of(sign_in("hpersonal")) == {Role.EMPLOYEE, Role.HR}
    assert roles_of(sign_in("madmin")) == {Role.EMPLOYEE, Role.ADMIN}


def test_disabled_account_cannot_sign_in(ad_settings, db) -> None:
    assert sign_in("dgesperrt") is None


def test_sync_imports_units_heads_photos_and_roles(ad_settings, db) -> None:
    out = sync()
    assert "created" in out
    fb = OrgUnit.objects.get(directory_dn__iexact=FACHBEREICH)
    assert fb.name == "Fachbereich Bürgerdienste" and fb.parent.directory_dn.lower() == DEZERNAT.lower()
    assert fb.head.username == "amueller"
    assert fb.parent.head.username == "jgross"
    assert not User.objects.get(username="dgesperrt").is_active
    assert User.objects.get(username="hpersonal").groups.filter(name="hr").exists()
    assert User.objects.get(username="madmin").groups.filter(name="admin").exists()
    assert PersonPhoto.objects.filter(user__username="jgross").exists()


def test_directory_test_page(ad_settings, client, cast) -> None:
    client.force_login(cast.ali)
    page = client.post("/verwaltung/verzeichnis/", {"username": "hpersonal"}).content.decode()
    assert person_dn("Heike Personal") in page
    assert ROLE_GROUPS["hr"].lower() in page.lower()
    assert "Rollen im Intranet</dt><dd>hr</dd>" in page.replace("\n", "")
