"""The intranet's own permission rules (the shared parts: administration, modules)."""

from __future__ import annotations

from intranet.permissions import rule
from intranet.roles import Role, roles_of


@rule("intranet.administer")
def can_administer(user, obj: object = None) -> bool:
    # Directory connection, role mapping, settings.
    return Role.ADMIN in roles_of(user)
