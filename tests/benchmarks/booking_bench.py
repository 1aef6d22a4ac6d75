"""Figures for rooms and cars on PostgreSQL: the week grid's queries with 5 and with 200 resources and
its server time with 200 rooms and 10,000 bookings; a personal feed of 1,000 bookings and its 304.

Run: .venv/bin/python -m tests.benchmarks.booking_bench   (uses the database intranet_bench_booking, recreated)
Not part of `make test`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from datetime import datetime, timedelta

URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/intranet_bench_booking")
os.environ["DATABASE_URL"] = URL
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intranet.settings_test")
ADMIN = URL.rsplit("/", 1)[0] + "/postgres"
subprocess.run(["psql", ADMIN, "-qc", "DROP DATABASE IF EXISTS intranet_bench_booking"], check=True)
subprocess.run(["psql", ADMIN, "-qc", "CREATE DATABASE intranet_bench_booking"], check=True)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from directory.feeds import feed_token_renew, feed_url  # noqa: E402
from directory.models import User  # noqa: E402
from reservations.models import Booking, Resource  # noqa: E402

ROOMS, BOOKINGS, OWN = 200, 10_000, 1_000


def build() -> tuple[User, datetime]:
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(username="bench", password="x", first_name="Bea", last_name="Bench")
    other = User.objects.create_user(username="other", password="x")
    rooms = Resource.objects.bulk_create(Resource(kind="room", name=f"Raum {n:03d}", capacity=10)
                                         for n in range(ROOMS))
    monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
    zone = timezone.get_current_timezone()
    first = datetime.combine(monday, datetime.min.time(), tzinfo=zone)
    rows = []
    for n in range(BOOKINGS):
        # 50 bookings per room: over 10 weekdays from this Monday, 5 a day from 8:00 on.
        room = rooms[n % ROOMS]
        slot = n // ROOMS
        day = first + timedelta(days=(slot // 5) + 2 * (slot // 25))
        start = day + timedelta(hours=8 + 2 * (slot % 5))
        rows.append(Booking(resource=room, title=f"Termin {n}", start=start, end=start + timedelta(hours=1),
                            occupied_until=start + timedelta(hours=1), booker=user if n < OWN else other))
    Booking.objects.bulk_create(rows, batch_size=2000)
    return user, first


def timed(client: Client, path: str, runs: int = 15, **headers) -> tuple[float, int, int]:
    times, status, size = [], 0, 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path, **headers)
        times.append((time.perf_counter() - started) * 1000)
        status, size = response.status_code, len(response.content)
    return statistics.median(times), status, size


def main() -> None:
    user, first = build()
    client = Client()
    client.force_login(user)
    day = first.date().isoformat()
    for count in (5, ROOMS):
        path = f"/buchen/belegung/?kind=room&day={day}&view=week&per_page={200 if count == ROOMS else 25}"
        Resource.objects.filter(name__gte=f"Raum {count:03d}").update(active=False)
        settings.DEBUG = True
        reset_queries()
        client.get(path)
        queries = len(connection.queries)
        settings.DEBUG = False
        median, status, size = timed(client, path)
        print(f"week grid, {count} resources shown: {queries} queries, "
              f"median {median:.0f} ms, {size / 1024:.0f} KiB, status {status}")
        Resource.objects.update(active=True)
    median, status, _size = timed(client, f"/buchen/belegung/?kind=room&day={day}&per_page=200")
    print(f"day grid, 200 resources: median {median:.0f} ms, status {status}")
    feed_token_renew(user=user)
    path = feed_url(user, "persoenlich").split("://", 1)[1].split("/", 1)[1]
    response = Client().get("/" + path)
    events = response.content.count(b"BEGIN:VEVENT")
    median, status, size = timed(Client(), "/" + path, runs=7)
    print(f"personal feed, {events} events: median {median:.0f} ms, {size / 1024:.0f} KiB, status {status}")
    median, status, _size = timed(Client(), "/" + path, runs=15, HTTP_IF_NONE_MATCH=response["ETag"])
    print(f"personal feed, conditional GET: median {median:.1f} ms, status {status}")


if __name__ == "__main__":
    main()
