"""An installation of the code before the house was rebuilt upgrades without losing a row.

The database is built by that code itself (its migrations, its demo data and, on PostgreSQL, the benchmark's
small data set), in a checkout of the last commit before the split of timekeeping
and of intranet; today's code then migrates it.
Every table keeps every row; only Django's own bookkeeping changes: new migrations are recorded, the
content types of the moved models name their new apps (same ids, so granted permissions and approval
subjects stay), and tables or permissions of apps added since may appear."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BEFORE_THE_SPLIT = "1ce900ba34425f035f61e630a9b8603014efb00b"  # the last commit before timekeeping became three apps
MOVED = {  # model -> its app since the split (the tables keep their timekeeping_ names)
    **dict.fromkeys(["leavetype", "leaveruleset", "leavebucket", "leaverequest", "leavededuction", "expirynotice",
                     "localdayoff"], "leave"),
    **dict.fromkeys(["worktimeruleset", "timeentry", "daycredit", "monthclosing", "timecorrection"], "worktime"),
    **dict.fromkeys(["travelruleset", "trip", "tripclaim", "receipt", "training", "trainingbudget"], "travel"),
}
MOVED_FROM_INTRANET = {  # the tables keep their intranet_ names
    **dict.fromkeys(["approvalrequest", "approvalstep", "approvalevent", "generalrequest", "outboxmail", "digestitem"],
                    "approvals"),
    "feedtoken": "directory",
}
GROWS = {"django_migrations", "django_content_type", "auth_permission"}  # Django's bookkeeping may add rows
POSTGRES = os.environ.get("UPGRADE_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres")

BUILD = """
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
call_command("seed_demo", verbosity=0)
from django.db import connection
if connection.vendor == "postgresql":  # the builder writes a year of working time in PostgreSQL's SQL
    from tests.benchmarks.data import SMALL, build
    build(SMALL)
"""


def run(code: Path, database_url: str, script: str, media: Path) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(code), "MEDIA_ROOT": str(media),
           "DJANGO_SETTINGS_MODULE": "tests.benchmarks.settings", "DEBUG": "true"}
    done = subprocess.run([sys.executable, "-c", script], cwd=code, env=env, capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]


def old_code(into: Path) -> Path:
    if not (REPO / ".git").exists():
        pytest.fail("the upgrade test needs the repository's history (a git clone, not an export)")
    archive = subprocess.run(["git", "-C", str(REPO), "archive", BEFORE_THE_SPLIT], capture_output=True, check=True)
    into.mkdir()
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into


def snapshot(database_url: str) -> dict[str, list[tuple]]:
    """Every table's rows, sorted, read with the database's own driver (not through Django's models)."""
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            tables = [name for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
            return {table: sorted(db.execute(f'SELECT * FROM "{table}"'), key=repr) for table in tables}
    import psycopg

    with psycopg.connect(database_url) as db:
        tables = [name for (name,) in db.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")]
        return {table: sorted(db.execute(f'SELECT * FROM "{table}"').fetchall(), key=repr) for table in tables}


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    import psycopg

    name = f"upgrade_{uuid.uuid4().hex[:10]}"
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True)
    except psycopg.OperationalError:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"no PostgreSQL at {POSTGRES}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield POSTGRES.rsplit("/", 1)[0] + f"/{name}"
    finally:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.close()


def test_an_installation_of_the_code_before_the_split_upgrades_keeping_every_row(database_url, tmp_path) -> None:
    run(old_code(tmp_path / "before"), database_url, BUILD, tmp_path / "media")
    before = snapshot(database_url)
    run(REPO, database_url, "import django\ndjango.setup()\nfrom django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)", tmp_path / "media")
    after = snapshot(database_url)

    rows = {table: len(found) for table, found in before.items()}
    assert rows["timekeeping_leaverequest"] and rows["timekeeping_timeentry"] and rows["timekeeping_trip"]
    assert rows["reservations_booking"] and rows["intranet_approvalrequest"]
    assert set(before) <= set(after), f"tables lost: {set(before) - set(after)}"
    changed = [table for table in before if table not in GROWS and before[table] != after[table]]
    assert not changed, f"rows changed in {changed}"

    # Content types: the same ids, the moved models under their new app label, nothing else renamed.
    columns = ("id", "app_label", "model")
    old_types = {row[0]: row for row in before["django_content_type"]}
    new_types = {row[0]: row for row in after["django_content_type"]}
    moved = {"timekeeping": MOVED, "intranet": MOVED_FROM_INTRANET}
    expected = {id_: (id_, moved.get(label, {}).get(model, label), model) for id_, label, model in old_types.values()}
    assert {id_: new_types[id_] for id_ in expected} == expected, columns
    assert not [row for row in new_types.values() if row[1] == "timekeeping" or (row[2] in MOVED_FROM_INTRANET
                and row[1] != MOVED_FROM_INTRANET[row[2]])]
    assert set(before["auth_permission"]) <= set(after["auth_permission"])  # every permission, same id and type
    assert {row[1:] for row in before["django_migrations"]} <= {row[1:] for row in after["django_migrations"]}
    print(f"upgrade on {database_url.split(':')[0]}: {len(before)} tables, {sum(rows.values())} rows kept; "
          + ", ".join(f"{t} {n}" for t, n in sorted(rows.items()) if t.startswith("timekeeping_")))
