from __future__ import annotations

from datetime import date

import pytest

from intranet.core.workdays import add_working_days, is_working_day


@pytest.mark.parametrize(("day", "working"), [
    (date(2026, 11, 23), True),    # Monday
    (date(2026, 11, 22), False),   # Sunday
    (date(2026, 6, 4), False),     # Fronleichnam: a holiday in Hessen
    (date(2026, 10, 31), False),   # Saturday (Reformationstag is no holiday in Hessen anyway)
    (date(2026, 12, 25), False),
])
def test_is_working_day_in_hessen(day: date, working: bool) -> None:
    assert is_working_day(day, "HE") is working


def test_fronleichnam_is_a_working_day_in_berlin() -> None:
    assert is_working_day(date(2026, 6, 4), "BE")


@pytest.mark.parametrize(("start", "count", "expected"), [
    (date(2026, 11, 20), 1, date(2026, 11, 23)),   # Friday + 1 = Monday
    (date(2026, 11, 23), 3, date(2026, 11, 26)),
    (date(2026, 12, 23), 2, date(2026, 12, 28)),   # over Christmas
    (date(2026, 6, 3), 1, date(2026, 6, 5)),       # over Fronleichnam
    (date(2026, 6, 3), 0, date(2026, 6, 3)),
])
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert add_working_days(start, count, "HE") == expected
