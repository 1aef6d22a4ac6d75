"""`make bench`: the intranet measured on PostgreSQL at the size of the city, served by gunicorn.

Builds two databases (FULL and SMALL, tests/benchmarks/data.py), then measures:
- per main page and API list: SQL queries at both sizes (they must be equal) and the median time over
  loopback against gunicorn (with the deployment's gunicorn.conf.py), as a ratio to a bare view of the same stack;
- requests per second for the dashboard and the week grid under wrk (bounded in time), as a ratio to
  the bare view;
- the HR month export of all staff: rows per second as a ratio to PostgreSQL's COPY of the same
  entries, and peak Python memory;
- the personal calendar feed with 1,000 events: time, and the time of its 304 answer.
Prints the table and writes it, with a description of the machine, to tests/benchmarks/RESULTS.md.
Not part of `make test`.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
FULL_DB, SMALL_DB = "intranet_bench", "intranet_bench_small"
SETTINGS = "tests.benchmarks.settings"
CONFIG = ROOT / "gunicorn.conf.py"
RUNS = int(os.environ.get("BENCH_RUNS", "21"))
LOAD_SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS", "10"))


def today() -> date:
    return datetime.now(ZoneInfo("Europe/Berlin")).date()


def pages(info: dict) -> list[tuple[str, str]]:
    """(label, path) of what is measured, as the supervisor of a unit of the data set."""
    today_ = today()
    last_month = (today_.replace(day=1) - timedelta(days=1)).replace(day=1)
    return [
        ("bare view (yardstick)", "/bench/bare/"),
        ("dashboard", "/"),
        ("inbox (open requests)", "/aufgaben/"),
        ("week grid, rooms (25 per page)", f"/buchen/belegung/?kind=room&view=week&day={today_.isoformat()}"),
        ("week grid, all 200 rooms on one page",
         f"/buchen/belegung/?kind=room&view=week&day={today_.isoformat()}&per_page=200"),
        ("team calendar", f"/abwesenheiten/team/?month={today_:%Y-%m}"),
        ("month sheet (a full month)", f"/arbeitszeit/{last_month.year}-{last_month.month}/"),
        ("address book search", "/telefonbuch/?q=Dora"),
        ("API people search", "/api/v1/people/?q=Dora"),
        ("API units", "/api/v1/units/"),
        ("API approvals (inbox)", "/api/v1/approvals/"),
        ("API my requests", "/api/v1/requests/"),
        ("API leave requests", "/api/v1/leave-requests/"),
        ("API absences (team, four weeks)",
         f"/api/v1/absences/?unit={info['unit']}&from={today_}&to={today_ + timedelta(days=27)}"),
        ("API time entries", "/api/v1/time-entries/"),
        ("API trips", "/api/v1/trips/"),
        ("API trainings", "/api/v1/trainings/"),
        ("API resources", "/api/v1/resources/"),
        ("API bookings", "/api/v1/bookings/"),
        ("API series", "/api/v1/series/"),
        ("API leave types", "/api/v1/leave-types/"),
    ]


# --- Steps that run inside Django, in a child process per database -------------------------------

def _django() -> None:
    import django

    django.setup()


def step_build(size: str) -> dict:
    _django()
    from tests.benchmarks.data import FULL, SMALL, build

    started = time.perf_counter()
    info = build(FULL if size == "full" else SMALL)
    info["build_seconds"] = round(time.perf_counter() - started)
    return info


# Lists that are the same at both sizes by nature (reference data), and pages that are no list.
SAME_ROWS = {"bare view (yardstick)", "dashboard", "API leave types"}


def shown(response) -> int:
    """How many rows a page shows: an API list's results, or the rows and items of an HTML page's main."""
    if response["Content-Type"].startswith("application/json"):
        data = response.json()
        return len(data["results"] if isinstance(data, dict) else data)
    main = response.content.decode().partition("<main")[2].partition("</main>")[0]
    return main.count("<tr") + main.count("<li")


def step_count(info: dict) -> dict:
    """Queries per page and the rows it shows, through the test client (the same views, in this process)."""
    _django()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.cookies["sessionid"] = info["session"]
    counts = {}
    for label, path in pages(info):
        client.get(path)  # warm: the first request of a process loads what every later one reuses
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        counts[label] = {"queries": len(queries), "rows": shown(response)}
        if label.startswith("week grid"):
            counts[label]["drawn_ms"] = _in_process_ms(client, path, empty_cache=True)
            counts[label]["cached_ms"] = _in_process_ms(client, path, empty_cache=False)
    return counts


def _in_process_ms(client, path: str, *, empty_cache: bool, runs: int = 7) -> float:
    """The median time of a page in this process: with the cache emptied before each request, what the first
    viewer after a change waits for (the grid drawn), else what everyone else gets."""
    from django.core.cache import cache

    times = []
    for _ in range(runs):
        if empty_cache:
            cache.clear()
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def step_export() -> dict:
    _django()
    import tracemalloc

    from django.db import connection

    from timekeeping.worktime.export import export_response

    month = (today().replace(day=1) - timedelta(days=1)).replace(day=1)
    sql = ("COPY (SELECT u.personnel_number, u.last_name, e.start, e.\"end\" FROM timekeeping_timeentry e "
           "JOIN directory_user u ON u.id = e.person_id WHERE e.start >= %s AND e.start < %s "
           "ORDER BY u.last_name, e.start) TO STDOUT")
    end = (month + timedelta(days=32)).replace(day=1)
    started = time.perf_counter()
    copied = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql, [month, end]) as copy:
        for _row in copy.rows():
            copied += 1
    copy_seconds = time.perf_counter() - started

    def csv_rows() -> int:
        return sum(1 for _ in export_response(unit=None, month=month, fmt="csv").streaming_content) - 1  # BOM

    started = time.perf_counter()
    rows = csv_rows()
    csv_seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB, before tracemalloc adds its own
    tracemalloc.start()
    csv_rows()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"copy_rows": copied, "copy_rate": copied / copy_seconds, "csv_rows": rows,
            "csv_seconds": csv_seconds, "csv_rate": rows / csv_seconds, "peak_mib": peak / 2**20,
            "rss_mib": rss / 2**10}


# --- The conductor -------------------------------------------------------------------------------

def child(step: str, database: str, *args: str) -> dict:
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}", "DJANGO_SETTINGS_MODULE": SETTINGS}
    result = subprocess.run([sys.executable, "-m", "tests.benchmarks.harness", step, *args], cwd=ROOT, env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{step} on {database} failed:\n{result.stderr[-4000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def built(database: str, size: str) -> dict:
    """Build the data set, or with BENCH_REUSE=1 take the one the last run built (to measure again
    without waiting for the build)."""
    saved = ROOT / "var" / f"{database}.json"
    if os.environ.get("BENCH_REUSE") == "1" and saved.exists():
        return json.loads(saved.read_text())
    print(f"building the {size} data set …", file=sys.stderr)
    recreate(database)
    info = child("build", database, size)
    saved.parent.mkdir(exist_ok=True)
    saved.write_text(json.dumps(info))
    return info


def recreate(database: str) -> None:
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        subprocess.run(["psql", f"{SERVER}/postgres", "-qc", sql], check=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer of its own: followed, a lost session would time the sign-in page."""

    def redirect_request(self, *args, **kwargs):
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def get(url: str, headers: dict[str, str]) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with _opener.open(request, timeout=120) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


# The goals of issue 19, as a multiple of the bare view (at most) or a share of it (at least).
GOALS = {"dashboard": 4, "inbox (open requests)": 4, "team calendar": 4, "address book search": 4,
         "month sheet (a full month)": 5, "week grid, rooms (25 per page)": 5,
         "week grid, all 200 rooms on one page": 10}
API_GOAL, LOAD_GOAL, EXPORT_GOAL, FEED_GOAL, NOT_MODIFIED_GOAL = 3, 0.25, 0.20, 40, 1.5


def verdict(value: float, goal: float | None, at_least: bool = False) -> str:
    if goal is None:
        return ""
    met = value >= goal if at_least else value <= goal
    return f"{'meets' if met else 'misses'} {'≥' if at_least else '≤'} {goal:g}"


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """User and system CPU each process has used (from /proc; clock ticks, 10 ms each)."""
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return used


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """The CPU used in between by the processes there both times: one that ended meanwhile (another session's
    PostgreSQL connection) takes its count with it, and must not make the sum negative."""
    return sum(max(0.0, after[pid] - before[pid]) for pid in before if pid in after)


def children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def postgres_pids() -> list[int]:
    """PostgreSQL's processes (the backends serving the workers among them)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def median_ms(url: str, headers: dict[str, str], runs: int = RUNS,
              server: int | None = None) -> tuple[float, int, dict]:
    """The median time over `runs` requests, and with the server's pid the CPU per request of its workers
    and of PostgreSQL (steadier than time on a shared machine)."""
    get(url, headers)  # warm up: each worker has loaded the code and opened its connection
    get(url, headers)
    times, status = [], 0
    workers, database = (children(server), postgres_pids()) if server else ([], [])
    cpu_before = cpu_seconds(workers), cpu_seconds(database)
    for _ in range(runs):
        started = time.perf_counter()
        status, _body, _headers = get(url, headers)
        times.append((time.perf_counter() - started) * 1000)
    cpu = {"app_ms": cpu_used(cpu_before[0], cpu_seconds(workers)) * 1000 / runs,
           "db_ms": cpu_used(cpu_before[1], cpu_seconds(database)) * 1000 / runs} if server else {}
    return statistics.median(times), status, cpu


def requests_per_second(url: str, session: str) -> float | None:
    if shutil.which("wrk") is None:
        return None
    result = subprocess.run(["wrk", "-t2", "-c8", f"-d{LOAD_SECONDS}s", "-H", f"Cookie: sessionid={session}", url],
                            capture_output=True, text=True)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", result.stdout)
    if non_2xx:
        sys.exit(f"wrk got {non_2xx.group(1)} error answers from {url}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", result.stdout).group(1))


def serving(arguments: list[str], server: int) -> str:
    """How the running gunicorn serves: its settings as gunicorn resolves them from these arguments (the
    config file, GUNICORN_CMD_ARGS, the flags), and its worker processes counted."""
    from gunicorn.app.wsgiapp import WSGIApplication

    argv, sys.argv = sys.argv, ["gunicorn", *arguments]
    try:
        config = WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]", prog="gunicorn").cfg
    finally:
        sys.argv = argv
    threads = f" × {config.threads} threads" if config.worker_class_str == "gthread" else ""
    return (f"gunicorn with {CONFIG.name}: {len(children(server))} {config.worker_class_str} workers{threads}, "
            f"timeout {config.timeout} s")


def machine(served: str) -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal")) / 2**20
    postgres = subprocess.run(["psql", f"{SERVER}/postgres", "-tAc", "SHOW server_version"], capture_output=True,
                              text=True).stdout.strip()
    return (f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; PostgreSQL {postgres} on the same machine; "
            f"Python {platform.python_version()}; {served}; load from wrk on loopback")


def conduct() -> None:
    from tests.fixtures.net import free_port, wait_for_port

    small, full = built(SMALL_DB, "small"), built(FULL_DB, "full")
    print(f"built in {full['build_seconds']} s; counting queries …", file=sys.stderr)
    small_counts = child("count", SMALL_DB, json.dumps(small))
    full_counts = child("count", FULL_DB, json.dumps(full))

    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{FULL_DB}", "DJANGO_SETTINGS_MODULE": SETTINGS,
           "CONN_MAX_AGE": "600"}
    # The deployment's worker model (README: Production deployment); only the address and the log differ.
    arguments = ["--config", str(CONFIG), "intranet.wsgi:application", "--bind", f"127.0.0.1:{port}",
                 "--log-level", "warning"]
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", *arguments], cwd=ROOT, env=env)
    try:
        wait_for_port(port, timeout=30)
        base = f"http://127.0.0.1:{port}"
        cookie = {"Cookie": f"sessionid={full['session']}"}
        print("timing pages …", file=sys.stderr)
        for _ in range(40):  # until the workers have booted (their CPU would count for the first page)
            get(base + "/bench/bare/", cookie)
        time.sleep(2)
        served = serving(arguments, server.pid)
        timings = {label: median_ms(base + path, cookie, server=server.pid) for label, path in pages(full)}
        bad = {label: status for label, (_ms, status, _cpu) in timings.items() if status != 200}
        if bad:
            sys.exit(f"pages did not answer 200: {bad}")
        print("load …", file=sys.stderr)
        paths = dict(pages(full))
        load = {label: requests_per_second(base + paths[label], full["session"])
                for label in ("bare view (yardstick)", "dashboard", "week grid, rooms (25 per page)",
                              "week grid, all 200 rooms on one page")}
        feed_url = f"{base}/feeds/{full['feed']}/persoenlich.ics"
        started = time.perf_counter()
        status, body, headers = get(feed_url, {})  # the first: built (the cache keeps the body per version)
        built_ms = (time.perf_counter() - started) * 1000
        events = body.count(b"BEGIN:VEVENT")
        feed_ms, _, _ = median_ms(feed_url, {}, runs=7)
        not_modified_ms, not_modified, _ = median_ms(feed_url, {"If-None-Match": headers["ETag"]})
        if status != 200 or not_modified != 304:
            sys.exit(f"the feed answered {status}, its conditional GET {not_modified}")
    finally:
        server.terminate()
        server.wait(timeout=30)
    print("export …", file=sys.stderr)
    export = child("export", FULL_DB)
    report(served, small, full, small_counts, full_counts, timings, load,
           {"events": events, "ms": feed_ms, "built_ms": built_ms, "kib": len(body) / 1024, "status": status,
            "not_modified_ms": not_modified_ms, "not_modified": not_modified}, export)
    if any(small_counts[label]["queries"] != full_counts[label]["queries"] for label in small_counts):
        sys.exit("query counts differ between the small and the full data set (see the table)")
    if same := [label for label in small_counts if label not in SAME_ROWS and label.startswith("API")
                and small_counts[label]["rows"] >= full_counts[label]["rows"]]:
        sys.exit(f"these lists show no more rows in the full data set, so their equal queries prove nothing: {same}")


def report(served, small, full, small_counts, full_counts, timings, load, feed, export) -> None:
    bare_ms = timings["bare view (yardstick)"][0]
    lines = [
        "# Benchmark results", "",
        f"Measured {today():%Y-%m-%d} by `make bench` (tests/benchmarks/harness.py) on: {machine(served)}.", "",
        f"Data: full = {full['staff']:,} staff in 300 units, 200 rooms and 40 cars with {full['bookings']:,} "
        f"bookings, a year of working time (two periods a working day), two weeks of leave and a trip per "
        f"person, 30 open requests in the measuring supervisor's inbox (built in {full['build_seconds']} s); "
        f"small = {small['staff']} staff, {small['bookings']} bookings, ten days of working time, and a tenth of "
        f"the measured person's own records (tests/benchmarks/data.py).", "",
        "## Pages: queries and server time", "",
        f"Median of {RUNS} sequential requests over loopback to gunicorn (as above), signed in as a unit's "
        f"supervisor, timed by the client from sending to the last byte (a new connection each); ratio = median / "
        f"the bare view's median ({bare_ms:.1f} ms). Rows = what the page shows (an API list's results; the table "
        f"rows and list items of an HTML page), small → full: every list but reference data shows more at full "
        f"size, so equal queries mean they do not grow with the rows. CPU per request: the gunicorn workers' and "
        f"all of PostgreSQL's user and system time over the same requests (/proc, 10 ms ticks), divided by their "
        f"number; on a shared machine steadier than the time. Goal: issue 19's, as a multiple of the bare view.", "",
        "| Page | rows small → full | queries (small) | queries (full) | median ms | × bare view | "
        "CPU ms/request app + db | goal |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for label, (ms, _status, cpu) in timings.items():
        small_, full_ = small_counts[label], full_counts[label]
        same = "" if small_["queries"] == full_["queries"] else " ≠"
        goal = GOALS.get(label, API_GOAL if label.startswith("API") else None)
        lines.append(f"| {label} | {small_['rows']} → {full_['rows']} | {small_['queries']} | {full_['queries']}{same} "
                     f"| {ms:.1f} | {ms / bare_ms:.1f} | {cpu['app_ms']:.1f} + {cpu['db_ms']:.1f} "
                     f"| {verdict(ms / bare_ms, goal)} |")
    lines += ["", f"## Requests per second (wrk, 2 threads, 8 connections, {LOAD_SECONDS} s)", "",
              "| Page | requests/s | share of the bare view | goal |", "|---|---:|---:|---|"]
    bare_rps = load["bare view (yardstick)"]
    for label, rps in load.items():
        goal = LOAD_GOAL if label in ("dashboard", "week grid, rooms (25 per page)") else None
        lines.append(f"| {label} | {rps:.0f} | {rps / bare_rps:.0%} | {verdict(rps / bare_rps, goal, at_least=True)} |"
                     if rps else f"| {label} | (wrk missing) | | |")
    lines += ["", "## The booking grid: drawn, and from its cache", "",
              "The grid's cells are cached under what they show (reservations/views.py, _grid_cells): the pages "
              "above are served from the cache, as they are for everyone after the first viewer since the last "
              "change to the bookings shown. In one process through the test client, median of 7:", ""]
    lines += [f"- {label}: drawn (the cache empty) {full_counts[label]['drawn_ms']:.0f} ms, from the cache "
              f"{full_counts[label]['cached_ms']:.0f} ms" for label in full_counts if "drawn_ms" in full_counts[label]]
    export_share = export["copy_rows"] / export["csv_seconds"] / export["copy_rate"]
    not_modified = feed["not_modified_ms"] / bare_ms
    lines += ["", "## HR month export (CSV, all staff, last month)", "",
              f"- PostgreSQL `COPY … TO STDOUT` of the month's entries: {export['copy_rows']:,} rows, "
              f"{export['copy_rate']:,.0f} rows/s",
              f"- CSV export of the same entries: {export['csv_rows']:,} lines out (a line per person and day, "
              f"a sum per person) in {export['csv_seconds']:.1f} s = "
              f"{export['copy_rows'] / export['csv_seconds']:,.0f} entries/s = "
              f"{export_share:.1%} of COPY's rate ({verdict(export_share, EXPORT_GOAL, at_least=True)})",
              f"- peak Python memory while streaming: {export['peak_mib']:.1f} MiB (tracemalloc); the whole "
              f"process's peak resident size (Django loaded, one export made): {export['rss_mib']:.0f} MiB", "",
              "## Personal calendar feed", "",
              f"- {feed['events']:,} events, {feed['kib']:.0f} KiB: the first request (the body built) "
              f"{feed['built_ms']:.0f} ms, then median {feed['ms']:.1f} ms (the body from the cache, its version "
              f"read) = {feed['ms'] / bare_ms:.1f} × bare ({verdict(feed['ms'] / bare_ms, FEED_GOAL)})",
              f"- conditional GET (If-None-Match): {feed['not_modified']}, median {feed['not_modified_ms']:.1f} ms "
              f"= {not_modified:.1f} × bare ({verdict(not_modified, NOT_MODIFIED_GOAL)})",
              ""]
    text = "\n".join(lines)
    (HERE / "RESULTS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    if len(sys.argv) == 1:
        conduct()
    else:
        step, *rest = sys.argv[1:]
        result = {"build": lambda: step_build(*rest), "count": lambda: step_count(json.loads(rest[0])),
                  "export": step_export}[step]()
        print(json.dumps(result))
