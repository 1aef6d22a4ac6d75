from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "directory"
    verbose_name = _("People and organisation")

    def ready(self) -> None:
        from intranet.core.roles import register_supervisor_check

        from . import permissions  # noqa: F401  (registers the directory's rules)
        from .selectors import leads_a_unit

        register_supervisor_check(leads_a_unit)  # heading or deputizing a unit makes a supervisor
