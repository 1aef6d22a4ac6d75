from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HelpConfig(AppConfig):
    """The help area: what each function does and how, the start page in Leichte Sprache, and the
    place for the city's video in German Sign Language."""

    name = "intranet.help"
    label = "help"
    verbose_name = _("Help")
