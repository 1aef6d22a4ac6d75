"""Figures for the directory: sign-in time, sync time for 5,000 people, search-page query counts.

Run: .venv/bin/python -m tests.benchmarks.directory_bench   (needs slapd; uses a throwaway SQLite file)
Not part of `make test`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings_test")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from directory import ldap  # noqa: E402
from directory.models import User  # noqa: E402
from tests.fixtures.slapd import start_slapd  # noqa: E402
from tests.ldap import generate as gen  # noqa: E402


def configure(server) -> None:
    settings.LDAP_SERVER_URI = server.uri
    settings.LDAP_BIND_DN, settings.LDAP_BIND_PASSWORD = gen.SERVICE_DN, gen.SERVICE_PASSWORD
    settings.LDAP_USER_BASE, settings.LDAP_GROUP_BASE = gen.PEOPLE_BASE, gen.GROUP_BASE
    settings.LDAP_ROLE_GROUPS = dict(gen.ROLE_GROUPS)
    settings.LDAP_ATTR_OVERRIDES = {"disabled_filter": "(employeeType=disabled)", "unit_deputy": "seeAlso"}


def search_queries(client: Client) -> int:
    with CaptureQueriesContext(connection) as queries:
        client.get("/telefonbuch/", {"q": "a"})
    return len(queries.captured_queries)


def main() -> None:
    setup_test_environment()
    call_command("migrate", verbosity=0)
    ldif = gen.generate(dezernate=5, fachbereiche=5, sachgebiete=10, staff=20)
    people = ldif.count("objectClass: inetOrgPerson")
    started = time.monotonic()
    # As in production: plain searches limited, paged searches of the service account not.
    server_iter = start_slapd(ldif, extra_global="sizelimit size.soft=500 size.hard=500 size.prtotal=unlimited")
    server = next(server_iter)
    print(f"slapd loaded {people} people in {time.monotonic() - started:.1f} s", file=sys.stderr)
    try:
        configure(server)
        config = ldap.LdapConfig.from_settings()
        timings = []
        for _ in range(20):
            t = time.perf_counter()
            assert ldap.authenticate(config, "anna.schmidt", gen.PASSWORD) is not None
            timings.append(time.perf_counter() - t)
        print(f"directory sign-in (bind + search + nested groups), median of 20: "
              f"{statistics.median(timings) * 1000:.1f} ms")

        for label, args in (("first", []), ("second (nothing changed)", [])):
            t = time.perf_counter()
            call_command("sync_directory", *args, stdout=sys.stderr)
            print(f"sync_directory {label} for {people} people: {time.perf_counter() - t:.1f} s")

        client = Client()
        client.force_login(User.objects.get(username="anna.schmidt"))
        first_50 = list(User.objects.order_by("pk").values_list("pk", flat=True)[:49])
        User.objects.exclude(pk__in=first_50).exclude(username="anna.schmidt").update(is_active=False)
        few = search_queries(client)
        User.objects.update(is_active=True)
        many = search_queries(client)
        print(f"address-book search page queries: {few} with 50 active people, "
              f"{many} with {User.objects.filter(is_active=True).count()}")
    finally:
        next(server_iter, None)


if __name__ == "__main__":
    main()
