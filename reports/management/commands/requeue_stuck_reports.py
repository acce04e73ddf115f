import datetime

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone
from django.utils.translation import gettext as _

from reports.documents.selectors import QUEUED_STALE_AFTER
from reports.documents.services import reports_requeue_stuck


class Command(BaseCommand):
    help = "Queue again the reports left queued or rendering too long (Celery beat does too)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            default=QUEUED_STALE_AFTER.total_seconds() / 60,
            help="Minutes a report may wait in the queue before it is queued again.",
        )

    def handle(self, *args: object, older_than: float, **options: object) -> None:
        # Looking from later in time treats reports waiting longer than --older-than as stuck.
        shift = QUEUED_STALE_AFTER - datetime.timedelta(minutes=older_than)
        requeued = reports_requeue_stuck(now=timezone.now() + shift)
        self.stdout.write(_("%(count)s report(s) queued again.") % {"count": len(requeued)})
