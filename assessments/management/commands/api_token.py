"""Print a new API token for a user: ``manage.py api_token USERNAME``.

Only a token's hash is stored, so an existing token cannot be printed again: each call
issues a new one, and the user's previous token stops working."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from config.api.tokens import token_issue


class Command(BaseCommand):
    help = (
        "Print a new API token for a user; their previous token stops working "
        "(only a hash is stored: an existing token cannot be shown again)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Accepted for old scripts: every call replaces the token.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user is called %(name)s.") % {"name": options["username"]})
        if not user.is_active:
            raise CommandError(
                _("%(name)s is deactivated: a token would not work.") % {"name": user.username}
            )
        _token, key = token_issue(user=user)
        self.stdout.write(key)
