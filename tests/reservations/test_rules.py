"""The check-in window, one rule for the service, the booking page and the reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from reservations.rules import CHECK_IN_OPENS, check_in_open
from reservations.services import CHECKIN_REMINDER

START = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
END = START + timedelta(hours=1)


@pytest.mark.parametrize(("minutes", "open_"), [
    (-16, False), (-15, True), (0, True), (59, True), (60, False),
])
def test_check_in_opens_a_quarter_hour_before_the_start_and_closes_at_the_end(minutes, open_) -> None:
    assert check_in_open(START, END, START + timedelta(minutes=minutes)) is open_


def test_the_reminder_goes_out_when_check_in_opens() -> None:
    assert CHECKIN_REMINDER == CHECK_IN_OPENS == timedelta(minutes=15)
