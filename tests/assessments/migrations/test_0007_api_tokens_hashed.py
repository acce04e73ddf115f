"""The tokens made before knox (DRF's clear-text table) keep working after the migration."""

import datetime

import pytest
import importlib

from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from assessments.roles import Role
from tests.factories import UserFactory

KEY = "0123456789abcdef0123456789abcdef01234567"  # DRF's 40 hex characters
MIGRATION = importlib.import_module("assessments.migrations.0007_api_tokens_hashed")


def migrate() -> None:
    """The migration's own step, run on today's schema: migrating the whole graph backwards
    and forwards again crosses other apps' branches that SQLite cannot rebuild in between."""
    historical = MigrationLoader(connection).project_state().apps  # as a migration sees them
    with connection.schema_editor() as editor:
        MIGRATION.tokens_to_hashes(historical, editor)


def drf_token_table(*, user_id: int, created: datetime.datetime) -> None:
    """The table ``rest_framework.authtoken`` made, with one token, as main's code left it."""
    with connection.schema_editor() as editor:
        editor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) NOT NULL PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, user_id integer NOT NULL UNIQUE)"
        )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [KEY, created, user_id],
        )


@pytest.mark.django_db(transaction=True)
def test_a_token_made_before_keeps_working_stored_as_its_hash(settings, groups) -> None:
    settings.API_TOKEN_DAYS = 180
    user = UserFactory(role=Role.CONSULTANT)
    created = timezone.now() - datetime.timedelta(days=10)
    drf_token_table(user_id=user.pk, created=created)

    migrate()

    assert "authtoken_token" not in connection.introspection.table_names()
    token = AuthToken.objects.get(user=user)
    assert KEY not in {token.digest, token.token_key}
    assert token.created == created
    assert token.expiry == created + datetime.timedelta(days=180)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
    assert client.get("/api/v1/pmes/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_token_past_its_days_is_refused_as_expired_after_the_migration(settings, groups) -> None:
    settings.API_TOKEN_DAYS = 30
    user = UserFactory()
    drf_token_table(user_id=user.pk, created=timezone.now() - datetime.timedelta(days=31))

    migrate()

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {KEY}")
    refused = client.get("/api/v1/pmes/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 401
    assert "expired on" in refused.json()["detail"]


@pytest.mark.django_db(transaction=True)
def test_a_new_installation_migrates_without_the_old_table() -> None:
    migrate()
    assert not AuthToken.objects.exists()
