"""Mail through a real SMTP server: delivered by the task worker, never in the request; languages, the
digest, retries, reminders and escalation; run_scheduled's jobs."""

from __future__ import annotations

import socket
import time
from datetime import datetime, timedelta
from datetime import time as clock
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from intranet.approvals.general_requests import general_request_create
from intranet.approvals.models import ApprovalStep, DigestItem, OutboxMail, StepState
from intranet.approvals.notifications import Mail, digests_send, mail_deliver, mail_enqueue, outbox_send
from intranet.approvals.workflow import approval_reminders_send, step_decide
from intranet.management.commands import run_scheduled
from tests.fixtures.net import free_port

BERLIN = ZoneInfo("Europe/Berlin")


def submit(user, subject: str = "Mobile Arbeit am Freitag"):
    return general_request_create(by=user, subject=subject, text="Bitte um Zustimmung.").approval


def test_a_request_that_sends_mail_leaves_it_to_the_worker(cast, smtp_sink, task_worker, client) -> None:
    client.force_login(cast.ada)
    response = client.post("/antraege/neu/", {"subject": "Mobile Arbeit am Freitag", "text": "Bitte."})
    assert response.status_code == 302  # the request is done, committed, and no SMTP was spoken in it
    row = OutboxMail.objects.get()
    assert row.sent_at is None and row.attempts == 0
    assert smtp_sink.messages == []
    task = DBTaskResult.objects.get()
    assert (task.task_path, task.status) == ("intranet.approvals.notifications.mail_deliver", "READY")

    task_worker()  # manage.py db_worker, as the worker process runs it
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    (mail,) = smtp_sink.wait_for(1)
    assert mail["To"] == "ben@stadt.example"
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1

    # The same task once more, long after (its claim has lapsed): a sent mail is not sent again.
    OutboxMail.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - timedelta(hours=1))
    mail_deliver.enqueue(row.pk)
    task_worker()
    time.sleep(0.2)
    assert len(smtp_sink.messages) == 1
    row.refresh_from_db()
    assert row.attempts == 1


def test_approver_gets_a_german_mail_after_commit(cast, smtp_sink, immediate_tasks,
                                                  django_capture_on_commit_callbacks) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast.ada)
    (mail,) = smtp_sink.wait_for(1)
    assert mail["To"] == "ben@stadt.example"
    assert mail["Subject"] == "Zur Entscheidung: Sonstiger Antrag von Ada Arendt: Mobile Arbeit am Freitag"
    body = mail.get_content()
    assert "Guten Tag Ben Bauer," in body
    assert f"http://127.0.0.1:8000/antraege/{request.pk}/" in body
    assert OutboxMail.objects.get().sent_at is not None


def test_mail_in_the_recipients_language(cast, smtp_sink, immediate_tasks, django_capture_on_commit_callbacks) -> None:
    cast.ben.language = "en"
    cast.ben.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast.ada)
    with django_capture_on_commit_callbacks(execute=True):
        step_decide(by=cast.ben, step_id=request.steps.get().pk, approve=False, comment="Leider nein.")
    to_ben, to_ada = smtp_sink.wait_for(2)
    assert to_ben["Subject"] == "To decide: General request from Ada Arendt: Mobile Arbeit am Freitag"
    assert "Hello Ben Bauer," in to_ben.get_content()
    assert to_ada["Subject"] == "Abgelehnt: Mobile Arbeit am Freitag"
    assert "Ihr Antrag (Sonstiger Antrag) wurde von Ben Bauer abgelehnt" in to_ada.get_content()
    assert "Leider nein." in to_ada.get_content()


def test_digest_instead_of_single_mails(cast, smtp_sink, django_capture_on_commit_callbacks) -> None:
    cast.ben.approval_mail = "digest"
    cast.ben.save()
    with django_capture_on_commit_callbacks(execute=True):
        for subject in ("Raum A", "Raum B", "Raum C"):
            submit(cast.ada, subject)
    assert smtp_sink.messages == []
    assert DigestItem.objects.filter(recipient=cast.ben, sent_at=None).count() == 3

    # Tomorrow: the digest's mail is queued as due now, so the morning must not lie before today.
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert digests_send(now=datetime.combine(tomorrow, clock(6, 30), tzinfo=BERLIN)) == 0  # before DIGEST_HOUR
    morning = datetime.combine(tomorrow, clock(7, 5), tzinfo=BERLIN)
    assert digests_send(now=morning) == 1
    outbox_send(now=morning)
    (digest,) = smtp_sink.wait_for(1)
    assert digest["To"] == "ben@stadt.example"
    # (a folded, encoded header parses with a leading blank)
    assert digest["Subject"].strip() == "Ihre tägliche Zusammenfassung: 3 neue Einträge"
    body = digest.get_content()
    assert all(room in body for room in ("Raum A", "Raum B", "Raum C"))

    # Another item later that day waits for tomorrow's digest: one digest a day.
    submit(cast.ada, "Raum D")
    assert digests_send(now=morning + timedelta(hours=3)) == 0
    assert digests_send(now=morning + timedelta(days=1)) == 1


def test_failed_send_is_kept_and_retried(cast, smtp_sink, settings, immediate_tasks,
                                         django_capture_on_commit_callbacks) -> None:
    sink_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens: the SMTP server is "down"
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=True):
        request = submit(cast.ada)  # the action itself succeeds
    request.refresh_from_db()
    assert request.state == "submitted"
    mail = OutboxMail.objects.get()
    assert (mail.sent_at, mail.attempts) == (None, 1)
    assert "ConnectionRefusedError" in mail.last_error
    assert mail.next_attempt_at > mail.created_at

    settings.EMAIL_PORT = sink_port  # the server is back
    assert outbox_send() == (0, 0)  # not due yet: back-off
    assert outbox_send(now=mail.next_attempt_at + timedelta(seconds=1)) == (1, 0)
    (received,) = smtp_sink.wait_for(1)
    assert received["To"] == "ben@stadt.example"
    mail.refresh_from_db()
    assert mail.sent_at is not None and mail.attempts == 2


def test_a_hanging_mail_server_holds_the_worker_up_once_not_per_mail(cast, smtp_sink, settings,
                                                                      task_worker) -> None:
    sink_port = settings.EMAIL_PORT
    silent = socket.socket()  # takes connections (the backlog) but never greets: a hung server
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = silent.getsockname()[1], 1
    try:
        started = time.monotonic()
        for n in range(3):  # e.g. a room closed: everyone who had booked it is told
            mail_enqueue(to=f"person{n}@stadt.example", mail=Mail("Raum gesperrt", "Leider.", ""))
        assert time.monotonic() - started < 0.5  # the action waits for no mail server at all
        assert DBTaskResult.objects.count() == 3
        task_worker()
        assert time.monotonic() - started < 2.5  # one timeout, not three: the others wait for the retry
    finally:
        silent.close()
    mails = list(OutboxMail.objects.order_by("pk"))
    assert [(m.sent_at, m.attempts) for m in mails] == [(None, 1), (None, 0), (None, 0)]  # all kept

    settings.EMAIL_PORT = sink_port  # back: the next scheduled run sends them all
    assert outbox_send(now=timezone.now() + timedelta(minutes=2)) == (3, 0)
    assert len(smtp_sink.wait_for(3)) == 3


def test_a_scheduled_run_stops_at_a_hanging_server_and_leaves_the_rest_untried(cast, settings) -> None:
    for n in range(3):  # queued for the worker, which does not run here
        mail_enqueue(to=f"person{n}@stadt.example", mail=Mail("Raum gesperrt", "Leider.", ""))
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", silent.getsockname()[1], 1
    now = timezone.now()
    try:
        started = time.monotonic()
        assert outbox_send(now=now) == (0, 1)
        assert time.monotonic() - started < 2.5  # one timeout, not three
    finally:
        silent.close()
    mails = list(OutboxMail.objects.order_by("pk"))
    assert [m.attempts for m in mails] == [1, 0, 0]
    assert all(m.next_attempt_at == now + timedelta(minutes=1) for m in mails)  # all due again in a minute


def test_a_refused_recipient_does_not_hold_back_the_other_mails(
        cast, smtp_sink, immediate_tasks, django_capture_on_commit_callbacks) -> None:
    smtp_sink.refused.add("gone@stadt.example")
    with django_capture_on_commit_callbacks(execute=True):
        for to in ("first@stadt.example", "gone@stadt.example", "third@stadt.example"):
            mail_enqueue(to=to, mail=Mail("Raum gesperrt", "Leider.", ""))
    assert sorted(m["To"] for m in smtp_sink.wait_for(2)) == ["first@stadt.example", "third@stadt.example"]
    gone = OutboxMail.objects.get(to="gone@stadt.example")
    assert (gone.sent_at, gone.attempts) == (None, 1) and "SMTPRecipientsRefused" in gone.last_error


def test_reminder_after_working_days_then_escalation(cast, settings) -> None:
    settings.APPROVAL_REMINDER_WORKING_DAYS = 3
    settings.APPROVAL_ESCALATION_WORKING_DAYS = 5
    request = submit(cast.ada)
    step = request.steps.get()
    monday = datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    ApprovalStep.objects.filter(pk=step.pk).update(opened_at=monday)

    assert approval_reminders_send(now=monday + timedelta(days=2)) == (0, 0)   # Wednesday: 2 working days
    assert approval_reminders_send(now=monday + timedelta(days=3)) == (1, 0)   # Thursday: reminded
    assert approval_reminders_send(now=monday + timedelta(days=3, hours=1)) == (0, 0)  # only once
    assert OutboxMail.objects.filter(to=cast.ben.email, subject__startswith="Erinnerung").count() == 1
    # Saturday and Sunday do not count: five working days are reached on the next Monday.
    assert approval_reminders_send(now=monday + timedelta(days=6)) == (0, 0)
    assert approval_reminders_send(now=monday + timedelta(days=7)) == (0, 1)
    step.refresh_from_db()
    assert (step.approver, step.substitute_for, step.state) == (cast.frank, cast.ben, StepState.OPEN)
    assert request.events.filter(kind="escalated").count() == 1
    step_decide(by=cast.frank, step_id=step.pk, approve=True)


def test_run_scheduled_runs_every_job(cast, smtp_sink) -> None:
    submit(cast.ada)  # its mail is queued; no worker runs: run_scheduled's outbox retry sends it
    out = StringIO()
    call_command("run_scheduled", stdout=out)
    assert "mails sent: 1" in out.getvalue()
    assert smtp_sink.wait_for(1)[0]["To"] == "ben@stadt.example"


def _broken_job() -> str:
    with connection.cursor() as cursor:  # a real database error, as a broken query would raise
        cursor.execute("SELECT * FROM intranet_no_such_table")
    return "never"


@pytest.mark.django_db(transaction=True)  # autocommit, as in production: no test transaction to break
def test_a_failing_job_is_logged_and_the_others_still_run(cast, reference_data, smtp_sink, monkeypatch,
                                                          caplog) -> None:
    monkeypatch.setattr(run_scheduled, "JOBS", [("broken job", _broken_job), *run_scheduled.JOBS])
    submit(cast.ada)
    out = StringIO()
    with pytest.raises(CommandError, match="broken job"):  # manage.py exits with status 1
        call_command("run_scheduled", stdout=out)
    assert "broken job: FAILED" in out.getvalue()
    assert "mails sent: 1" in out.getvalue()  # the jobs after it ran
    assert smtp_sink.wait_for(1)[0]["To"] == "ben@stadt.example"
    (record,) = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "broken job" in record.getMessage() and record.exc_info is not None  # with its traceback
    assert "intranet_no_such_table" in str(record.exc_info[1])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks across connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_mail_another_sender_holds_is_skipped_not_waited_for(cast, reference_data, smtp_sink) -> None:
    import threading

    row = mail_enqueue(to="ada@stadt.example", mail=Mail("Raum gesperrt", "Leider.", ""))
    locked, release = threading.Event(), threading.Event()

    def other_sender() -> None:  # e.g. run_scheduled claiming the row on its own connection
        from django.db import transaction

        try:
            with transaction.atomic():
                OutboxMail.objects.select_for_update().get(pk=row.pk)
                locked.set()
                release.wait(timeout=10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_sender)
    thread.start()
    try:
        assert locked.wait(timeout=10)
        started = time.monotonic()
        assert mail_deliver.call(row.pk) == 0  # skipped at once (SKIP LOCKED), not blocked
        assert time.monotonic() - started < 1
    finally:
        release.set()
        thread.join(timeout=10)
    assert mail_deliver.call(row.pk) == 1
    assert len(smtp_sink.wait_for(1)) == 1
