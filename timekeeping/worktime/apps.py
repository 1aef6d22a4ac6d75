from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorktimeConfig(AppConfig):
    name = "timekeeping.worktime"
    label = "worktime"
    verbose_name = _("Working time")

    def ready(self) -> None:
        from . import checks, permissions, services  # noqa: F401
