"""Checks for uploaded files: size and real content type (by the file's first bytes, not its name)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Signature -> (content type, label)
SIGNATURES = {
    b"%PDF-": ("application/pdf", "PDF"),
    b"\x89PNG\r\n\x1a\n": ("image/png", "PNG"),
    b"\xff\xd8\xff": ("image/jpeg", "JPEG"),
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return next((ctype for sig, (ctype, _label) in SIGNATURES.items() if head.startswith(sig)), None)


def validate_document(upload: UploadedFile) -> str:
    """Raise ValidationError unless the upload is a PDF, PNG or JPEG within UPLOAD_MAX_BYTES; return its type."""
    if upload.size > settings.UPLOAD_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); at most %(max)s are allowed.")
            % {"size": filesizeformat(upload.size or 0), "max": filesizeformat(settings.UPLOAD_MAX_BYTES)}
        )
    content_type = sniff_content_type(upload)
    if content_type is None:
        raise ValidationError(_("Only PDF, PNG and JPEG files can be attached."))
    return content_type
