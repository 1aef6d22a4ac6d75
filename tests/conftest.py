from __future__ import annotations

import os
import random
from datetime import datetime

import pytest

from tests.system_parts import IN_CI, MISSING

# The API fuzzing's seed: fresh each run unless given, so CI explores new inputs and a failure can be replayed
# (tests/api/test_fuzzing.py; the header prints it).
os.environ.setdefault("FUZZ_SEED", str(random.SystemRandom().randrange(2**32)))

pytest_plugins = [
    "tests.fixtures.cast",
    "tests.fixtures.smtp",
    "tests.fixtures.tasks",
    "tests.fixtures.slapd",
    "tests.fixtures.libreoffice",
    "tests.fixtures.samba_ad",
    "tests.fixtures.browser",
    "tests.fixtures.icaljs",
    "tests.fixtures.reference_data",
    "tests.fixtures.world",
    "tests.fixtures.servers",
]


def pytest_configure(config: pytest.Config) -> None:
    """TEST_NOW=2027-12-31T23:30+01:00 runs the suite as if it were then (the clock ticking on from there),
    which proves that no test depends on the day it runs; CI does so for the coming New Year's Eve."""
    if when := os.environ.get("TEST_NOW"):
        import time_machine

        time_machine.travel(datetime.fromisoformat(when), tick=True).start()


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: what one test left there (sign-in counters and the like)
    must not change the next one's outcome."""
    from django.core.cache import cache

    cache.clear()


def pytest_report_header(config: pytest.Config) -> list[str]:
    shifted = [f"TEST_NOW: the tests run as if it were {datetime.now().astimezone():%Y-%m-%d %H:%M %z}"
               ] if os.environ.get("TEST_NOW") else []
    fuzz = [f"FUZZ_SEED={os.environ['FUZZ_SEED']} (replay a fuzzing failure: "
            f"FUZZ_SEED={os.environ['FUZZ_SEED']} make test PYTEST_ARGS=tests/api)"]
    return shifted + fuzz + [f"!!! SKIPPING {part} tests: {why} !!!" for part, why in MISSING.items()]


def pytest_sessionstart(session: pytest.Session) -> None:
    if IN_CI and MISSING:
        pytest.exit("CI=true but system parts are missing: " + "; ".join(MISSING.values()), returncode=3)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    for part, why in MISSING.items():
        terminalreporter.write_line(f"!!! {part} tests were SKIPPED: {why} !!!", red=True, bold=True)
