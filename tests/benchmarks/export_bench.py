"""Figures for the working-time export: one month of 5,000 staff on PostgreSQL, CSV and XLSX.

Run: .venv/bin/python -m tests.benchmarks.export_bench   (uses the database intranet_bench_export, recreated)
Not part of `make test`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/intranet_bench_export")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings_test")
STAFF = int(os.environ.get("BENCH_STAFF", "5000"))

subprocess.run(["psql", URL.rsplit("/", 1)[0] + "/postgres", "-qc", "DROP DATABASE IF EXISTS intranet_bench_export"],
               check=True)
subprocess.run(["psql", URL.rsplit("/", 1)[0] + "/postgres", "-qc", "CREATE DATABASE intranet_bench_export"],
               check=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402

from directory.models import Employment, OrgUnit, User  # noqa: E402
from timekeeping.worktime.export import export_response, people_in, rows  # noqa: E402
from timekeeping.worktime.models import TimeEntry  # noqa: E402

BERLIN = ZoneInfo("Europe/Berlin")
MONTH = date(2026, 10, 1)


def build() -> None:
    call_command("migrate", verbosity=0)
    units = OrgUnit.objects.bulk_create(OrgUnit(code=f"U{n}", name=f"Einheit {n}", kind="sachgebiet")
                                        for n in range(300))
    users = User.objects.bulk_create(
        User(username=f"u{n}", first_name="Vor", last_name=f"Name{n:05d}", org_unit=units[n % 300],
             personnel_number=str(100000 + n), password="!") for n in range(STAFF))
    Employment.objects.bulk_create(Employment(user=u, valid_from=date(2024, 1, 1), weekly_hours=39) for u in users)
    entries = []
    for user in users:
        day = MONTH
        while day.month == MONTH.month:
            if day.weekday() < 5:
                start = datetime(day.year, day.month, day.day, 7, 30, tzinfo=BERLIN)
                entries.append(TimeEntry(person=user, start=start, end=start + timedelta(hours=4)))
                entries.append(TimeEntry(person=user, start=start + timedelta(hours=4, minutes=30),
                                         end=start + timedelta(hours=8, minutes=30)))
            day += timedelta(days=1)
        if len(entries) > 20000:
            TimeEntry.objects.bulk_create(entries)
            entries = []
    TimeEntry.objects.bulk_create(entries)


def measure(label: str, run) -> float:
    """Time one run (run() makes the whole file and returns its rows), then take the peak memory in a
    second run (tracemalloc slows what it watches)."""
    started = time.perf_counter()
    count = run()
    elapsed = time.perf_counter() - started
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label}: {count} rows in {elapsed:.1f} s ({count / elapsed:.0f} rows/s), "
          f"peak Python memory {peak / 2**20:.1f} MiB")
    return count / elapsed


def copy_rows_per_second() -> float:
    """PostgreSQL's own COPY TO STDOUT of the month's entries with their people: the floor to compare with."""
    sql = ("COPY (SELECT u.personnel_number, u.last_name, e.start, e.\"end\" FROM timekeeping_timeentry e "
           "JOIN directory_user u ON u.id = e.person_id ORDER BY u.last_name, e.start) TO STDOUT")
    started = time.perf_counter()
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for _row in copy.rows():
            count += 1
    elapsed = time.perf_counter() - started
    print(f"PostgreSQL COPY TO STDOUT: {count} rows in {elapsed:.2f} s ({count / elapsed:.0f} rows/s)")
    return count / elapsed


def main() -> None:
    started = time.perf_counter()
    build()
    print(f"built {STAFF} staff with {TimeEntry.objects.count()} entries in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    floor = copy_rows_per_second()
    csv_rate = measure("CSV export", lambda: sum(
        1 for _ in export_response(unit=None, month=MONTH, fmt="csv").streaming_content) - 1)  # minus the BOM

    def xlsx() -> int:
        response = export_response(unit=None, month=MONTH, fmt="xlsx")
        print(f"  XLSX file: {response.file_to_stream.seek(0, 2) / 2**20:.1f} MiB")
        response.close()
        return STAFF * 32 + 1  # a row per day and a sum per person, and the header

    measure("XLSX export", xlsx)
    print(f"CSV export speed as a share of COPY: {csv_rate / floor:.1%}")
    from django.conf import settings

    settings.DEBUG = True
    for unit in (OrgUnit.objects.first(), None):
        reset_queries()
        list(rows(people_in(unit), MONTH))
        print(f"queries for {people_in(unit).count()} people: {len(connection.queries)}")


if __name__ == "__main__":
    main()
