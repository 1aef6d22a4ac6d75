from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReservationsConfig(AppConfig):
    name = "reservations"
    verbose_name = _("Rooms and pool cars")

    def ready(self) -> None:
        from . import feeds, permissions, services  # noqa: F401  (feeds, rules, the booking request kind)
