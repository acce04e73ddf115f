"""API tokens: their lifetime, the daily purge, and the one token a user has."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from knox.models import AuthToken

from assessments.tasks import api_tokens_purge_expired
from config.api.tokens import token_issue, token_of, tokens_purge_expired
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_token_lasts_api_token_days_from_its_creation(settings) -> None:
    settings.API_TOKEN_DAYS = 30
    token, _key = token_issue(user=UserFactory())
    lifetime = token.expiry - token.created
    assert datetime.timedelta(days=30) - lifetime < datetime.timedelta(seconds=5)


def test_a_new_token_replaces_the_users_previous_one() -> None:
    user = UserFactory()
    first, _key = token_issue(user=user)
    second, _key = token_issue(user=user)
    assert list(AuthToken.objects.filter(user=user)) == [second]
    assert token_of(user) == second
    assert first.digest != second.digest


def expired(days_ago: int) -> AuthToken:
    token, _key = token_issue(user=UserFactory())
    token.expiry = timezone.now() - datetime.timedelta(days=days_ago)
    token.save(update_fields=["expiry"])
    return token


def test_the_purge_deletes_tokens_expired_for_a_month_and_keeps_the_others() -> None:
    old = expired(days_ago=31)
    recent = expired(days_ago=2)  # still answers "expired on …" for a while
    valid, _key = token_issue(user=UserFactory())
    assert tokens_purge_expired() == 1
    assert set(AuthToken.objects.all()) == {recent, valid}
    assert not AuthToken.objects.filter(pk=old.pk).exists()


def test_beat_runs_the_purge_every_day() -> None:
    entry = django_settings.CELERY_BEAT_SCHEDULE["purge-expired-tokens"]
    assert entry["task"] == api_tokens_purge_expired.name
    expired(days_ago=40)
    assert api_tokens_purge_expired.apply().get() == 1
    assert not AuthToken.objects.exists()
