from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from directory import ldap
from directory.sync import directory_sync


class Command(BaseCommand):
    help = "Import people and org units from the directory; deactivate who left or was disabled."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Count what would change, change nothing.")

    def handle(self, *args: Any, dry_run: bool = False, **options: Any) -> None:
        config = ldap.LdapConfig.from_settings()
        if config is None:
            raise CommandError("LDAP_SERVER_URI is not set: there is no directory to sync from.")
        started = time.monotonic()
        try:
            conn = ldap.connect(config)
        except ldap.ServiceBindRefused as exc:
            raise CommandError(
                f"The directory refused the service account's bind ({config.bind_dn}): check LDAP_BIND_DN and "
                f"LDAP_BIND_PASSWORD. Nothing was changed. ({exc})") from exc
        except ldap.DirectoryUnavailable as exc:
            raise CommandError(f"Cannot reach the directory: {exc}") from exc
        try:
            result = directory_sync(conn=conn, config=config, dry_run=dry_run)
        except ldap.DirectoryUnavailable as exc:
            raise CommandError(f"The directory stopped answering; nothing was changed: {exc}") from exc
        finally:
            conn.unbind()
        prefix = "Dry run, nothing changed: would have " if dry_run else ""
        self.stdout.write(
            f"{prefix}created {result.created}, updated {result.updated}, unchanged {result.unchanged}, "
            f"deactivated {result.deactivated}, new org units {result.units_created} "
            f"({time.monotonic() - started:.1f} s)."
        )
        for role in result.skipped_roles:
            self.stderr.write(f"Role group for {role!r} not found in the directory: that role was left as it is.")
