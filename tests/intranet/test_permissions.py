"""The roles and the one permissions module."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import ImproperlyConfigured, PermissionDenied

from directory.backends import LocalAccountBackend
from intranet.core.permissions import may, registered_actions, require
from intranet.core.roles import Role, roles_of

E, S, HR, FL, FA, AD = (Role.EMPLOYEE, Role.SUPERVISOR, Role.HR, Role.FLEET_MANAGER,
                        Role.FACILITY_MANAGER, Role.ADMIN)


@pytest.mark.parametrize(("name", "roles"), [
    ("ada", {E}),
    ("ben", {E, S}),
    ("bea", {E, S}),      # deputizing makes a supervisor too
    ("frank", {E, S}),
    ("hanna", {E, HR}),
    ("ali", {E, AD}),
    ("fred", {E, FL}),
    ("fay", {E, FA}),
])
def test_roles_of(cast, name: str, roles: set[Role], django_assert_num_queries) -> None:
    assert roles_of(getattr(cast, name)) == roles
    # The session's user comes with them (directory.backends.WithRoles): the same roles, no query more.
    loaded = LocalAccountBackend().get_user(getattr(cast, name).pk)
    with django_assert_num_queries(0):
        assert roles_of(loaded) == roles


def test_a_role_given_or_taken_counts_from_the_next_request(cast) -> None:
    """The roles come with the user's row on each request: nothing outlives the request it was read for."""
    backend = LocalAccountBackend()
    assert Role.HR not in roles_of(backend.get_user(cast.ada.pk))
    cast.ada.groups.add(Group.objects.get_or_create(name="hr")[0])
    assert Role.HR in roles_of(backend.get_user(cast.ada.pk))
    cast.ada.groups.clear()
    assert Role.HR not in roles_of(backend.get_user(cast.ada.pk))


def test_superuser_is_administrator(cast) -> None:
    cast.dan.is_superuser = True
    assert Role.ADMIN in roles_of(cast.dan)


def test_roles_are_read_once_per_user_object(cast, django_assert_num_queries) -> None:
    roles_of(cast.ada)
    with django_assert_num_queries(0):
        roles_of(cast.ada)


def test_inactive_and_anonymous_have_no_roles(cast) -> None:
    cast.ada.is_active = False
    assert roles_of(cast.ada) == frozenset()
    assert roles_of(AnonymousUser()) == frozenset()


# (action, person the action is about or None) -> who may
EXPECTED = {
    ("directory.view_person", None): {"ada", "ben", "bea", "carl", "frank", "fiona", "dan", "xaver",
                                      "hanna", "ali", "fred", "fay"},
    ("directory.view_person_records", "ada"): {"ada", "ben", "bea", "frank", "fiona", "hanna"},
    ("directory.view_person_records", "ben"): {"ben", "frank", "fiona", "hanna"},
    ("directory.view_person_records", "carl"): {"carl", "frank", "fiona", "hanna"},
    ("directory.manage_people", None): {"hanna", "ali"},
    ("directory.manage_org_units", None): {"hanna", "ali"},
    ("intranet.administer", None): {"ali"},
    ("intranet.view_personal_records_in_admin", None): {"hanna"},  # not the administrator, superuser or not
    ("directory.edit_own_entry", "ada"): {"ada", "hanna", "ali"},
}


def test_every_registered_action_has_an_expectation() -> None:
    from tests.intranet.test_request_permissions import REQUEST_EXPECTED
    from tests.reservations.test_permissions import RESERVATIONS_EXPECTED
    from tests.timekeeping.test_permissions import TIMEKEEPING_EXPECTED

    tables = (EXPECTED, REQUEST_EXPECTED, TIMEKEEPING_EXPECTED, RESERVATIONS_EXPECTED)
    covered = {action for table in tables for action, _ in table}
    assert sorted(covered) == registered_actions()


@pytest.mark.parametrize(("action", "about"), list(EXPECTED))
def test_permission_matrix(cast, action: str, about: str | None) -> None:
    everyone = ["ada", "ben", "bea", "carl", "frank", "fiona", "dan", "xaver", "hanna", "ali", "fred", "fay"]
    obj = getattr(cast, about) if about else None
    allowed = {name for name in everyone if may(getattr(cast, name), action, obj)}
    assert allowed == EXPECTED[(action, about)]


def test_anonymous_and_inactive_users_may_nothing(cast) -> None:
    cast.hanna.is_active = False
    for action in [a for a, _ in EXPECTED]:
        assert not may(AnonymousUser(), action, cast.ada)
        assert not may(cast.hanna, action, cast.ada)


def test_unknown_action_is_a_programming_error(cast) -> None:
    with pytest.raises(ImproperlyConfigured):
        may(cast.ali, "directory.does_not_exist")


def test_require_raises_permission_denied(cast) -> None:
    require(cast.ben, "directory.view_person_records", cast.ada)
    with pytest.raises(PermissionDenied):
        require(cast.dan, "directory.view_person_records", cast.ada)
