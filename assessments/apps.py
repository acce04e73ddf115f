from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = _("Assessments")
    # Models defined in sub-packages still belong to this app (same tables, same migrations).
    model_modules = (
        "assessments.accompaniment.models",
        "assessments.notifications.models",
        "assessments.selfassessment.models",
    )

    def import_models(self) -> None:
        super().import_models()
        for module in self.model_modules:
            import_module(module)

    def ready(self) -> None:
        import_module("assessments.rules")  # registers the permissions ({% has_perm %})
