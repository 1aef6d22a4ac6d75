from __future__ import annotations

from collections.abc import Iterator

import pytest

from intranet.approvals.workflow import RequestKind, register_kind
from intranet.core.availability import register_absence_check, unregister_absence_check

# Test-only kinds with other chains than the general request's.
register_kind(RequestKind(key="test_two_levels", label="Two levels",
                          levels=lambda r: ["supervisor", "second_level"]))
register_kind(RequestKind(key="test_hr", label="HR decides", levels=lambda r: ["hr"]))


@pytest.fixture
def absent() -> Iterator[set[int]]:
    """Put user ids into the yielded set to make them absent (as the leave module will)."""
    away: set[int] = set()

    def check(user_id: int, day) -> bool:
        return user_id in away

    register_absence_check(check)
    yield away
    unregister_absence_check(check)
