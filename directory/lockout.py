"""Sign-in protection (django-axes), counted the way the directory matches names.

The directory compares user names case-insensitively and ignores surrounding spaces, so `JUERGEN.MUELLER`
and `juergen.mueller` are one account: the lockout counts them as one (AXES_USERNAME_CALLABLE). And one
address trying many names is paused too, at its own, higher limit (AXES_IP_FAILURE_LIMIT), so that guessing
a common password across the whole staff does not go unnoticed."""

from __future__ import annotations

import unicodedata
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def normalised_username(name: str | None) -> str | None:
    """The name as the directory compares it (LDAP caseIgnoreMatch: Unicode-normalised, case-folded,
    surrounding and repeated spaces insignificant)."""
    if name is None:
        return None
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def account_name(name: str | None) -> str | None:
    """The account a typed name stands for, as the lockout counts it: Active Directory takes DOMAIN\\user,
    user@domain and user for one account, so a guesser must not get a fresh count by varying the domain.
    (Two accounts differing only after an "@" share a count: a pause too many, never one too few.)"""
    name = normalised_username(name)
    if name is None:
        return None
    return name.rpartition("\\")[2].partition("@")[0] or name


def signin_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: what the lockout counts and records."""
    return account_name((credentials or {}).get("username"))


def _sum(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LockoutHandler(AxesDatabaseHandler):
    """AXES_LOCKOUT_PARAMETERS is [["username", "ip_address"], "ip_address"]: the first set has
    AXES_FAILURE_LIMIT, the second (every name from the address) AXES_IP_FAILURE_LIMIT. django-axes knows
    one limit for all sets, so the address's count is reported as reaching it only at its own limit."""

    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        per_name, per_address = (_sum(attempts) for attempts in self.get_user_attempts(request, credentials))
        if per_address >= settings.AXES_IP_FAILURE_LIMIT:
            return max(per_name, per_address, settings.AXES_FAILURE_LIMIT)
        return per_name

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful sign-in clears that name's count from that address only: signing in with one's own
        account between guesses must not clear the address's count of other names."""
        per_name = self.filter_user_attempts(request, credentials)[0]
        count, _ = per_name.delete()
        return count
