"""Where uploads are kept: the file system, with a full disk reported as the user's clear error."""

from __future__ import annotations

import errno
import os

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _


class UploadStorage(FileSystemStorage):
    """A disk (or quota) that is full stops the upload with a message instead of a 500. The service
    that saves runs in a transaction, so nothing of the request is kept either; a half-written file
    is removed."""

    def _save(self, name: str, content) -> str:
        existed = os.path.exists(self.path(name))  # then a concurrent upload owns it: never remove that
        try:
            return super()._save(name, content)  # type: ignore[misc]  # private to Django: not in the stubs
        except OSError as exc:
            if exc.errno not in (errno.ENOSPC, errno.EDQUOT):
                raise
            if not existed and os.path.exists(self.path(name)):
                os.remove(self.path(name))
            raise ValidationError({NON_FIELD_ERRORS: [_(
                "The file could not be stored because the server's storage is full. Nothing was saved; "
                "please try again later or tell the IT service desk.")]}) from exc
