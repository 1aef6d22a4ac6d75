"""Mail to people: written into the outbox inside the caller's transaction, delivered after commit by
a task the worker runs (`manage.py db_worker`), never inside the request; retried by run_scheduled
until the SMTP server takes it. A failed send never undoes the action that caused it.

Recipients who chose the daily digest get one summary mail a day instead of one mail per item.
"""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

try:  # Django 6 has the tasks API built in
    from django.tasks import task  # type: ignore[import-untyped]  # Django 6 only: not in the 5.2 stubs
except ImportError:  # Django 5.2: the django-tasks backport, the same API
    from django_tasks import task

from directory.models import User
from intranet.core.site import absolute_url

from .models import DigestItem, OutboxMail

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, ... failed attempt; the last one repeats until the mail leaves.
RETRY_BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240)]
# How long a claimed mail is left to its sender before another run may try it (the worker and
# run_scheduled send outside the claiming transaction, so a slow SMTP server holds no database lock).
LEASE = timedelta(minutes=10)
# Refusals of one message; any other OSError (smtplib's errors are OSErrors) means the server is out of reach.
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def language_of(user: User) -> str:
    return user.language or settings.LANGUAGE_CODE


@dataclass(frozen=True)
class Mail:
    subject: str
    body: str
    calendar: str = ""  # an iCalendar file to attach (a booking's .ics), or nothing


def render_mail(template: str, context: dict[str, Any], language: str) -> Mail:
    """Render emails/<template>_subject.txt and emails/<template>.txt in the recipient's language."""
    with translation.override(language):
        subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
        body = render_to_string(f"emails/{template}.txt", context)
    return Mail(subject=" ".join(subject.split()), body=body)


def mail_enqueue(*, to: str, mail: Mail) -> OutboxMail | None:
    """Put a mail into the outbox and, once the current transaction commits, hand it to the worker."""
    if not to:
        return None
    row = OutboxMail.objects.create(to=to, subject=mail.subject, body=mail.body, calendar=mail.calendar,
                                    next_attempt_at=timezone.now())
    # robust: a queue that cannot be reached is logged, not shown to the user; the row stays due
    # and run_scheduled sends it.
    transaction.on_commit(partial(mail_deliver.enqueue, row.pk), robust=True)
    return row


@task()
def mail_deliver(mail_id: int) -> int:
    """The worker's task: send one outbox mail unless it is already sent (or claimed, or waiting for
    a retry). Returns the number sent (0 or 1); a failed send is kept in the outbox row."""
    sent, _failed = outbox_send(ids=[mail_id])
    return sent


def notify(*, recipient: User, template: str, context: dict[str, Any], link: str, digestible: bool = False,
           calendar: bytes = b"") -> None:
    """Tell a person about something, in their language; held for the digest where they chose it
    (never when it carries a calendar file, which belongs to the moment)."""
    context = {**context, "recipient": recipient, "link": absolute_url(link)}
    language = language_of(recipient)
    if digestible and not calendar and recipient.approval_mail == "digest":
        with translation.override(language):
            line = render_to_string(f"emails/{template}_subject.txt", context).strip()
        DigestItem.objects.create(recipient=recipient, line=" ".join(line.split()), link=context["link"])
        return
    mail = render_mail(template, context, language)
    mail_enqueue(to=recipient.email, mail=Mail(mail.subject, mail.body, calendar.decode()))


def outbox_send(*, ids: list[int] | None = None, limit: int = 100, now: datetime | None = None) -> tuple[int, int]:
    """Send due mails (only those of ids, if given); returns (sent, failed).

    Rows are claimed in a short transaction (SELECT ... FOR UPDATE SKIP LOCKED, then a lease on
    next_attempt_at), and sent outside it, so the worker and overlapping runs never send one mail
    twice and a slow SMTP server holds no database lock. A run that dies mid-send leaves the lease to
    expire. A mail already sent is never due again.
    """
    now = now or timezone.now()
    with transaction.atomic():
        due = OutboxMail.objects.filter(sent_at=None, next_attempt_at__lte=now)
        if ids is not None:
            due = due.filter(pk__in=ids)
        claimed = list(due.select_for_update(skip_locked=True).order_by("pk")[:limit])
        OutboxMail.objects.filter(pk__in=[row.pk for row in claimed]).update(next_attempt_at=now + LEASE)
    sent = failed = 0
    for index, row in enumerate(claimed):
        try:
            message = EmailMessage(row.subject, row.body, settings.DEFAULT_FROM_EMAIL, [row.to])
            if row.calendar:  # the content type names the file's METHOD (RFC 6047): PUBLISH or CANCEL
                method = "CANCEL" if "\nMETHOD:CANCEL" in row.calendar.replace("\r", "") else "PUBLISH"
                message.attach("termin.ics", row.calendar, f"text/calendar; charset=utf-8; method={method}")
            message.send()
        except Exception as exc:  # any SMTP or network error: keep the mail, try again later
            attempts = row.attempts + 1
            OutboxMail.objects.filter(pk=row.pk).update(
                attempts=attempts, last_error=f"{type(exc).__name__}: {exc}"[:2000],
                next_attempt_at=now + RETRY_BACKOFF[min(attempts, len(RETRY_BACKOFF)) - 1],
            )
            failed += 1
            logger.warning("Mail %s to %s not sent (attempt %s): %s", row.pk, row.to, attempts, exc)
            if isinstance(exc, OSError) and not isinstance(exc, MESSAGE_ERRORS):
                # The server is out of reach: every other due mail (this run's, and those whose tasks
                # the worker has yet to run) would only wait for the same timeout. They wait for the
                # next retry instead; mails claimed by another sender keep their lease.
                retry_at = now + RETRY_BACKOFF[0]
                OutboxMail.objects.filter(pk__in=[r.pk for r in claimed[index + 1:]]).update(next_attempt_at=retry_at)
                OutboxMail.objects.filter(sent_at=None, next_attempt_at__lte=max(now, timezone.now())).exclude(
                    pk=row.pk).update(next_attempt_at=retry_at)
                break
        else:
            OutboxMail.objects.filter(pk=row.pk).update(attempts=row.attempts + 1, sent_at=timezone.now())
            sent += 1
    return sent, failed


def digests_send(*, now: datetime | None = None) -> int:
    """Send each digest recipient one summary of the day's held items (once a local day,
    from DIGEST_HOUR on). Returns the number of digests queued."""
    now = now or timezone.now()
    local = timezone.localtime(now)
    if local.hour < settings.DIGEST_HOUR:
        return 0
    start_of_day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    already_today = DigestItem.objects.filter(sent_at__gte=start_of_day).values("recipient")
    recipients = (
        User.objects.filter(pk__in=DigestItem.objects.filter(sent_at=None).values("recipient"))
        .exclude(pk__in=already_today)
    )
    count = 0
    for recipient in recipients:
        with transaction.atomic():
            items = list(
                DigestItem.objects.select_for_update(skip_locked=True).filter(recipient=recipient, sent_at=None)
            )
            if not items:
                continue
            context = {"recipient": recipient, "items": items, "inbox_link": absolute_url("/aufgaben/")}
            mail_enqueue(to=recipient.email, mail=render_mail("digest", context, language_of(recipient)))
            DigestItem.objects.filter(pk__in=[i.pk for i in items]).update(sent_at=now)
            count += 1
    return count
