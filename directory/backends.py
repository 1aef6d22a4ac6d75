"""Sign-in: directory accounts through an LDAP bind, local accounts (the demo, the emergency
administrator) through Django's own password check."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from intranet.core.roles import with_roles

from . import ldap
from .models import User
from .sync import person_sign_in_from_directory

logger = logging.getLogger(__name__)


class WithRoles:
    """The session's user is loaded with their roles (intranet.core.roles.with_roles): one query for both
    on every request, where reading the roles afterwards took two more."""

    def get_user(self, user_id: Any) -> User | None:
        try:  # get(), not first(): no ORDER BY (the model's ordering) for the one row
            user = with_roles(User._default_manager.all()).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


class DirectoryBackend(WithRoles, ModelBackend):
    """Bind as the user against the directory; refresh their profile and roles on success.

    When the directory cannot be reached, sign-in fails with request.directory_unavailable set,
    so the form can say so (and a local emergency administrator can still sign in).
    """

    def authenticate(self, request: HttpRequest | None, username: str | None = None, password: str | None = None,
                     **kwargs: Any) -> User | None:
        config = ldap.LdapConfig.from_settings()
        if config is None or not username or not password:
            return None
        try:
            person = ldap.authenticate(config, username, password)
        except ldap.DirectoryUnavailable as exc:
            logger.warning("Directory unavailable at sign-in of %r: %s", username, exc)
            if request is not None:
                request.directory_unavailable = True
            return None
        except ldap.AccountCannotSignIn as exc:  # right password, but AD wants something else first
            if request is not None:
                request.directory_account_problem = exc.reason
            return None
        if person is None:
            return None
        user = person_sign_in_from_directory(config=config, person=person)
        return user if user is not None and self.user_can_authenticate(user) else None


class LocalAccountBackend(WithRoles, ModelBackend):
    """Local passwords. With a directory configured, only accounts the directory does not manage
    (e.g. the emergency administrator) may use one: a directory user's old local password never counts."""

    def user_can_authenticate(self, user: User) -> bool:
        if ldap.LdapConfig.from_settings() is not None and user.is_directory_account:
            return False
        return super().user_can_authenticate(user)
