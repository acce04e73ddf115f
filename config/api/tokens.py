"""API tokens: how long they last, who gets a new one, and the authentication that checks
them. A token is shown once, when it is created; the database keeps only its SHA-512 hash
(django-rest-knox), so a leaked backup leaks no usable token. It lasts ``API_TOKEN_DAYS``
days from its creation."""

import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.models import AuthToken
from rest_framework.exceptions import AuthenticationFailed

# An expired token is kept this long, so that a script using it hears "expired on …"
# rather than "invalid token"; then the scheduled purge deletes it.
EXPIRED_KEPT_DAYS = 30


def token_expires_at(token: AuthToken) -> datetime.datetime:
    if token.expiry is None:  # knox allows it; we always set one
        return token.created + datetime.timedelta(days=settings.API_TOKEN_DAYS)
    return token.expiry


def token_expired(token: AuthToken) -> bool:
    return timezone.now() >= token_expires_at(token)


def token_of(user: User) -> AuthToken | None:
    """The user's token (one at most: a new one replaces the old)."""
    return AuthToken.objects.filter(user=user).order_by("-created").first()


@transaction.atomic
def token_issue(*, user: User) -> tuple[AuthToken, str]:
    """A new token for the user, and its key (shown once: only its hash is stored).
    The token they had stops working at once."""
    AuthToken.objects.filter(user=user).delete()
    token, key = AuthToken.objects.create(
        user=user, expiry=datetime.timedelta(days=settings.API_TOKEN_DAYS)
    )
    return token, key


def token_revoke(*, user: User) -> bool:
    """Whether there was a token to revoke."""
    deleted, _rows = AuthToken.objects.filter(user=user).delete()
    return bool(deleted)


def tokens_purge_expired(*, now: datetime.datetime | None = None) -> int:
    """Delete the tokens expired more than ``EXPIRED_KEPT_DAYS`` ago; how many were."""
    limit = (now or timezone.now()) - datetime.timedelta(days=EXPIRED_KEPT_DAYS)
    deleted, _rows = AuthToken.objects.filter(expiry__lt=limit).delete()
    return deleted


class ExpiringTokenAuthentication(TokenAuthentication):
    """knox's hashed tokens, under DRF's ``Authorization: Token <key>`` header; an expired
    token is refused with its date and what to do (knox would delete it silently)."""

    def authenticate_credentials(self, token: bytes) -> tuple[User, AuthToken]:
        key = token.decode("utf-8", errors="replace")
        found = AuthToken.objects.select_related("user").filter(digest=hash_token(key)).first()
        if found is None:
            raise AuthenticationFailed(_("Invalid token."))
        if token_expired(found):
            expired = formats.date_format(timezone.localtime(token_expires_at(found)))
            raise AuthenticationFailed(
                _("This token expired on %(date)s: create a new one on your “API access” page.")
                % {"date": expired}
            )
        user, auth_token = self.validate_user(found)
        return user, auth_token
