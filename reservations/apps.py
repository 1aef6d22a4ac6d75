from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ReservationsConfig(AppConfig):
    name = "reservations"
    verbose_name = _("Rooms and pool cars")

    def ready(self) -> None:
        from . import feeds, permissions, services  # noqa: F401  (feeds, rules, the booking request kind)
        from .db_guard import ensure_sqlite_triggers

        post_migrate.connect(ensure_sqlite_triggers, sender=self)
