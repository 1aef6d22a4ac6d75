"""Settings for `make bench`: the test settings, with the bare view added to the addresses."""

from intranet.settings_test import *  # noqa: F403

ROOT_URLCONF = "tests.benchmarks.urls"
