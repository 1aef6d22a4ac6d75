"""Writes to people and org units: HTTP-free operations used by views, the API and commands."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from .models import User


def unit_people_search_refresh(unit_ids: Iterable[int]) -> int:
    """Refold the search text of the people of these units, after a unit's name or code changed (the
    column holds them). Returns how many people were refreshed."""
    people = list(User.objects.filter(org_unit_id__in=list(unit_ids)).select_related("org_unit"))
    for person in people:
        person.refresh_search_text()
    User.objects.bulk_update(people, ["search_text"], batch_size=500)
    return len(people)


@transaction.atomic
def own_entry_update(*, by: User, person: User, values: dict[str, str]) -> User:
    """Save what a person entered on their own address-book entry (the editable fields only);
    written back to the directory when LDAP_WRITEBACK is on."""
    from django.core.exceptions import PermissionDenied

    from intranet.core.permissions import may

    from . import ldap
    from .forms import EDITABLE

    if not may(by, "directory.edit_own_entry", person):
        raise PermissionDenied
    allowed = {EDITABLE[name]: name for name in settings.ADDRESSBOOK_EDITABLE_FIELDS if name in EDITABLE}
    changes = {field: value.strip() for field, value in values.items() if field in allowed}
    for field, value in changes.items():
        setattr(person, field, value)
    person.save(update_fields=list(changes))
    config = ldap.LdapConfig.from_settings()
    if config is not None and config.writeback and person.directory_dn:
        directory_values = {allowed[f]: v for f, v in changes.items() if allowed[f] in ("mobile", "room")}
        if directory_values:
            conn = ldap.connect(config)
            try:
                ldap.write_back(conn, config, person.directory_dn, directory_values)
            finally:
                conn.unbind()
    return person
