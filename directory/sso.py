"""Single sign-on behind a reverse proxy that does Kerberos/Negotiate (mod_auth_gssapi, SPNEGO).

The proxy puts the authenticated principal into REMOTE_USER (or the header SSO_HEADER names).
It is trusted only when SSO_REMOTE_USER is on: otherwise anyone could send such a header.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth.backends import RemoteUserBackend
from django.contrib.auth.middleware import RemoteUserMiddleware
from django.http import HttpRequest, HttpResponse

from . import ldap
from .backends import WithRoles
from .models import User
from .sync import person_sign_in_from_directory

logger = logging.getLogger(__name__)


def strip_realm(principal: str) -> str:
    """jdoe@STADT.LOCAL -> jdoe; STADT\\jdoe -> jdoe."""
    return principal.rsplit("\\", 1)[-1].split("@", 1)[0].strip()


class SsoRemoteUserMiddleware(RemoteUserMiddleware):
    force_logout_if_no_header = False  # a session made by the password form stays valid

    def __init__(self, get_response) -> None:
        super().__init__(get_response)
        header = settings.SSO_HEADER
        self.header = header if header == "REMOTE_USER" else "HTTP_" + header.upper().replace("-", "_")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.SSO_REMOTE_USER:
            return self.get_response(request)
        return super().__call__(request)


class SsoBackend(WithRoles, RemoteUserBackend):
    """Look the principal up in the directory; only existing, enabled directory users sign in."""

    create_unknown_user = False

    def authenticate(
        self, request: HttpRequest | None, remote_user: str | None = None, **kwargs: object,
    ) -> User | None:
        if not settings.SSO_REMOTE_USER or not remote_user:
            return None
        username = strip_realm(remote_user)
        config = ldap.LdapConfig.from_settings()
        if config is None:
            user = User.objects.filter(username=username, is_active=True).first()
            return user if user and self.user_can_authenticate(user) else None
        try:
            conn = ldap.connect(config)
            try:
                person = ldap.find_person(conn, config, username)
            finally:
                conn.unbind()
        except ldap.DirectoryUnavailable as exc:
            logger.warning("Directory unavailable for single sign-on of %r: %s", username, exc)
            return None
        if person is None or person.disabled:
            return None
        user = person_sign_in_from_directory(config=config, person=person)
        return user if user is not None and self.user_can_authenticate(user) else None
