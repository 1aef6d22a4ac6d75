"""sync_directory against its own slapd (it changes entries), with a low size limit like AD's."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import ldap3
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory import ldap
from directory.models import OrgUnit, PersonPhoto, User
from directory.selectors import supervisor_of
from intranet.core.roles import Role, roles_of
from tests.factories import make_user
from tests.fixtures.slapd import LdapServer, start_slapd
from tests.ldap.generate import GROUP_BASE, PEOPLE_BASE, ROLE_GROUPS, SERVICE_DN, SERVICE_PASSWORD, generate
from tests.system_parts import need

pytestmark = pytest.mark.ldap
# The server returns at most 50 entries to a plain search, as AD returns at most 1,000 a page;
# paged searches may go on (size.prtotal), which is what a sync must use.
SIZE_LIMIT = "sizelimit size.soft=50 size.hard=50 size.prtotal=unlimited"


@pytest.fixture(scope="module")
def sync_slapd() -> Iterator[LdapServer]:
    need("ldap")
    yield from start_slapd(generate(), extra_global=SIZE_LIMIT)


@pytest.fixture
def directory(settings, sync_slapd):
    settings.LDAP_SERVER_URI = sync_slapd.uri
    settings.LDAP_BIND_DN = SERVICE_DN
    settings.LDAP_BIND_PASSWORD = SERVICE_PASSWORD
    settings.LDAP_USER_BASE = PEOPLE_BASE
    settings.LDAP_GROUP_BASE = GROUP_BASE
    settings.LDAP_ROLE_GROUPS = dict(ROLE_GROUPS)
    settings.LDAP_ATTR_OVERRIDES = {"disabled_filter": "(employeeType=disabled)", "unit_deputy": "seeAlso"}
    settings.LDAP_PAGE_SIZE = 40
    return sync_slapd


def admin_conn(server: LdapServer) -> ldap3.Connection:
    return ldap3.Connection(ldap3.Server(server.uri), server.root_dn, server.root_password, auto_bind=True)


def run_sync(*args: str) -> str:
    out = StringIO()
    call_command("sync_directory", *args, stdout=out)
    return out.getvalue()


def test_a_plain_search_is_cut_by_the_size_limit(directory) -> None:
    conn = ldap3.Connection(ldap3.Server(directory.uri), SERVICE_DN, SERVICE_PASSWORD, auto_bind=True)
    conn.search(PEOPLE_BASE, "(objectClass=inetOrgPerson)", attributes=["uid"])
    assert len(conn.entries) == 50
    assert conn.result["description"] == "sizeLimitExceeded"


def test_sync_imports_everyone_units_heads_deputies_and_roles(directory, db) -> None:
    output = run_sync()
    total = generate().count("objectClass: inetOrgPerson")
    assert f"created {total}," in output
    assert User.objects.count() == total  # more than the size limit: the paged search came in whole
    assert not User.objects.get(username="dieter.gesperrt").is_active
    anna = User.objects.get(username="anna.schmidt")
    assert anna.org_unit.code == "SG111" and anna.org_unit.name == "Sachgebiet 1.1.1"
    assert anna.phone and anna.room and anna.title == "Sachbearbeiterin"
    assert supervisor_of(anna).username == "thomas.weber"
    fb = OrgUnit.objects.get(code="FB11")
    assert fb.head and fb.deputy and fb.head != fb.deputy
    assert fb.parent.code == "D1" and fb.kind == "fachbereich"
    assert OrgUnit.objects.filter(directory_dn__gt="").count() == 3 + 9 + 27
    assert Role.HR in roles_of(User.objects.get(username="petra.hoffmann"))
    assert Role.ADMIN in roles_of(User.objects.get(username="markus.klein"))
    assert PersonPhoto.objects.filter(user__username="thomas.weber").exists()


def test_sync_is_idempotent_and_has_a_dry_run(directory, db) -> None:
    total = generate().count("objectClass: inetOrgPerson")
    assert f"would have created {total}," in run_sync("--dry-run")
    assert not User.objects.exists() and not OrgUnit.objects.exists()
    run_sync()
    second = run_sync()
    assert "created 0, updated 0," in second and "deactivated 0" in second


def test_sync_updates_and_deactivates_but_never_deletes(directory, db) -> None:
    run_sync()
    conn = admin_conn(directory)
    anna_dn = f"uid=anna.schmidt,ou=SG111,ou=FB11,ou=D1,{PEOPLE_BASE}"
    juergen_dn = f"uid=juergen.mueller,ou=SG111,ou=FB11,ou=D1,{PEOPLE_BASE}"
    juergen_entry = None
    try:
        conn.modify(anna_dn, {"telephoneNumber": [(ldap3.MODIFY_REPLACE, ["06142 83-9999"])]})
        conn.search(juergen_dn, "(objectClass=*)", search_scope=ldap3.BASE, attributes=["*"])
        juergen_entry = conn.entries[0].entry_attributes_as_dict
        conn.delete(juergen_dn)
        output = run_sync()
        assert "updated 1," in output and "deactivated 1" in output
        assert User.objects.get(username="anna.schmidt").phone == "06142 83-9999"
        juergen = User.objects.get(username="juergen.mueller")  # still there, records kept
        assert not juergen.is_active
    finally:
        conn.modify(anna_dn, {"telephoneNumber": [(ldap3.MODIFY_REPLACE, ["06142 83-1020"])]})
        if juergen_entry:
            conn.add(juergen_dn, attributes=dict(juergen_entry))


def test_local_accounts_are_left_alone(directory, db) -> None:
    admin = make_user(username="notfall-admin", roles=("admin",))
    run_sync()
    admin.refresh_from_db()
    assert admin.is_active and Role.ADMIN in roles_of(admin)


def test_sync_without_a_directory_says_so(settings, db) -> None:
    settings.LDAP_SERVER_URI = ""
    with pytest.raises(CommandError, match="LDAP_SERVER_URI"):
        run_sync()


def test_adapter_reads_a_person_with_groups(directory) -> None:
    config = ldap.LdapConfig.from_settings()
    conn = ldap.connect(config)
    person = ldap.find_person(conn, config, "petra.hoffmann")
    assert f"cn=personal,{GROUP_BASE}".lower() in person.group_dns        # nested
    assert f"cn=personal-team,{GROUP_BASE}".lower() in person.group_dns   # direct
    assert ldap.find_person(conn, config, "dieter.gesperrt").disabled


def test_own_entry_is_written_back_only_when_switched_on(directory, settings, client, db) -> None:
    run_sync()
    anna = User.objects.get(username="anna.schmidt")
    client.force_login(anna)
    anna_dn = f"uid=anna.schmidt,ou=SG111,ou=FB11,ou=D1,{PEOPLE_BASE}"
    conn = admin_conn(directory)

    def room_in_directory() -> str:
        conn.search(anna_dn, "(objectClass=*)", search_scope=ldap3.BASE, attributes=["roomNumber"])
        return str(conn.entries[0].roomNumber.value)

    original = room_in_directory()
    try:
        client.post("/telefonbuch/mein-eintrag/", {"local_room": "9.99"})
        assert room_in_directory() == original  # LDAP_WRITEBACK is off
        settings.LDAP_WRITEBACK = True
        settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD = directory.root_dn, directory.root_password
        client.post("/telefonbuch/mein-eintrag/", {"local_room": "8.88"})
        assert room_in_directory() == "8.88"
    finally:
        conn.modify(anna_dn, {"roomNumber": [(ldap3.MODIFY_REPLACE, [original])]})


def test_a_sync_cut_short_by_the_server_changes_nothing(settings, db) -> None:
    """A server that stops paged searches at its size limit must not make the sync deactivate
    everyone it left out: the sync stops and says so."""
    need("ldap")
    servers = start_slapd(generate(), extra_global="sizelimit 50")
    server = next(servers)
    try:
        settings.LDAP_SERVER_URI = server.uri
        settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD = SERVICE_DN, SERVICE_PASSWORD
        settings.LDAP_USER_BASE, settings.LDAP_GROUP_BASE = PEOPLE_BASE, GROUP_BASE
        settings.LDAP_PAGE_SIZE = 40
        earlier = make_user(username="p0200", directory_guid="some-guid", directory_dn="uid=p0200,ou=x")
        with pytest.raises(CommandError, match="sizeLimitExceeded"):
            run_sync()
        earlier.refresh_from_db()
        assert earlier.is_active
        assert User.objects.count() == 1
    finally:
        next(servers, None)


def test_a_reused_user_name_never_inherits_the_old_records(directory, db) -> None:
    old = make_user(username="anna.schmidt", directory_guid="00000000-old-guid", directory_dn="uid=anna,ou=old")
    old.set_unusable_password()
    old.save()
    run_sync()
    old.refresh_from_db()
    new = User.objects.get(username="anna.schmidt")
    assert new.pk != old.pk and new.directory_guid != "00000000-old-guid"
    assert old.username == f"anna.schmidt~{old.pk}" and not old.is_active


def test_a_unit_renamed_in_the_directory_is_renamed_and_found_by_its_new_name(directory, db) -> None:
    from directory.selectors import people_search

    run_sync()
    conn = admin_conn(directory)
    ou_dn = f"ou=SG111,ou=FB11,ou=D1,{PEOPLE_BASE}"
    try:
        conn.modify(ou_dn, {"description": [(ldap3.MODIFY_REPLACE, ["Bürgerbüro"])]})
        run_sync()
        unit = OrgUnit.objects.get(code="SG111")
        assert unit.name == "Bürgerbüro"
        found = set(people_search("Buergerbuero").values_list("username", flat=True))
        assert "anna.schmidt" in found and found == set(unit.members.filter(is_active=True).values_list(
            "username", flat=True))
        assert not people_search("Sachgebiet 1.1.1").filter(org_unit=unit).exists()  # the old name is gone
    finally:
        conn.modify(ou_dn, {"description": [(ldap3.MODIFY_REPLACE, ["Sachgebiet 1.1.1"])]})
