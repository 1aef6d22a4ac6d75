from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LeaveConfig(AppConfig):
    name = "timekeeping.leave"
    label = "leave"
    verbose_name = _("Leave and absences")

    def ready(self) -> None:
        from directory.presence import AWAY, register_presence_provider
        from intranet.core.availability import register_absence_check

        from . import feeds, permissions, services  # noqa: F401
        from .selectors import away_today, is_on_leave

        # Approved absences: approvals go to the deputy, the address book says "abwesend".
        register_absence_check(is_on_leave)
        register_presence_provider(lambda ids, day: dict.fromkeys(away_today(ids, day), AWAY))
