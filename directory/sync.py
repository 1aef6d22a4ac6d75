"""Bringing the directory's people, org units and role groups into our tables.

Used at each sign-in (one person) and by sync_directory (everyone). People are matched by their
stable GUID, never deleted: one who left or was disabled in the directory is deactivated, and
their records stay.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from types import EllipsisType

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import ldap
from .models import Employment, OrgUnit, OrgUnitKind, PersonPhoto, ScheduleSource, StatusGroup, User, weekdays_validator

logger = logging.getLogger(__name__)

PROFILE_FIELDS = ("first_name", "last_name", "email", "phone", "mobile", "room", "title")
KIND_BY_DEPTH = [OrgUnitKind.DEZERNAT, OrgUnitKind.FACHBEREICH]


@dataclass
class SyncResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0
    units_created: int = 0
    skipped_roles: list[str] = field(default_factory=list)


class UnitResolver:
    """Finds or creates the org unit for a person: from the OU tree of their DN, or their department."""

    def __init__(self, config: ldap.LdapConfig, names: dict[str, str] | None = None) -> None:
        """`names` maps OU DNs (lower case) to unit names; without it, a new unit's name is read
        from its OU entry when the unit is created (at sign-in)."""
        self.config = config
        self.names = names
        self.by_dn = {u.directory_dn.lower(): u for u in OrgUnit.objects.exclude(directory_dn="")}
        self.by_code = {u.code: u for u in OrgUnit.objects.all()}
        self.created = 0
        self.renamed: set[int] = set()  # units whose name changed: their people's search text follows

    def _create(self, code: str, name: str, kind: str, parent: OrgUnit | None, dn: str = "") -> OrgUnit:
        unique, n = code[:32], 2
        while unique in self.by_code:
            unique = f"{code[:28]}-{n}"
            n += 1
        unit = OrgUnit.objects.create(code=unique, name=name[:200] or code, kind=kind, parent=parent, directory_dn=dn)
        self.by_code[unit.code] = unit
        if dn:
            self.by_dn[dn.lower()] = unit
        self.created += 1
        return unit

    def _follow(self, unit: OrgUnit, parent: OrgUnit | None, name: str) -> None:
        """An existing unit follows the directory: moved below another, or renamed there."""
        fields = []
        if unit.parent_id != (parent.pk if parent else None):
            unit.parent = parent
            fields.append("parent")
        if name and name[:200] != unit.name:
            unit.name = name[:200]
            fields.append("name")
            self.renamed.add(unit.pk)
        if fields:
            unit.save(update_fields=fields)

    def _name(self, ou_dn: str) -> str:
        if self.names is not None:
            return self.names.get(ou_dn.lower(), "")
        try:
            return ldap.unit_name(self.config, ou_dn)
        except ldap.DirectoryUnavailable:
            return ""

    def unit_for(self, person: ldap.LdapPerson) -> OrgUnit | None:
        if self.config.unit_source == "department":
            if not person.department:
                return None
            return self.by_code.get(person.department) or self._create(
                person.department, person.department, OrgUnitKind.SACHGEBIET, None)
        parent = None
        for depth, (ou_value, ou_dn) in enumerate(person.unit_path(self.config.user_base)):
            unit = self.by_dn.get(ou_dn.lower())
            if unit is None:
                kind = KIND_BY_DEPTH[depth] if depth < len(KIND_BY_DEPTH) else OrgUnitKind.SACHGEBIET
                unit = self._create(ou_value, self._name(ou_dn) or ou_value, kind, parent, ou_dn)
            else:
                self._follow(unit, parent, self._name(ou_dn) if self.names is not None else "")
            parent = unit
        return parent


def _apply_profile(user: User, person: ldap.LdapPerson, unit: OrgUnit | None,
                   numbers: dict[str, int | None] | None = None) -> bool:
    """Copy the directory's values onto the user; True if anything changed. `numbers` (personnel number ->
    user id), when given, saves a query per person in a sync."""
    changed = False
    values = {name: getattr(person, name)[:_max_length(name)] for name in PROFILE_FIELDS}
    values.update(username=person.username, directory_dn=person.dn, directory_guid=person.guid or None,
                  org_unit_id=unit.pk if unit else None, is_active=not person.disabled)
    # The personnel number HR's exports carry: from the directory where it keeps one (LDAP_ATTR_PERSONNEL_NUMBER),
    # else whatever HR entered by hand. A number another person already has is not taken (it is unique).
    number = person.personnel_number[:_max_length("personnel_number")]
    if number and number != user.personnel_number:
        if numbers is not None:
            holder = numbers.get(number, user.pk)
            # An unsaved user's pk is None, though the stubs say int.
            taken = holder != user.pk or (holder is None and number in numbers)  # type: ignore[unreachable]
        else:
            taken = User.objects.filter(personnel_number=number).exclude(pk=user.pk).exists()
        if taken:
            logger.warning("Personnel number %s of %s is already someone else's; not taken", number, person.dn)
        else:
            values["personnel_number"] = number
            if numbers is not None:
                numbers.pop(user.personnel_number, None)
                numbers[number] = user.pk
    if person.status_group.strip().lower() in StatusGroup.values:  # only where the directory keeps it
        values["status_group"] = person.status_group.strip().lower()
    for name, value in values.items():
        if getattr(user, name) != value:
            setattr(user, name, value)
            changed = True
    user.org_unit = unit  # the same id; saves the query for its name when the search text is refolded
    return changed


def directory_schedule(person: ldap.LdapPerson) -> tuple[Decimal | None, str | None]:
    """The weekly hours and working weekdays the directory keeps for the person (LDAP_ATTR_WEEKLY_HOURS,
    LDAP_ATTR_WORKING_WEEKDAYS), each None where it keeps none or nothing usable."""
    try:
        hours = Decimal(person.weekly_hours.strip().replace(",", ".")) if person.weekly_hours.strip() else None
    except InvalidOperation:
        hours = None
    if hours is not None and not (0 < hours <= 48):
        hours = None
    weekdays = "".join(sorted(person.working_weekdays.strip())) or None
    if weekdays is not None:
        try:
            weekdays_validator(weekdays)
        except ValidationError:
            weekdays = None
    return hours, weekdays


def _apply_schedule(user: User, person: ldap.LdapPerson, latest: Employment | EllipsisType | None = ...,
                    today: date | None = None) -> None:
    """Give a person from the directory working hours: the directory's where it keeps them, else their
    status group's default (DEFAULT_WEEKLY_HOURS, DEFAULT_WORKING_WEEKDAYS) from 1 January, marked for HR.
    Never overrides what HR entered; a directory change after that starts a new dated row."""
    today = today or timezone.localdate()
    hours, weekdays = directory_schedule(person)
    if latest is ...:
        latest = user.employments.order_by("-valid_from").first()
    if latest is None:
        default = Decimal(settings.DEFAULT_WEEKLY_HOURS.get(user.status_group, settings.DEFAULT_WEEKLY_HOURS["tarif"]))
        Employment.objects.create(
            user=user, valid_from=date(today.year, 1, 1), weekly_hours=hours if hours is not None else default,
            working_weekdays=weekdays or settings.DEFAULT_WORKING_WEEKDAYS,
            source=ScheduleSource.DIRECTORY if hours is not None else ScheduleSource.DEFAULT)
        return
    if latest.source == ScheduleSource.HR or hours is None:
        return
    wanted = (hours, weekdays or latest.working_weekdays)
    if (latest.weekly_hours, latest.working_weekdays) == wanted and latest.source == ScheduleSource.DIRECTORY:
        return
    if latest.source == ScheduleSource.DEFAULT or latest.valid_from == today:  # a placeholder: replace it
        latest.weekly_hours, latest.working_weekdays, latest.source = *wanted, ScheduleSource.DIRECTORY
        latest.save(update_fields=["weekly_hours", "working_weekdays", "source"])
    else:
        Employment.objects.create(user=user, valid_from=today, weekly_hours=wanted[0], working_weekdays=wanted[1],
                                  source=ScheduleSource.DIRECTORY)


def _max_length(name: str) -> int:
    return User._meta.get_field(name).max_length or 10_000  # type: ignore[union-attr]  # a column of User


def _apply_photo(user: User, photo: bytes | None, current: bytes | object | None = ...) -> None:
    """Store, replace or remove the photo; `current` may be passed in when already known."""
    if current is ...:
        row = PersonPhoto.objects.filter(user=user).values_list("data", flat=True).first()
        current = bytes(row) if row is not None else None
    if photo == current:
        return
    if photo is None:
        PersonPhoto.objects.filter(user=user).delete()
    else:
        PersonPhoto.objects.update_or_create(user=user, defaults={"data": photo})


class _Known:
    """The users and photos already in our tables, read once for a whole sync."""

    def __init__(self) -> None:
        users = list(User.objects.all())
        self.by_guid = {u.directory_guid: u for u in users if u.directory_guid}
        self.by_username = {u.username: u for u in users}
        self.numbers: dict[str, int | None] = {u.personnel_number: u.pk for u in users if u.personnel_number}
        self.photos = {pk: bytes(data) for pk, data in PersonPhoto.objects.values_list("user_id", "data")}
        self.employments = {row.user_id: row for row in Employment.objects.order_by("user_id", "valid_from")}


def _user_for(person: ldap.LdapPerson, known: _Known | None = None) -> User | None:
    """The existing user of this directory entry: by GUID, else an unclaimed local record of that name."""
    if known is not None:
        user = known.by_guid.get(person.guid) if person.guid else None
        user = user or known.by_username.get(person.username)
    else:
        user = User.objects.filter(directory_guid=person.guid).first() if person.guid else None
        user = user or User.objects.filter(username=person.username).first()
    if user is not None and user.directory_guid and person.guid and user.directory_guid != person.guid:
        # The user name now belongs to another person (a new entry, a new GUID). Never hand the
        # old person's records to the new one: the old account steps aside, deactivated.
        user.username, user.is_active = f"{user.username}~{user.pk}"[:150], False
        user.save(update_fields=["username", "is_active"])
        if known is not None:
            known.by_username.pop(person.username, None)
        return None
    if user is not None and user.has_usable_password() and not user.is_directory_account:
        # A local account (e.g. the emergency administrator) is never taken over by a directory entry.
        logger.warning("Directory user %s collides with a local account; not linked", person.username)
        raise ValueError(f"local account {person.username!r} exists")
    return user


@transaction.atomic
def person_sign_in_from_directory(*, config: ldap.LdapConfig, person: ldap.LdapPerson) -> User | None:
    """Create or refresh the user behind a directory entry at sign-in, including their roles."""
    try:
        user = _user_for(person)
    except ValueError:
        return None
    created = user is None
    if user is None:
        user = User(username=person.username)
        user.set_unusable_password()
    unit = UnitResolver(config).unit_for(person)
    if _apply_profile(user, person, unit) or created:
        user.save()
    _apply_schedule(user, person)
    _apply_photo(user, person.photo)
    _apply_roles_at_sign_in(config, user, person.group_dns)
    return user


def _apply_roles_at_sign_in(config: ldap.LdapConfig, user: User, group_dns: frozenset[str]) -> None:
    """Roles from the groups the person is in. A role whose group they are not in is taken away, unless
    its group does not exist (a mistyped DN must not strip everyone): that one is reported and left alone.
    Each role is decided on its own, so one missing group never keeps another role the directory took away."""
    if not config.role_groups:
        return
    conn = None
    try:
        for role, group_dn in config.role_groups.items():
            group, _ = Group.objects.get_or_create(name=role)
            if group_dn.lower() in group_dns:
                user.groups.add(group)
                continue
            try:
                conn = conn or ldap.connect(config)
                exists = ldap.group_members(conn, config, group_dn) is not None
            except (ldap.DirectoryUnavailable, ldap.InvalidCredentials) as exc:
                # The person's own group list (read a moment ago) does not have it: take no chance.
                logger.warning("Role %s of %s: group %s not checked (%s); role removed", role, user.username,
                               group_dn, exc)
                exists = True
            if exists:
                user.groups.remove(group)
            else:
                logger.error("LDAP_ROLE_GROUPS: group %s for role %s not found; role left as it is", group_dn, role)
    finally:
        if conn is not None:
            conn.unbind()


def directory_sync(*, conn, config: ldap.LdapConfig, dry_run: bool = False) -> SyncResult:
    """Import everyone and every unit; deactivate who is gone or disabled; map role groups.
    With dry_run everything is computed and counted, then rolled back."""
    result = SyncResult()
    with transaction.atomic():
        units = {u.dn.lower(): u for u in ldap.iter_units(conn, config)}
        resolver = UnitResolver(config, names={dn: u.name for dn, u in units.items() if u.name})
        disabled = ldap.disabled_dns(conn, config)
        known = _Known()
        seen: set[int] = set()
        users_by_dn: dict[str, User] = {}
        managers: dict[str, str] = {}
        for person in ldap.iter_people(conn, config):
            person.disabled = person.dn.lower() in disabled
            try:
                user = _user_for(person, known)
            except ValueError:
                continue
            created = user is None
            if user is None:
                user = User(username=person.username)
                user.set_unusable_password()
            was_active = not created and user.is_active
            unit = resolver.unit_for(person)
            if _apply_profile(user, person, unit, known.numbers) or created:
                user.save()
                result.created += created
                result.updated += not created
            else:
                result.unchanged += 1
            result.deactivated += was_active and not user.is_active
            _apply_schedule(user, person, None if created else known.employments.get(user.pk))
            _apply_photo(user, person.photo, None if created else known.photos.get(user.pk))
            seen.add(user.pk)
            users_by_dn[person.dn.lower()] = user
            if person.manager_dn:
                managers[person.dn.lower()] = person.manager_dn.lower()
        result.units_created = resolver.created
        if resolver.renamed:  # people saved above already carry the new name; the others follow here
            from .services import unit_people_search_refresh

            unit_people_search_refresh(resolver.renamed)

        gone = User.objects.filter(is_active=True).exclude(directory_guid=None).exclude(pk__in=seen)
        result.deactivated += gone.update(is_active=False)
        _sync_leadership(resolver, units, users_by_dn, managers)
        _sync_roles(conn, config, users_by_dn, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _sync_leadership(resolver: UnitResolver, units: dict[str, ldap.LdapUnit], users_by_dn: dict[str, User],
                     managers: dict[str, str]) -> None:
    """Heads from the unit's head attribute, else from the `manager` links: a manager who works in the
    same unit as the people reporting to them heads that unit. Deputies from the unit's deputy attribute."""
    heads: dict[int, Counter[int]] = {}
    for person_dn, manager_dn in managers.items():
        person, manager = users_by_dn.get(person_dn), users_by_dn.get(manager_dn)
        if person and manager and person.org_unit_id and person.org_unit_id == manager.org_unit_id:
            heads.setdefault(person.org_unit_id, Counter())[manager.pk] += 1
    for dn, unit in resolver.by_dn.items():
        entry = units.get(dn)
        head = users_by_dn.get(entry.head_dn.lower()) if entry and entry.head_dn else None
        head_id = head.pk if head else (heads[unit.pk].most_common(1)[0][0] if unit.pk in heads else None)
        deputy = users_by_dn.get(entry.deputy_dn.lower()) if entry and entry.deputy_dn else None
        deputy_id = deputy.pk if deputy and deputy.pk != head_id else None
        if (unit.head_id, unit.deputy_id) != (head_id, deputy_id):
            unit.head_id, unit.deputy_id = head_id, deputy_id
            unit.save(update_fields=["head", "deputy"])


def _sync_roles(conn, config: ldap.LdapConfig, users_by_dn: dict[str, User], result: SyncResult) -> None:
    for role, group_dn in config.role_groups.items():
        members = ldap.group_members(conn, config, group_dn)
        if members is None:
            logger.error("LDAP_ROLE_GROUPS: group %s for role %s not found; role left as it is", group_dn, role)
            result.skipped_roles.append(role)
            continue
        group, _ = Group.objects.get_or_create(name=role)
        directory_members = [u for dn, u in users_by_dn.items() if dn in members]
        # Local accounts keep whatever roles they were given by hand.
        local_members = list(group.user_set.filter(directory_guid=None, directory_dn=""))
        group.user_set.set(directory_members + local_members)
