"""API tokens move to django-rest-knox, which stores only their SHA-512 hash.

Each token of DRF's ``authtoken_token`` table (stored in clear) becomes a hashed knox
token: the scripts that use it keep working, until ``API_TOKEN_DAYS`` after its creation.
Then the clear-text table is dropped, and ``rest_framework.authtoken`` is no longer
installed. Irreversible on purpose: the keys cannot be recovered from their hashes.
"""

import datetime
import hashlib

from django.conf import settings
from django.db import migrations

OLD_TABLE = "authtoken_token"


def hash_key(key: str) -> str:
    # knox.crypto.hash_token with knox's default SECURE_HASH_ALGORITHM (sha512).
    return hashlib.sha512(key.encode("utf-8")).hexdigest()


def tokens_to_hashes(apps, schema_editor):
    connection = schema_editor.connection
    if OLD_TABLE not in connection.introspection.table_names():
        return  # a new installation: there never were clear-text tokens
    AuthToken = apps.get_model("knox", "AuthToken")
    table = schema_editor.quote_name(OLD_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {schema_editor.quote_name('key')}, user_id, created FROM {table}")
        rows = cursor.fetchall()
    lifetime = datetime.timedelta(days=settings.API_TOKEN_DAYS)
    for key, user_id, created in rows:
        if isinstance(created, str):  # SQLite returns text from a raw query
            created = datetime.datetime.fromisoformat(created)
        if created.tzinfo is None:
            created = created.replace(tzinfo=datetime.UTC)
        token = AuthToken.objects.create(
            digest=hash_key(key), token_key=key[:15], user_id=user_id, expiry=created + lifetime
        )
        AuthToken.objects.filter(pk=token.pk).update(created=created)  # auto_now_add
    schema_editor.execute(f"DROP TABLE {table}")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0006_answer_internal_note"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [migrations.RunPython(tokens_to_hashes, migrations.RunPython.noop)]
