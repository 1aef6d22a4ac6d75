"""The only module that imports ldap3: our adapter to the directory (OpenLDAP or Active Directory).

It speaks in our own dataclasses (LdapConfig, LdapPerson, LdapUnit) so that the rest of the
intranet never sees ldap3, and a future swap of the client library is a one-file change.
Every call has a timeout; any failure to reach or talk to the server is DirectoryUnavailable.
"""

from __future__ import annotations

import functools
import inspect
import math
import re
import ssl
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import ldap3
from django.conf import settings
from ldap3.core.exceptions import LDAPException, LDAPInvalidCredentialsResult, LDAPNoSuchObjectResult
from ldap3.utils.conv import escape_filter_chars
from ldap3.utils.dn import parse_dn

# Logical attribute name -> directory attribute, per flavour. Each can be overridden by LDAP_ATTR_<NAME>.
PRESETS: dict[str, dict[str, str]] = {
    "openldap": {
        "username": "uid", "upn": "", "first_name": "givenName", "last_name": "sn", "email": "mail",
        "phone": "telephoneNumber", "mobile": "mobile", "room": "roomNumber", "title": "title",
        "department": "departmentNumber", "manager": "manager", "photo": "jpegPhoto", "guid": "entryUUID",
        "unit_name": "description", "unit_head": "", "unit_deputy": "",
        "weekly_hours": "", "working_weekdays": "", "status_group": "", "personnel_number": "employeeNumber",
        "user_filter": "(objectClass=inetOrgPerson)",
        "group_filter": "(objectClass=groupOfNames)",
        "disabled_filter": "(pwdAccountLockedTime=*)",
    },
    "ad": {
        "username": "sAMAccountName", "upn": "userPrincipalName", "first_name": "givenName", "last_name": "sn",
        "email": "mail", "phone": "telephoneNumber", "mobile": "mobile", "room": "physicalDeliveryOfficeName",
        "title": "title", "department": "department", "manager": "manager", "photo": "thumbnailPhoto",
        "guid": "objectGUID", "unit_name": "description", "unit_head": "managedBy", "unit_deputy": "",
        "weekly_hours": "", "working_weekdays": "", "status_group": "", "personnel_number": "employeeID",
        # People only: no computers, and none of the domain's own accounts (Administrator, krbtgt, Guest,
        # the DC's DNS account). The service account (LDAP_BIND_DN) is left out as well, see _user_filter.
        "user_filter": "(&(objectCategory=person)(objectClass=user)(!(isCriticalSystemObject=TRUE)))",
        "group_filter": "(objectClass=group)",
        # userAccountControl bit 2: ACCOUNTDISABLE; an account past its accountExpires counts as disabled
        # too ({now} is filled in at each search, see _disabled_filter).
        "disabled_filter": "(|(userAccountControl:1.2.840.113556.1.4.803:=2)"
                           "(&(accountExpires>=1)(accountExpires<={now})))",
    },
}
AD_NESTED_MEMBER = "1.2.840.113556.1.4.1941"  # LDAP_MATCHING_RULE_IN_CHAIN
# Bind refusals AD explains in the message's "data NNN" (MS-ADTS / [MS-ERREF]): the password was right,
# but the account may not sign in like this.
AD_MUST_CHANGE_PASSWORD = {"773"}  # pwdLastSet=0 (also 532: password expired)
AD_LOCKED = {"775"}
AD_PASSWORD_EXPIRED = {"532"}


class DirectoryUnavailable(Exception):
    """The directory could not be reached or did not answer in time."""


class DirectoryIncomplete(DirectoryUnavailable):
    """A search ended early (e.g. the server's size limit): acting on the partial answer would be wrong.
    A sync must not deactivate everyone the server left out."""


@dataclass(frozen=True)
class LdapConfig:
    uri: str
    bind_dn: str
    bind_password: str
    user_base: str
    group_base: str
    flavour: str
    attrs: dict[str, str]
    role_groups: dict[str, str]
    unit_source: str = "ou"
    start_tls: bool = False
    ca_file: str = ""
    timeout: float = 3.0
    page_size: int = 500
    writeback: bool = False
    ad_domain: str = ""  # the NetBIOS domain name accepted in DOMAIN\user (empty: any)

    @classmethod
    def from_settings(cls) -> LdapConfig | None:
        """The configured directory, or None when LDAP_SERVER_URI is empty (local accounts only)."""
        if not settings.LDAP_SERVER_URI:
            return None
        flavour = settings.LDAP_FLAVOUR
        attrs = {**PRESETS[flavour], **settings.LDAP_ATTR_OVERRIDES}
        if settings.LDAP_USER_FILTER:
            attrs["user_filter"] = settings.LDAP_USER_FILTER
        return cls(
            uri=settings.LDAP_SERVER_URI, bind_dn=settings.LDAP_BIND_DN, bind_password=settings.LDAP_BIND_PASSWORD,
            user_base=settings.LDAP_USER_BASE, group_base=settings.LDAP_GROUP_BASE or settings.LDAP_USER_BASE,
            flavour=flavour, attrs=attrs, role_groups=dict(settings.LDAP_ROLE_GROUPS),
            unit_source=settings.LDAP_UNIT_SOURCE, start_tls=settings.LDAP_START_TLS, ca_file=settings.LDAP_CA_FILE,
            timeout=settings.LDAP_TIMEOUT, page_size=settings.LDAP_PAGE_SIZE, writeback=settings.LDAP_WRITEBACK,
            ad_domain=getattr(settings, "LDAP_AD_DOMAIN", ""),
        )


@dataclass
class LdapPerson:
    dn: str
    guid: str
    username: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    mobile: str = ""
    room: str = ""
    title: str = ""
    department: str = ""
    manager_dn: str = ""
    photo: bytes | None = None
    # Where the city keeps them in the directory (LDAP_ATTR_WEEKLY_HOURS, ...); empty otherwise.
    weekly_hours: str = ""
    working_weekdays: str = ""
    status_group: str = ""
    personnel_number: str = ""
    disabled: bool = False
    group_dns: frozenset[str] = field(default_factory=frozenset)

    def unit_path(self, user_base: str) -> list[tuple[str, str]]:
        """The OUs between the user base and the entry, top first, as (ou value, OU's DN)."""
        return ou_path(self.dn, user_base)


@dataclass(frozen=True)
class LdapUnit:
    dn: str
    name: str
    head_dn: str = ""
    deputy_dn: str = ""


def ou_path(dn: str, base: str) -> list[tuple[str, str]]:
    parts = parse_dn(dn, escape=True)
    base_len = len(parse_dn(base, escape=True)) if base else 0
    below_base = parts[1 : len(parts) - base_len] if base_len else parts[1:]
    path = []
    for index, (attr, value, _sep) in enumerate(below_base):
        if attr.lower() == "ou":
            ou_dn = ",".join(f"{a}={v}" for a, v, _ in below_base[index:])
            path.append((value, f"{ou_dn},{base}" if base else ou_dn))
    return list(reversed(path))


# --- Connections ----------------------------------------------------------------------------------

def _server(config: LdapConfig) -> ldap3.Server:
    tls = None
    if config.uri.startswith("ldaps://") or config.start_tls:
        tls = ldap3.Tls(validate=ssl.CERT_REQUIRED, ca_certs_file=config.ca_file or None)
    return ldap3.Server(config.uri, connect_timeout=config.timeout, get_info=ldap3.NONE, tls=tls)


def connect(config: LdapConfig, user: str | None = None, password: str | None = None) -> ldap3.Connection:
    """A bound connection (the service account unless user and password are given).

    Raises DirectoryUnavailable when the server cannot be reached or does not answer in time (and its
    ServiceBindRefused when the service account's password is refused), and InvalidCredentials for a
    user's wrong password.
    """
    conn = ldap3.Connection(
        _server(config), user=user if user is not None else (config.bind_dn or None),
        password=password if user is not None else (config.bind_password or None),
        # ldap3 sets SO_RCVTIMEO with whole seconds only.
        receive_timeout=max(1, math.ceil(config.timeout)), raise_exceptions=True, read_only=not config.writeback,
    )
    try:
        conn.open()
        if config.start_tls and not config.uri.startswith("ldaps://"):
            conn.start_tls()
        conn.bind()
    except LDAPInvalidCredentialsResult as exc:
        conn.unbind()
        refused = InvalidCredentials(_ad_data_code(str(exc)))
        if user is None:  # the service account's own password: the directory is unusable until IT fixes it
            raise ServiceBindRefused(f"the directory refused the bind of the service account {config.bind_dn} "
                                     f"(LDAP_BIND_DN, LDAP_BIND_PASSWORD): {refused}") from None
        raise refused from None
    except (LDAPException, OSError) as exc:
        raise DirectoryUnavailable(str(exc) or type(exc).__name__) from exc
    return conn


class InvalidCredentials(Exception):
    """The bind was refused. `code` is AD's reason ("data 52e", "773", ...) where the server gives one."""

    def __init__(self, code: str = "") -> None:
        super().__init__(f"the directory refused the sign-in (data {code})" if code else
                         "the directory refused the sign-in (wrong user or password)")
        self.code = code


class ServiceBindRefused(DirectoryUnavailable):
    """The service account's bind was refused (wrong LDAP_BIND_PASSWORD, or the account is disabled):
    to everyone signing in it is as if the directory were down."""


class AccountCannotSignIn(Exception):
    """The password was right but the account may not sign in now: `reason` is "must_change_password"
    or "locked"."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _ad_data_code(message: str) -> str:
    match = re.search(r"\bdata ([0-9a-f]{3,8})\b", message, re.IGNORECASE)
    return match.group(1).lower() if match else ""


def _guard(func):
    """Turn any ldap3 or socket error into DirectoryUnavailable (also inside generators)."""

    def translate(exc: Exception) -> DirectoryUnavailable:
        return DirectoryUnavailable(str(exc) or type(exc).__name__)

    if inspect.isgeneratorfunction(func):
        @functools.wraps(func)
        def wrapped_generator(*args: Any, **kwargs: Any) -> Any:
            try:
                yield from func(*args, **kwargs)
            except (InvalidCredentials, DirectoryUnavailable, AccountCannotSignIn):
                raise
            except (LDAPException, OSError) as exc:
                raise translate(exc) from exc

        return wrapped_generator

    @functools.wraps(func)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except (InvalidCredentials, DirectoryUnavailable, AccountCannotSignIn):
            raise
        except (LDAPException, OSError) as exc:
            raise translate(exc) from exc

    return wrapped


# --- Reading people and groups --------------------------------------------------------------------

def _person_attributes(config: LdapConfig) -> list[str]:
    names = ["username", "upn", "first_name", "last_name", "email", "phone", "mobile", "room", "title",
             "department", "manager", "photo", "guid", "weekly_hours", "working_weekdays", "status_group",
             "personnel_number"]
    return sorted({config.attrs[n] for n in names if config.attrs.get(n)})


def _first(entry: dict[str, Any], name: str) -> Any:
    if not name:
        return None
    value = entry.get(name)
    if isinstance(value, list):
        return value[0] if value else None
    return value


def _text(entry: dict[str, Any], name: str) -> str:
    value = _first(entry, name)
    if value is None:
        return ""
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _guid(config: LdapConfig, raw: dict[str, Any], attributes: dict[str, Any]) -> str:
    if config.flavour == "ad":
        value = _first(raw, config.attrs["guid"])
        return str(uuid.UUID(bytes_le=value)) if value else ""
    return _text(attributes, config.attrs["guid"]).lower()


def _to_person(config: LdapConfig, entry: dict[str, Any]) -> LdapPerson:
    attributes, raw = entry["attributes"], entry.get("raw_attributes", {})
    a = config.attrs
    photo = _first(raw, a["photo"]) if a.get("photo") else None
    return LdapPerson(
        dn=entry["dn"], guid=_guid(config, raw, attributes), username=_text(attributes, a["username"]),
        first_name=_text(attributes, a["first_name"]), last_name=_text(attributes, a["last_name"]),
        email=_text(attributes, a["email"]), phone=_text(attributes, a["phone"]),
        mobile=_text(attributes, a["mobile"]), room=_text(attributes, a["room"]),
        title=_text(attributes, a["title"]), department=_text(attributes, a["department"]),
        manager_dn=_text(attributes, a["manager"]), photo=photo or None,
        weekly_hours=_text(attributes, a.get("weekly_hours", "")),
        working_weekdays=_text(attributes, a.get("working_weekdays", "")),
        status_group=_text(attributes, a.get("status_group", "")),
        personnel_number=_text(attributes, a.get("personnel_number", "")).strip(),
    )


def _dns_domain(base: str) -> str:
    """stadt.example for a base under DC=stadt,DC=example."""
    if not base:
        return ""
    return ".".join(value for attr, value, _sep in parse_dn(base, escape=True) if attr.lower() == "dc").lower()


def _people_filter(config: LdapConfig) -> str:
    """The filter for people: the preset's (or LDAP_USER_FILTER), without the service account on AD."""
    base = config.attrs["user_filter"]
    if config.flavour != "ad" or not config.bind_dn:
        return base
    bind = escape_filter_chars(config.bind_dn)
    if "=" in config.bind_dn:
        return f"(&{base}(!(distinguishedName={bind})))"
    if "\\" in config.bind_dn:
        account = config.bind_dn.partition("\\")[2]
        return f"(&{base}(!(sAMAccountName={escape_filter_chars(account)})))"
    return f"(&{base}(!(userPrincipalName={bind})))"


def _disabled_filter(config: LdapConfig) -> str:
    """The disabled filter with {now} as a Windows FILETIME (100 ns since 1601) for accountExpires."""
    now = int((datetime.now(UTC) - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds()) * 10_000_000
    return config.attrs.get("disabled_filter", "").replace("{now}", str(now))


def user_filter(config: LdapConfig, username: str) -> str | None:
    """The search filter for one user name; every filter character in it is escaped (RFC 4515).

    On AD, what Windows users type is accepted: DOMAIN\\user (the configured LDAP_AD_DOMAIN, or any
    domain when none is set), the userPrincipalName, sam@dns-domain where the UPN differs, and the
    sAMAccountName. None when the name names another domain.
    """
    a = config.attrs
    people = _people_filter(config)
    if config.flavour == "ad" and "\\" in username:
        domain, _sep, username = username.partition("\\")
        if not username or (config.ad_domain and domain.lower() != config.ad_domain.lower()):
            return None
    escaped = escape_filter_chars(username)
    if a.get("upn") and "@" in username:
        local, _sep, domain = username.rpartition("@")
        if config.flavour == "ad" and local and domain.lower() == _dns_domain(config.user_base):
            return f"(&{people}(|({a['upn']}={escaped})({a['username']}={escape_filter_chars(local)})))"
        return f"(&{people}({a['upn']}={escaped}))"
    return f"(&{people}({a['username']}={escaped}))"


@_guard
def find_person(conn: ldap3.Connection, config: LdapConfig, username: str) -> LdapPerson | None:
    """The entry for a user name (with its disabled flag and groups), or None if not exactly one."""
    search_filter = user_filter(config, username)
    if search_filter is None:
        return None
    conn.search(config.user_base, search_filter, attributes=_person_attributes(config),
                size_limit=2, time_limit=int(config.timeout) + 1)
    entries = _entries(conn)
    if len(entries) != 1:
        return None
    person = _to_person(config, entries[0])
    person.disabled = is_disabled(conn, config, person.dn)
    person.group_dns = groups_of(conn, config, person.dn)
    return person


def _entries(conn: ldap3.Connection) -> list[dict[str, Any]]:
    return [r for r in conn.response or [] if r.get("type") == "searchResEntry"]


def is_disabled(conn: ldap3.Connection, config: LdapConfig, dn: str) -> bool:
    if not config.attrs.get("disabled_filter"):
        return False
    conn.search(dn, _disabled_filter(config), search_scope=ldap3.BASE, attributes=[],
                time_limit=int(config.timeout) + 1)
    return bool(_entries(conn))


def groups_of(conn: ldap3.Connection, config: LdapConfig, dn: str) -> frozenset[str]:
    """Every group the entry belongs to, nested membership included."""
    if config.flavour == "ad":
        conn.search(config.group_base, f"(member:{AD_NESTED_MEMBER}:={escape_filter_chars(dn)})", attributes=[])
        return frozenset(e["dn"].lower() for e in _entries(conn))
    # OpenLDAP: walk up "member" links until no new group appears.
    found: set[str] = set()
    frontier = [dn]
    while frontier:
        members = "".join(f"(member={escape_filter_chars(m)})" for m in frontier)
        conn.search(config.group_base, f"(&{config.attrs['group_filter']}(|{members}))", attributes=[],
                    time_limit=int(config.timeout) + 1)
        new = {e["dn"].lower() for e in _entries(conn)} - found
        found |= new
        frontier = sorted(new)
    return frozenset(found)


@_guard
def authenticate(config: LdapConfig, username: str, password: str) -> LdapPerson | None:
    """The person if the user name and password are right and the account is enabled, else None.

    An empty password is refused before any bind: LDAP treats it as an anonymous bind that
    "succeeds" (RFC 4513 5.1.2).
    """
    if not username or not password or "\x00" in username or len(username) > 256:
        return None
    service = connect(config)
    try:
        person = find_person(service, config, username)
    finally:
        service.unbind()
    if person is None or person.disabled:
        return None
    try:
        connect(config, user=person.dn, password=password).unbind()
    except InvalidCredentials as exc:
        if exc.code in AD_MUST_CHANGE_PASSWORD | AD_PASSWORD_EXPIRED:
            raise AccountCannotSignIn("must_change_password") from None
        if exc.code in AD_LOCKED:
            raise AccountCannotSignIn("locked") from None
        return None
    return person


def _paged(conn: ldap3.Connection, config: LdapConfig, base: str, search_filter: str,
           attributes: list[str]) -> Iterator[dict[str, Any]]:
    """Every entry of a paged search; raises DirectoryIncomplete if the server stopped early.

    ldap3 does not raise for sizeLimitExceeded or timeLimitExceeded, so the final result is checked.
    """
    entries = conn.extend.standard.paged_search(
        base, search_filter, attributes=attributes, paged_size=config.page_size, generator=True,
    )
    for entry in entries:
        if entry.get("type") == "searchResEntry":
            yield entry
    result = conn.result or {}
    if result.get("result", 0) != 0:
        raise DirectoryIncomplete(
            f"search under {base} ended early: {result.get('description')} {result.get('message', '')}".strip()
        )


@_guard
def iter_people(conn: ldap3.Connection, config: LdapConfig) -> Iterator[LdapPerson]:
    """All people under the user base, in pages (so a server size limit does not cut the list)."""
    for entry in _paged(conn, config, config.user_base, _people_filter(config), _person_attributes(config)):
        yield _to_person(config, entry)


@_guard
def disabled_dns(conn: ldap3.Connection, config: LdapConfig) -> set[str]:
    if not config.attrs.get("disabled_filter"):
        return set()
    search_filter = f"(&{_people_filter(config)}{_disabled_filter(config)})"
    return {e["dn"].lower() for e in _paged(conn, config, config.user_base, search_filter, [])}


@_guard
def group_members(conn: ldap3.Connection, config: LdapConfig, group_dn: str) -> set[str] | None:
    """The DNs of all people in a group, nested groups resolved; None if the group does not exist."""
    try:
        conn.search(group_dn, "(objectClass=*)", search_scope=ldap3.BASE, attributes=["member"])
    except LDAPNoSuchObjectResult:  # AD answers a base search of a missing DN with an error, OpenLDAP with nothing
        return None
    entries = _entries(conn)
    if not entries:
        return None
    people: set[str] = set()
    seen: set[str] = {group_dn.lower()}
    frontier = [str(m) for m in entries[0]["attributes"].get("member", [])]
    while frontier:
        member = frontier.pop()
        if member.lower() in seen:
            continue
        seen.add(member.lower())
        try:
            conn.search(member, config.attrs["group_filter"], search_scope=ldap3.BASE, attributes=["member"])
        except LDAPNoSuchObjectResult:  # a member entry that is gone: neither a person nor a group
            continue
        nested = _entries(conn)
        if nested:
            frontier.extend(str(m) for m in nested[0]["attributes"].get("member", []))
        else:
            people.add(member.lower())
    return people


@_guard
def unit_name(config: LdapConfig, ou_dn: str) -> str:
    """The name (description) of one OU entry, read with the service account."""
    if not config.attrs.get("unit_name"):
        return ""
    conn = connect(config)
    try:
        conn.search(ou_dn, "(objectClass=*)", search_scope=ldap3.BASE, attributes=[config.attrs["unit_name"]])
        entries = _entries(conn)
        return _text(entries[0]["attributes"], config.attrs["unit_name"]) if entries else ""
    finally:
        conn.unbind()


@_guard
def iter_units(conn: ldap3.Connection, config: LdapConfig) -> Iterator[LdapUnit]:
    attrs = [a for a in (config.attrs.get("unit_name"), config.attrs.get("unit_head"),
                         config.attrs.get("unit_deputy")) if a]
    for entry in _paged(conn, config, config.user_base, "(objectClass=organizationalUnit)", attrs):
        attributes = entry["attributes"]
        yield LdapUnit(
            dn=entry["dn"], name=_text(attributes, config.attrs.get("unit_name", "")),
            head_dn=_text(attributes, config.attrs.get("unit_head", "")),
            deputy_dn=_text(attributes, config.attrs.get("unit_deputy", "")),
        )


@_guard
def write_back(conn: ldap3.Connection, config: LdapConfig, dn: str, changes: dict[str, str]) -> None:
    """Replace attributes of an entry (only with LDAP_WRITEBACK); logical names as in the presets."""
    modifications = {
        config.attrs[name]: [(ldap3.MODIFY_REPLACE, [value] if value else [])] for name, value in changes.items()
    }
    conn.modify(dn, modifications)
