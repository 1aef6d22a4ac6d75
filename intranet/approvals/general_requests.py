"""The general request ("Sonstiger Antrag") to one's supervisor: the first kind on the workflow."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from directory.models import User
from intranet.core.uploads import SIGNATURES, validate_document

from .models import ApprovalStep, GeneralRequest
from .workflow import (
    Fact,
    RequestKind,
    approval_request_create,
    register_kind,
    request_attach_subject,
    request_submit,
    subjects_of,
)


def _general_facts(viewer: User, steps: Sequence[ApprovalStep]) -> dict[int, list[Fact]]:
    """The request's text (shortened) and its days, for the inbox: one query for the page."""
    generals = subjects_of(GeneralRequest.objects.all(), steps)
    facts: dict[int, list[Fact]] = {}
    for step in steps:
        general = generals.get(step.request_id)
        if general is None:
            continue
        lines = [Fact(gettext("Request"), Truncator(general.text).chars(300))]
        if general.date_from or general.date_to:
            days = [date_format(d, "SHORT_DATE_FORMAT") for d in (general.date_from, general.date_to) if d]
            lines.append(Fact(gettext("Period"), " – ".join(dict.fromkeys(days))))
        facts[step.pk] = lines
    return facts


KIND = register_kind(RequestKind(
    key="general",
    label=_("General request"),
    levels=lambda request: ["supervisor"],
    detail_template="intranet/_general_request_detail.html",
    inbox_facts=_general_facts,
))


@transaction.atomic
def general_request_create(
    *, by: User, subject: str, text: str, date_from: date | None = None, date_to: date | None = None,
    attachment: UploadedFile | None = None,
) -> GeneralRequest:
    """Create and submit a general request to the requester's supervisor."""
    errors: dict[str, list[str]] = {}
    if not subject.strip():
        errors.setdefault("subject", []).append(_("Please enter a subject."))
    if not text.strip():
        errors.setdefault("text", []).append(_("Please describe your request."))
    if date_from and date_to and date_to < date_from:
        errors.setdefault("date_to", []).append(_("The end date lies before the start date."))
    if attachment is not None:
        try:
            content_type = validate_document(attachment)
        except ValidationError as exc:
            errors.setdefault("attachment", []).extend(exc.messages)
        else:
            # A random name: the stored file never reveals, or trusts, what the user called it.
            extension = {ctype: label.lower() for ctype, label in SIGNATURES.values()}[content_type]
            attachment.name = f"{get_random_string(24)}.{extension.replace('jpeg', 'jpg')}"
    if errors:
        raise ValidationError(errors)

    approval = approval_request_create(requester=by, kind=KIND.key, summary=subject.strip(), submit=False)
    general = GeneralRequest(
        requester=by, subject=subject.strip(), text=text.strip(), date_from=date_from, date_to=date_to,
        approval=approval,
    )
    if attachment is not None:
        general.attachment = attachment
    general.full_clean()
    general.save()
    request_attach_subject(approval, general)

    general.approval = request_submit(by=by, request_id=approval.pk)
    return general


def attachment_filename(general: GeneralRequest) -> str:
    return f"Anlage-{general.approval_id}{os.path.splitext(general.attachment.name)[1]}"
