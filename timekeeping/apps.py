from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimekeepingConfig(AppConfig):
    """The tables' history: migrations 0001 to 0018 created the tables that `leave`, `worktime` and
    `travel` own since the split (0019 hands them over without touching the database). Keep it
    installed, before those three, so existing installations and fresh ones migrate alike."""

    name = "timekeeping"
    verbose_name = _("Working time and absences")
