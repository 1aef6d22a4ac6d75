from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TravelConfig(AppConfig):
    name = "timekeeping.travel"
    label = "travel"
    verbose_name = _("Business trips and training")

    def ready(self) -> None:
        from . import permissions, trainings, trips  # noqa: F401
