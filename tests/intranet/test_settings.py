"""Settings from the environment, and a production configuration that check --deploy accepts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k3X9!vQ2#mZp8@rL5$wN7^tB4&yH6*jD1(fG0)sA-eC_uI+oP=",
    "ALLOWED_HOSTS": "intranet.stadt.example",
    "DATABASE_URL": "postgres://intranet:secret@db.stadt.example:5432/intranet",
    "SITE_URL": "https://intranet.stadt.example",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "intranet.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=base | env, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_under_production_settings() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_without_site_url() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SITE_URL"}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "intranet.W001" in result.stderr + result.stdout


def test_production_refuses_to_start_without_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_secret_key_can_come_from_a_file(tmp_path) -> None:
    key_file = tmp_path / "key"
    key_file.write_text(PRODUCTION_ENV["SECRET_KEY"])
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"} | {"SECRET_KEY_FILE": str(key_file)}
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stderr


def test_database_url_selects_the_database() -> None:
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'])"
    sqlite = run_manage("shell", "--no-imports", "-c", code, env={"DEBUG": "true"})
    assert sqlite.stdout.startswith("django.db.backends.sqlite3"), sqlite.stderr
    postgres = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert postgres.stdout.strip() == "django.db.backends.postgresql intranet", postgres.stderr


def test_time_and_language_defaults(settings) -> None:
    assert settings.TIME_ZONE == "Europe/Berlin"
    assert settings.USE_TZ is True
    assert settings.LANGUAGE_CODE == "de"
    assert [code for code, _ in settings.LANGUAGES] == ["de", "en"]
    assert settings.HOLIDAY_STATE == "HE"


def test_production_cookies_are_secure_http_only_and_same_site() -> None:
    code = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, "
            "s.SESSION_COOKIE_SAMESITE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)")
    result = run_manage("shell", "--no-imports", "-c", code, env=PRODUCTION_ENV)
    assert result.stdout.split() == ["True", "True", "Lax", "True", "True", "True"], result.stderr


def test_the_cookies_a_sign_in_sets_are_secure_http_only_and_same_site(client, cast, settings) -> None:
    from tests.factories import PASSWORD

    # As in production (the test above): the flags must reach the Set-Cookie headers too.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    login = client.get("/accounts/login/")
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] is True and csrf["samesite"] == "Lax"
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["secure"] is True and cookie["httponly"] is True and cookie["samesite"] == "Lax"
    assert 8 * 60 * 60 - 5 <= cookie["max-age"] <= 8 * 60 * 60  # a working day from signing in


def test_content_security_policy_allows_no_inline_or_evaluated_script(client, cast) -> None:
    client.force_login(cast.ada)
    policy = client.get("/")["Content-Security-Policy"]
    directives = {name: value for name, _, value in (d.strip().partition(" ") for d in policy.split(";"))}
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'" and directives["base-uri"] == "'self'"
