"""Supervisor resolution up the org tree."""

from __future__ import annotations

import pytest

from directory.models import User
from directory.selectors import deputy_id_for, is_superior_of, people_led_by, supervisor_of
from tests.factories import make_unit, make_user, set_leadership


def test_supervisor_is_the_head_of_the_unit(cast) -> None:
    assert supervisor_of(cast.ada) == cast.ben
    assert supervisor_of(cast.bea) == cast.ben


def test_unit_without_head_walks_up_the_tree(cast) -> None:
    assert supervisor_of(cast.carl) == cast.frank


def test_heads_own_requests_go_to_the_head_of_the_parent_unit(cast) -> None:
    assert supervisor_of(cast.ben) == cast.frank


def test_head_of_a_root_unit_has_no_supervisor(cast) -> None:
    assert supervisor_of(cast.frank) is None
    assert supervisor_of(cast.xaver) is None


def test_person_without_unit_has_no_supervisor(db) -> None:
    assert supervisor_of(make_user(org_unit=None)) is None


def test_walks_several_levels_and_skips_units_the_person_heads(db) -> None:
    top = make_unit(kind="dezernat")
    middle = make_unit(kind="fachbereich", parent=top)
    bottom = make_unit(parent=middle)
    boss, head = make_user(org_unit=top), make_user(org_unit=bottom)
    set_leadership(top, head=boss)
    # The same person heads both the Sachgebiet and the Fachbereich above it.
    set_leadership(bottom, head=head)
    set_leadership(middle, head=head)
    worker = make_user(org_unit=bottom)
    assert supervisor_of(worker) == head
    assert supervisor_of(head) == boss


def test_deputy_for_is_the_deputy_of_the_supervisors_unit(cast) -> None:
    assert deputy_id_for(cast.ada) == cast.bea.pk
    assert deputy_id_for(cast.ben) == cast.fiona.pk
    assert deputy_id_for(cast.carl) == cast.fiona.pk
    # The deputy's own head is the supervisor; they are not their own stand-in.
    assert deputy_id_for(cast.bea) is None
    assert deputy_id_for(cast.dan) is None


@pytest.mark.parametrize(
    ("superior", "person", "expected"),
    [
        ("ben", "ada", True),      # head of Ada's unit
        ("bea", "ada", True),      # deputy of Ada's unit
        ("frank", "ada", True),    # head of the unit above
        ("fiona", "ada", True),    # deputy of the unit above
        ("frank", "carl", True),   # Carl's unit has no head
        ("bea", "ben", False),     # a deputy does not supervise the head
        ("ben", "bea", True),
        ("ada", "ben", False),
        ("ben", "carl", False),    # a sibling unit's head
        ("xaver", "ada", False),   # another department
        ("ben", "ben", False),     # nobody supervises themselves
        ("frank", "fiona", True),
        ("fiona", "frank", False),
    ],
)
def test_is_superior_of(cast, superior: str, person: str, expected: bool) -> None:
    assert is_superior_of(getattr(cast, superior), getattr(cast, person)) is expected


def test_people_led_by_is_the_scope_of_is_superior_of(cast) -> None:
    # Predicate and scope are one rule: check every pair of the cast against each other.
    everyone = list(User.objects.all())
    for user in everyone:
        led = set(people_led_by(user).values_list("username", flat=True))
        expected = {p.username for p in everyone if is_superior_of(user, p)}
        assert led == expected, user.username


def test_people_led_by_makes_two_queries_whatever_the_size(cast, django_assert_num_queries) -> None:
    with django_assert_num_queries(2):
        list(people_led_by(cast.frank))
