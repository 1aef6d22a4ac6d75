from __future__ import annotations

import pytest

from tests.system_parts import IN_CI, MISSING

pytest_plugins = [
    "tests.fixtures.cast",
    "tests.fixtures.smtp",
    "tests.fixtures.slapd",
    "tests.fixtures.browser",
    "tests.fixtures.reference_data",
    "tests.fixtures.world",
    "tests.fixtures.servers",
]


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [f"!!! SKIPPING {part} tests: {why} !!!" for part, why in MISSING.items()]


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and MISSING:
        pytest.exit("CI=true but system parts are missing: " + "; ".join(MISSING.values()), returncode=3)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    for part, why in MISSING.items():
        terminalreporter.write_line(f"!!! {part} tests were SKIPPED: {why} !!!", red=True, bold=True)
