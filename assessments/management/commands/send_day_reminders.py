import datetime

from django.core.management.base import BaseCommand, CommandParser

from assessments.notifications.services import day_reminders_send


class Command(BaseCommand):
    help = (
        "Send the reminders of tomorrow's days of accompaniment, with their calendar "
        "invitation (what beat's day-reminders entry does). A day already reminded is not "
        "reminded again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=datetime.date.fromisoformat,
            help="remind the days after this date (YYYY-MM-DD) instead of today",
        )

    def handle(self, *args: object, **options: object) -> None:
        today = options["today"]
        assert today is None or isinstance(today, datetime.date)
        days = day_reminders_send(today=today)
        self.stdout.write(f"{days} day(s) reminded")
