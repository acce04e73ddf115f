"""API tokens: how long they last, who gets a new one, and the authentication that checks
their age. A token is shown once, when it is created; it lasts ``API_TOKEN_DAYS`` days."""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(days=settings.API_TOKEN_DAYS)


def token_expired(token: Token) -> bool:
    return timezone.now() >= token_expires_at(token)


@transaction.atomic
def token_issue(*, user: User) -> Token:
    """A new token for the user; the one they had stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user: User) -> bool:
    """Whether there was a token to revoke."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    return bool(deleted)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing a token older than ``API_TOKEN_DAYS``."""

    def authenticate_credentials(self, key: str) -> tuple[User, Token]:
        user, token = super().authenticate_credentials(key)
        if token_expired(token):
            expired = formats.date_format(timezone.localtime(token_expires_at(token)))
            raise AuthenticationFailed(
                _("This token expired on %(date)s: create a new one on your “API access” page.")
                % {"date": expired}
            )
        return user, token
