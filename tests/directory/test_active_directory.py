"""Sign-in, sync and the directory test page against a real Active Directory (Samba AD DC, `ad` preset)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from directory.models import OrgUnit, PersonPhoto, User
from intranet.core.roles import Role, roles_of
from tests.fixtures.samba_ad import DEZERNAT, FACHBEREICH, PASSWORD, PHOTO, ROLE_GROUPS, person_dn

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


# --- Defects found against AD -----------------------------------------------------------------------

TYPO_GROUP = "CN=GG-Intranet-Ratt,OU=Gruppen,DC=stadt,DC=example"  # no such group


def test_a_mistyped_role_group_is_reported_and_every_other_group_still_synced(ad_settings, db) -> None:
    ad_settings.LDAP_ROLE_GROUPS = {"council": TYPO_GROUP, **ROLE_GROUPS}
    out = sync()
    assert "'council'" in out and "not found" in out
    assert User.objects.get(username="madmin").groups.filter(name="admin").exists()
    assert User.objects.get(username="hpersonal").groups.filter(name="hr").exists()


def test_sign_in_never_keeps_a_role_the_directory_took_away_despite_a_mistyped_group(ad_settings, db) -> None:
    ad_settings.LDAP_ROLE_GROUPS = {"council": TYPO_GROUP, **ROLE_GROUPS}
    user = sign_in("oyilmaz")
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get_or_create(name="admin")[0], Group.objects.get_or_create(name="council")[0])
    user = sign_in("oyilmaz")
    assert not user.groups.filter(name="admin").exists()  # not in the admins' group in the directory
    assert user.groups.filter(name="council").exists()  # the mistyped group's role is left alone


def test_an_expired_account_counts_as_disabled(ad_settings, db) -> None:
    assert sign_in("eabgelaufen") is None
    sync()
    assert not User.objects.get(username="eabgelaufen").is_active
    assert User.objects.get(username="jgross").is_active


@pytest.mark.parametrize(("username", "german"), [
    ("pneu", "Bitte ändern Sie Ihr Passwort zuerst bei einer Windows-Anmeldung"),
    ("lgesperrt", "Ihr Konto ist nach zu vielen falschen Passwörtern gesperrt"),
])
def test_must_change_password_and_locked_accounts_get_their_own_message(ad_settings, client, db, username,
                                                                        german) -> None:
    page = client.post("/accounts/login/", {"username": username, "password": PASSWORD}).content.decode()
    assert german in page
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("typed", ["STADT\\agross", "stadt\\AGross", "agross", "AGROSS", "agross@stadt.example",
                                   "agnes.gross@rathaus.example"])
def test_windows_sign_in_names_are_accepted(ad_settings, db, typed) -> None:
    user = sign_in(typed)
    assert user is not None and user.username == "agross"


def test_a_foreign_netbios_domain_is_refused_when_one_is_configured(ad_settings, db) -> None:
    ad_settings.LDAP_AD_DOMAIN = "STADT"
    assert sign_in("ANDERE\\agross") is None
    assert sign_in("STADT\\agross") is not None


def test_the_sign_in_form_does_not_claim_the_user_name_is_case_sensitive(ad_settings, client, db) -> None:
    page = client.post("/accounts/login/", {"username": "agross", "password": "falsch"}).content.decode()
    assert "Groß-/Kleinschreibung" in page  # the password's case matters ...
    assert "Beide Felder" not in page  # ... the user name's does not


def test_the_personnel_number_comes_from_employee_id_and_hr_keeps_theirs_where_there_is_none(ad_settings,
                                                                                              db) -> None:
    sync()
    assert User.objects.get(username="jgross").personnel_number == "10001"
    User.objects.filter(username="agross").update(personnel_number="77777")  # agross has no employeeID
    sync()
    assert User.objects.get(username="agross").personnel_number == "77777"
    assert User.objects.get(username="oyilmaz").personnel_number == "10003"


def test_system_and_service_accounts_are_not_staff_even_with_the_whole_domain_as_base(ad_settings,
                                                                                      samba_ad, db) -> None:
    ad_settings.LDAP_USER_BASE = samba_ad.base
    sync()
    names = set(User.objects.values_list("username", flat=True))
    assert not names & {"Administrator", "krbtgt", "Guest", "dns-dc1", "svc-intranet", "DC1$"}
    assert {"jgross", "oyilmaz"} <= names


def test_a_wrong_service_account_password_says_the_bind_was_refused(ad_settings, client, cast) -> None:
    ad_settings.LDAP_BIND_PASSWORD = "falsch"
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="refused the service account's bind"):
        sync()
    page = client.post("/accounts/login/", {"username": "jgross", "password": PASSWORD})
    assert page.status_code == 200  # the form with a message, not a server error
    assert "Der Verzeichnisdienst ist gerade nicht erreichbar" in page.content.decode()


def test_a_room_already_named_raum_is_not_doubled_in_the_vcard(ad_settings, client, db) -> None:
    sync()
    user = User.objects.get(username="jgross")
    client.force_login(user)
    card = client.get(f"/telefonbuch/personen/{user.pk}/vcard/").content.decode()
    assert "NOTE:Raum 1.01" in card and "Raum Raum" not in card  # the directory keeps "Raum 1.01"
    other = User.objects.get(username="amueller")
    assert "NOTE:Raum 2.14" in client.get(f"/telefonbuch/personen/{other.pk}/vcard/").content.decode()


def test_the_directory_test_page_finds_windows_sign_in_names_and_says_why_the_bind_failed(ad_settings, client,
                                                                                          cast) -> None:
    client.force_login(cast.ali)
    page = client.post("/verwaltung/verzeichnis/", {"username": "STADT\\jgross"}).content.decode()
    assert person_dn("Jörg Groß", DEZERNAT) in page
    ad_settings.LDAP_BIND_PASSWORD = "falsch"
    page = client.post("/verwaltung/verzeichnis/", {"username": "jgross"}).content.decode()
    assert "refused the sign-in (data 52e)" in page  # the service account's bind, with AD's reason


def test_a_personnel_number_twice_in_the_directory_does_not_stop_the_sync(ad_settings, samba_ad, db) -> None:
    dn = samba_ad.add_person("Zweite Nummer", "znummer", "znummer@stadt.example", "Zweite", "Nummer",
                             extra={"employeeID": "10001"})  # Jörg Groß's number
    try:
        sync()
        numbers = list(User.objects.filter(username__in=["jgross", "znummer"]).values_list("personnel_number",
                                                                                           flat=True))
        assert sorted(numbers) == ["", "10001"]
        assert User.objects.filter(username="znummer", is_active=True).exists()
    finally:
        samba_ad.delete(dn)


def test_single_sign_on_against_ad_and_with_a_wrong_service_password(ad_settings, client, db) -> None:
    ad_settings.SSO_REMOTE_USER = True
    assert client.get("/", REMOTE_USER="oyilmaz@STADT.EXAMPLE").status_code == 200
    assert User.objects.get(username="oyilmaz").last_name == "Yılmaz"
    client.logout()
    ad_settings.LDAP_BIND_PASSWORD = "falsch"
    assert client.get("/", REMOTE_USER="oyilmaz@STADT.EXAMPLE").status_code == 302  # to the sign-in page, no 500
