"""seed_demo: a realistic demo organisation, the same every time."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import Employment, OrgUnit, User
from directory.selectors import supervisor_of
from intranet.approvals.models import ApprovalRequest
from intranet.core.roles import Role, roles_of
from timekeeping.worktime.models import MonthClosing, TimeEntry


def snapshot() -> dict[str, list[tuple]]:
    return {
        "units": list(OrgUnit.objects.order_by("code").values_list(
            "code", "name", "kind", "parent__code", "head__username", "deputy__username")),
        "people": list(User.objects.order_by("username").values_list(
            "username", "first_name", "last_name", "email", "org_unit__code", "status_group", "personnel_number",
            "password", "is_staff", "is_superuser")),
        "groups": list(User.groups.through.objects.order_by("user__username", "group__name").values_list(
            "user__username", "group__name")),
        "employments": list(Employment.objects.order_by("user__username").values_list(
            "user__username", "valid_from", "weekly_hours", "working_weekdays")),
        "requests": list(ApprovalRequest.objects.order_by("pk").values_list(
            "kind", "requester__username", "summary", "state")),
        "time": [TimeEntry.objects.count(), *MonthClosing.objects.order_by("pk").values_list("person__username",
                                                                                                "state")],
    }


def test_seed_demo_twice_leaves_the_same_data(db) -> None:
    call_command("seed_demo", force=True, stdout=None)
    first = snapshot()
    call_command("seed_demo", force=True)
    assert snapshot() == first


def test_seed_demo_builds_a_realistic_organisation(db) -> None:
    call_command("seed_demo", force=True)
    assert OrgUnit.objects.filter(kind="dezernat").count() >= 3
    # Working time to look at: Anna's last month signed off, Mehmet's waiting for Thomas Weber.
    states = dict(MonthClosing.objects.values_list("person__username", "state"))
    assert states == {"anna.schmidt": "approved", "mehmet.yilmaz": "submitted"}
    assert TimeEntry.objects.filter(person__username="katrin.peters").exists()
    assert OrgUnit.objects.filter(parent__kind="dezernat").exists()
    assert OrgUnit.objects.filter(parent__parent__kind="dezernat").exists()
    assert User.objects.count() >= 40
    assert OrgUnit.objects.exclude(deputy=None).count() >= 5
    anna = User.objects.get(username="anna.schmidt")
    assert supervisor_of(anna).username == "thomas.weber"
    assert Role.SUPERVISOR in roles_of(User.objects.get(username="thomas.weber"))
    assert Role.HR in roles_of(User.objects.get(username="petra.hoffmann"))
    assert Role.ADMIN in roles_of(User.objects.get(username="markus.klein"))
    assert anna.check_password("demo")
    assert ApprovalRequest.objects.filter(state="submitted").count() >= 3
    assert ApprovalRequest.objects.filter(state="approved").exists()


def test_seed_demo_has_a_trip_waiting_for_its_claim(client, db) -> None:
    """Every journey can be walked on the demo: Anna's trip of last week waits for her travel-cost claim,
    and its page links to the claim form; Mehmet's coming trip waits in Thomas Weber's inbox."""
    from django.utils import timezone

    from timekeeping.travel.models import Trip

    call_command("seed_demo", force=True)
    kassel = Trip.objects.get(person__username="anna.schmidt", destination="Kassel")
    assert kassel.state == "approved" and kassel.end < timezone.now() and not hasattr(kassel, "claim")
    client.force_login(kassel.person)
    page = client.get(f"/dienstreisen/{kassel.pk}/").content.decode()
    assert f'href="/dienstreisen/{kassel.pk}/abrechnung/"' in page
    assert client.get(f"/dienstreisen/{kassel.pk}/abrechnung/").status_code == 200
    client.force_login(User.objects.get(username="thomas.weber"))
    assert "Wiesbaden" in client.get("/aufgaben/").content.decode()


def test_seed_demo_refuses_to_run_without_debug(db, settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_leaves_no_mail_to_deliver(db, mailoutbox) -> None:
    """The demo's history was announced back then: the worker of `make run` has no mail of it to print
    over the account list, while a mail of what someone does afterwards still leaves."""
    from intranet.approvals.models import OutboxMail
    from intranet.approvals.notifications import mail_enqueue, outbox_send, render_mail

    call_command("seed_demo", force=True)
    assert OutboxMail.objects.exists()
    assert not OutboxMail.objects.filter(sent_at=None).exists()
    assert outbox_send() == (0, 0)
    later = mail_enqueue(to="anna.schmidt@stadt.example", mail=render_mail("digest", {"items": []}, "de"))
    assert outbox_send() == (1, 0)
    later.refresh_from_db()
    assert later.sent_at is not None and len(mailoutbox) == 1
