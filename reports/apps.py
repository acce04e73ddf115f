from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Reports and indicators")

    def ready(self) -> None:
        for rules in ("reports.documents.rules", "reports.monitoring.rules", "reports.bank.rules"):
            import_module(rules)  # registers the permissions ({% has_perm %})
        import_module("reports.monitoring.signals").connect()
        for kinds in ("reports.documents.notifications", "reports.monitoring.notifications"):
            import_module(kinds)  # registers the kinds of e-mail (account page, sending)
