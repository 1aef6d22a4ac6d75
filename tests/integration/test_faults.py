"""Faults while the intranet is in use: PostgreSQL restarted under a running gunicorn, a full disk
for uploads. (The directory going away and SMTP being down are tested where sign-in and mail are:
tests/directory/test_ldap_signin.py and tests/intranet/test_notifications.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection

from tests.fixtures.http import call
from tests.fixtures.net import free_port
from tests.fixtures.servers import ROOT, start_gunicorn, stop
from tests.system_parts import IN_CI

PG_BIN = Path("/usr/lib/postgresql")


@dataclass
class Cluster:
    data: Path
    port: int
    bin: Path

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/intranet"

    def ctl(self, *args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", str(self.bin / "pg_ctl"), "-D", str(self.data),
                        "-w", "-t", "30", *args], check=True, capture_output=True, timeout=60)


def unavailable(why: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true: {why}")
    pytest.skip(why)


@pytest.fixture
def own_postgres() -> Iterator[Cluster]:
    """A private PostgreSQL cluster on a free port, which this test may restart without touching the
    machine's database server."""
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL faults are tested in the PostgreSQL run")
    versions = sorted(PG_BIN.glob("*/bin/initdb"), key=lambda p: float(p.parts[-3]))
    if not versions or os.geteuid() != 0:
        unavailable("a private PostgreSQL cluster needs the server binaries and root (to run them as postgres)")
    binaries = versions[-1].parent
    home = Path(tempfile.mkdtemp(prefix="pg-fault-"))
    shutil.chown(home, "postgres")
    cluster = Cluster(data=home / "data", port=free_port(), bin=binaries)
    try:
        subprocess.run(["runuser", "-u", "postgres", "--", str(binaries / "initdb"), "-D", str(cluster.data),
                        "-A", "trust", "-U", "postgres"], check=True, capture_output=True, timeout=120)
        cluster.ctl("-l", str(home / "log"), "-o", f"-p {cluster.port} -k {home} -c listen_addresses=127.0.0.1",
                    "start")
        subprocess.run([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(cluster.port), "-U", "postgres",
                        "intranet"], check=True, capture_output=True, timeout=60)
        yield cluster
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", str(binaries / "pg_ctl"), "-D", str(cluster.data),
                        "-m", "immediate", "stop"], capture_output=True, timeout=60)
        shutil.rmtree(home, ignore_errors=True)


def manage(database_url: str, *args: str) -> str:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "intranet.settings_test", "DATABASE_URL": database_url}
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_a_postgresql_restart_during_use_is_survived(own_postgres: Cluster) -> None:
    manage(own_postgres.url, "migrate", "--noinput")
    token, session = manage(own_postgres.url, "shell", "-c", (
        "from directory.models import User; from rest_framework.authtoken.models import Token; "
        "from django.contrib.sessions.backends.db import SessionStore; "
        "u = User.objects.create_user('ada', password='x', first_name='Ada', last_name='A'); "
        "s = SessionStore(); s['_auth_user_id'] = str(u.pk); "
        "s['_auth_user_backend'] = 'directory.backends.LocalAccountBackend'; "
        "s['_auth_user_hash'] = u.get_session_auth_hash(); s.create(); "
        "print(Token.objects.create(user=u).key, s.session_key)")).strip().splitlines()[-1].split()
    signed_in = {"Cookie": f"sessionid={session}", "Accept": "text/html"}
    server = start_gunicorn(workers=2, DATABASE_URL=own_postgres.url)
    try:
        me = f"{server.url}/api/v1/me/"
        assert all(call(me, token=token)[0] == 200 for _ in range(6))  # both workers hold a connection now
        assert call(f"{server.url}/", headers=signed_in)[0] == 200

        own_postgres.ctl("-m", "fast", "stop")
        started = time.monotonic()
        status, body = call(me, token=token)
        assert status == 503 and "erneut" in body["detail"]
        assert time.monotonic() - started < 10
        page_status, page = call(f"{server.url}/", timeout=15, headers=signed_in)
        assert page_status == 503 and "kurz nicht erreichbar" in page

        own_postgres.ctl("-o", f"-p {own_postgres.port} -k {own_postgres.data.parent} "
                               "-c listen_addresses=127.0.0.1", "-l", str(own_postgres.data.parent / "log"),
                         "start")
        # Every worker's old connection is dead; each replaces it on its next request.
        assert [call(me, token=token)[0] for _ in range(8)] == [200] * 8
        assert call(f"{server.url}/health/")[0] == 200
        assert call(f"{server.url}/", headers=signed_in)[0] == 200  # still signed in
    finally:
        stop(server)


@pytest.fixture
def full_disk(settings, tmp_path) -> Iterator[Path]:
    """MEDIA_ROOT on a tiny file system of its own, filled to the last byte."""
    if os.geteuid() != 0:
        unavailable("a small file system for the full-disk test needs root (mount -t tmpfs)")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(tmp_path)], capture_output=True)
    if mounted.returncode != 0:
        unavailable(f"mount -t tmpfs failed: {mounted.stderr.decode().strip()}")
    try:
        filler = os.open(tmp_path / "filler", os.O_WRONLY | os.O_CREAT)
        try:
            while os.write(filler, b"\0" * 4096):
                pass
        except OSError:  # ENOSPC: full
            pass
        finally:
            os.close(filler)
        settings.MEDIA_ROOT = tmp_path
        yield tmp_path
    finally:
        subprocess.run(["umount", "-l", str(tmp_path)], capture_output=True)


def test_an_upload_onto_a_full_disk_is_a_clear_error_and_keeps_nothing(client, cast, full_disk) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from intranet.approvals.models import ApprovalRequest
    from tests.fixtures.world import PDF

    client.force_login(cast.ada)
    response = client.post("/antraege/neu/", {
        "subject": "Mobile Arbeit am Freitag", "text": "Bitte um Genehmigung.",
        "attachment": SimpleUploadedFile("antrag.pdf", PDF * 50, content_type="application/pdf")})
    page = response.content.decode()
    assert response.status_code == 200 and "Speicherplatz des Servers voll ist" in page
    assert 'value="Mobile Arbeit am Freitag"' in page  # what was typed is still there
    assert not ApprovalRequest.objects.exists()
    assert [p.name for p in full_disk.rglob("*") if p.is_file()] == ["filler"]  # no half-written file
