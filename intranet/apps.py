from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntranetConfig(AppConfig):
    """The project: its checks and commands, the role groups' migrations, and the history of the tables
    the approvals app owns since the split (migration 0006 hands them over without touching the database)."""

    name = "intranet"
    verbose_name = _("Intranet")

    def ready(self) -> None:
        from django.contrib import admin
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (register the start-up checks)
        from .core.session import renew_on_sign_in

        user_logged_in.connect(renew_on_sign_in, dispatch_uid="intranet.session_renew")
        # The admin names the intranet, not "Django" (its default header reads "Django-Verwaltung").
        admin.site.site_header = admin.site.site_title = _("Intranet administration")
        admin.site.index_title = _("Settings and records")
