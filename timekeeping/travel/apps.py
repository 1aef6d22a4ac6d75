from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "timekeeping.travel"
    label = "travel"
    verbose_name = _("Business trips and training")

    def ready(self) -> None:
        from directory.presence import ON_TRIP, register_presence_provider
        from intranet.core.availability import register_absence_check

        from . import permissions, trainings, trips  # noqa: F401

        # Approved business trips: approvals go to the deputy, the address book says "auf Dienstreise".
        register_absence_check(trips.is_on_trip)
        register_presence_provider(lambda ids, day: dict.fromkeys(trips.on_trip(ids, day), ON_TRIP))
