from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.demo import DEMO_PASSWORD, demo_load
from diagnostics.selectors import framework_version_latest

DEMO_MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}


class Command(BaseCommand):
    help = (
        "Create the fictitious demo cohort (3 clusters, 15 PMEs). Running it again changes nothing."
    )

    def handle(self, *args: object, **options: object) -> None:
        version = framework_version_latest()
        if version is None:
            raise CommandError(
                _("Load a framework first: %(command)s")
                % {"command": "manage.py load_framework diagnostics/frameworks/default.yaml"}
            )
        # The demo's e-mail addresses are invented: keep its notifications in memory.
        with override_settings(MAILERS=DEMO_MAILERS):
            logins = demo_load(version=version, today=timezone.localdate())
        self.stdout.write(
            _("Demo cohort ready. Every demo account's password: %(password)s")
            % {"password": DEMO_PASSWORD}
        )
        for role, usernames in logins.items():
            self.stdout.write(f"  {role:<14} {', '.join(usernames)}")
