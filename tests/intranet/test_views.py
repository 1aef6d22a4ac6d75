"""The layout's pages: sign-in, dashboard, language, legal pages, error pages."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from intranet.core.modules import module_required
from tests.factories import PASSWORD


@pytest.fixture
def ada_client(client, cast):
    client.force_login(cast.ada)
    return client


def test_dashboard_requires_sign_in(client, db) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_sign_in_with_username_and_password(client, cast) -> None:
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_wrong_password_gets_a_german_message_and_keeps_the_username(client, cast) -> None:
    response = client.post("/accounts/login/", {"username": "ada", "password": "wrong"})
    assert response.status_code == 200
    assert "Benutzername oder Passwort ist falsch." in response.content.decode()  # not "please enter"
    assert "Bitte Benutzername und Passwort eingeben" not in response.content.decode()
    assert 'value="ada"' in response.content.decode()


def test_sign_out_is_post_only(ada_client) -> None:
    assert ada_client.get("/accounts/logout/").status_code == 405
    assert ada_client.post("/accounts/logout/").status_code == 302
    assert ada_client.get("/").status_code == 302


def test_dashboard_shows_unit_supervisor_and_roles(ada_client) -> None:
    response = ada_client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="de"' in page
    assert "Sachgebiet A" in page
    assert "Ben Bauer" in page
    assert "Beschäftigte" in page


def test_dashboard_shows_a_supervisor_their_team(client, cast) -> None:
    client.force_login(cast.frank)
    assert "Sie leiten 5 Personen." in client.get("/").content.decode()


def test_dashboard_queries_do_not_grow_with_the_organisation(client, cast, django_assert_max_num_queries) -> None:
    from tests.factories import make_unit, make_user

    client.force_login(cast.frank)
    # 17 for the page (the leave balance reads what was carried out), 7 for the flexitime balance (the running
    # month's sheet, a fixed number of queries).
    with django_assert_max_num_queries(24) as small:
        client.get("/")
    for _ in range(20):
        make_user(org_unit=make_unit(parent=cast.fb))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/")


def test_language_switch_is_saved_on_the_account(ada_client, cast) -> None:
    response = ada_client.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    cast.ada.refresh_from_db()
    assert cast.ada.language == "en"
    page = ada_client.get("/").content.decode()
    assert '<html lang="en"' in page
    assert "My details" in page


def test_language_switch_on_the_sign_in_page_uses_a_cookie(client, db) -> None:
    client.post("/language/", {"language": "en", "next": "/accounts/login/"})
    assert "Sign in with your usual" in client.get("/accounts/login/").content.decode()


def test_language_switch_ignores_unknown_language_and_foreign_next(ada_client, cast) -> None:
    response = ada_client.post("/language/", {"language": "xx", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    cast.ada.refresh_from_db()
    assert cast.ada.language == ""


def test_browser_language_does_not_override_german(ada_client) -> None:
    page = ada_client.get("/", headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="de"' in page


@pytest.mark.parametrize("url", ["/barrierefreiheit/", "/datenschutz/", "/accounts/login/"])
def test_public_pages_need_no_sign_in(client, db, url: str) -> None:
    assert client.get(url).status_code == 200


def test_accessibility_statement_names_a_feedback_contact(client, db, settings) -> None:
    page = client.get("/barrierefreiheit/").content.decode()
    assert f"mailto:{settings.ACCESSIBILITY_CONTACT_EMAIL}" in page
    assert "Erklärung zur Barrierefreiheit" in page


def test_404_is_inside_the_layout(ada_client) -> None:
    response = ada_client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Seite nicht gefunden" in page
    assert 'id="main"' in page


def test_csrf_failure_is_a_friendly_page(cast) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "ada", "password": PASSWORD})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Dieses Formular ist abgelaufen" in page
    assert 'href="/"' in page


def test_htmx_request_with_expired_session_redirects_the_whole_page(client, db) -> None:
    response = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith("/accounts/login/")


def test_pages_send_security_headers(ada_client) -> None:
    response = ada_client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp and "unsafe" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_health_checks_the_database(client, db) -> None:
    assert client.get("/health/").json() == {"status": "ok"}


def test_switched_off_module_does_not_exist(settings) -> None:
    @module_required("time")
    def view(request) -> HttpResponse:
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    assert view(request).status_code == 200
    settings.MODULES = ["leave"]
    from django.http import Http404

    with pytest.raises(Http404):
        view(request)


def test_module_list_is_validated(monkeypatch) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={"DJANGO_SETTINGS_MODULE": "intranet.settings", "DEBUG": "true", "MODULES": "time,teleport",
             "PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode != 0
    assert "teleport" in result.stderr


def test_admin_link_only_for_staff(client, cast) -> None:
    client.force_login(cast.ada)
    assert reverse("admin:index") not in client.get("/").content.decode()
    cast.ali.is_staff = True
    cast.ali.save()
    client.force_login(cast.ali)
    assert reverse("admin:index") in client.get("/").content.decode()


def test_500_page_is_inside_the_layout(cast, settings) -> None:
    settings.ROOT_URLCONF = "tests.intranet.urls_failing"
    client = Client(raise_request_exception=False)
    client.force_login(cast.ada)
    response = client.get("/broken/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Bei uns ist etwas schiefgegangen" in page
    assert 'id="main"' in page
    assert "RuntimeError" not in page


def test_sign_in_page_lists_demo_accounts_only_in_debug(client, db, settings) -> None:
    assert "anna.schmidt" not in client.get("/accounts/login/").content.decode()
    settings.DEBUG = True
    page = client.get("/accounts/login/").content.decode()
    assert "Demo-Zugänge" in page
    assert "anna.schmidt" in page


def test_createsuperuser_noinput_from_environment(db, monkeypatch) -> None:
    from django.core.management import call_command

    from directory.models import User

    monkeypatch.setenv("DJANGO_SUPERUSER_USERNAME", "root")
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@stadt.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-Long-passw0rd")
    call_command("createsuperuser", interactive=False, verbosity=0)
    root = User.objects.get(username="root")
    assert root.is_superuser and root.check_password("a-Long-passw0rd")


def test_dashboard_lists_the_first_tasks_with_their_action_and_todays_bookings(client, cast) -> None:
    """Where one stands, each with its action one click away: the first waiting tasks link to their
    decision, a booking of today says so."""
    from datetime import timedelta

    from django.utils import timezone

    from intranet.approvals.general_requests import general_request_create
    from reservations.services import Request, booking_create
    from tests.factories import make_resource

    first = general_request_create(by=cast.ada, subject="Mobile Arbeit am Freitag", text="Bitte.").approval
    client.force_login(cast.ben)
    html = client.get("/").content.decode()
    assert f'<a href="/antraege/{first.pk}/">Mobile Arbeit am Freitag</a>' in html
    assert "Ada Arendt, seit" in html and 'href="/aufgaben/">Alle Aufgaben, die auf Sie warten</a>' in html
    for n in range(4):
        general_request_create(by=cast.ada, subject=f"Antrag {n}", text="Bitte.")
    assert client.get("/").content.decode().count("Ada Arendt, seit") == 3  # the first three; the rest in the inbox

    room = make_resource(name="Raum 1.01")
    now = timezone.localtime()
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    if not 6 <= start.hour <= 20:  # rooms are bookable 06:00-22:00: then tomorrow morning
        start = (now + timedelta(days=1)).replace(hour=9, minute=0, second=0, microsecond=0)
    booking_create(by=cast.ben, wanted=Request(resource=room, start=start, end=start + timedelta(minutes=30),
                                               title="Abstimmung"), now=now)
    html = client.get("/").content.decode()
    end = start + timedelta(minutes=30)
    label = f"heute {start:%H:%M}–{end:%H:%M}" if start.date() == now.date() else f"{start:%d.%m. %H:%M}–{end:%H:%M}"
    assert label in html
