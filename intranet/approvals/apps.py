from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApprovalsConfig(AppConfig):
    name = "intranet.approvals"
    label = "approvals"
    verbose_name = _("Requests and approvals")

    def ready(self) -> None:
        from . import general_requests, rules  # noqa: F401  (register the general request and the rules)
