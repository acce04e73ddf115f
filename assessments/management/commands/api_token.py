"""Print a user's API token, creating it if needed or expired: ``manage.py api_token USERNAME``."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from config.api.tokens import token_expired, token_issue


class Command(BaseCommand):
    help = (
        "Print the API token of a user (created on first use or when expired); --reset replaces it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--reset", action="store_true", help="Revoke the current token and issue a new one."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("No user is called %(name)s.") % {"name": options["username"]})
        if not user.is_active:
            raise CommandError(
                _("%(name)s is deactivated: a token would not work.") % {"name": user.username}
            )
        token = Token.objects.filter(user=user).first()
        if options["reset"] or token is None or token_expired(token):
            token = token_issue(user=user)
        self.stdout.write(token.key)
