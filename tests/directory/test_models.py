from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from directory.models import Employment
from tests.factories import make_unit, make_user


def test_a_unit_cannot_be_placed_below_itself(db) -> None:
    top = make_unit()
    child = make_unit(parent=top)
    top.parent = child
    with pytest.raises(ValidationError) as error:
        top.full_clean()
    assert "parent" in error.value.message_dict


def test_head_cannot_be_own_deputy(db) -> None:
    person = make_user()
    unit = make_unit()
    unit.head = unit.deputy = person
    with pytest.raises(ValidationError):
        unit.full_clean()
    with pytest.raises(IntegrityError):
        unit.save()


@pytest.mark.parametrize(("value", "valid"), [
    ("12345", True), ("1234", True), ("135", True), ("7", True),
    ("", False), ("123456789", False), ("0", False), ("8", False), ("112", False), ("1a", False),
])
def test_working_weekdays(db, value: str, valid: bool) -> None:
    employment = Employment(user=make_user(weekly_hours=None), valid_from="2025-01-01",
                            weekly_hours="39", working_weekdays=value)
    if valid:
        employment.full_clean()
        assert employment.weekdays == {int(d) for d in value}
    else:
        with pytest.raises(ValidationError):
            employment.full_clean()


def test_personnel_number_unique_but_may_be_empty(db) -> None:
    make_user(personnel_number="")
    make_user(personnel_number="")
    make_user(personnel_number="4711")
    with pytest.raises(IntegrityError):
        make_user(personnel_number="4711")
