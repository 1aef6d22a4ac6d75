from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _reference_data(live_server, reference_data: None) -> None:
    """Every browser test starts with the reference data in place (see tests/fixtures/reference_data.py)."""
