from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TimekeepingConfig(AppConfig):
    name = "timekeeping"
    verbose_name = _("Working time and absences")
