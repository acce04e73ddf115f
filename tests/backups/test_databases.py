"""The database part of a backup on each engine; SQLite runs in the default suite (through
test_services), PostgreSQL here, under the realstack marker (CI's PostgreSQL step)."""

import os
import zipfile
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection

from assessments.models import Company
from backups import services
from backups.databases import database_dump
from tests.backups.conftest import empty_the_instance, file_checksums, table_rows

pytestmark = pytest.mark.django_db(transaction=True)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        reason = f"needs PostgreSQL; the database is {connection.vendor}"
        if os.environ.get("REQUIRE_REALSTACK") == "1":
            pytest.fail(f"REQUIRE_REALSTACK=1 but this test {reason}")
        pytest.skip(reason)


def test_a_dump_counts_the_rows_it_holds(programme: Path, tmp_path: Path) -> None:
    dump = database_dump(target=tmp_path / "copy")

    assert dump.rows["assessments_company"] == Company.objects.count() == 1
    assert dump.rows == {table: count for table, (count, _hash) in table_rows().items()}
    assert "0001_initial" in dump.schema["diagnostics"]


@pytest.mark.realstack
def test_on_postgresql_a_restored_backup_of_the_demo_gives_the_same_rows_and_files(
    demo: Path, backup_storage
) -> None:
    require_postgresql()
    rows, files = table_rows(), file_checksums(demo)
    backup = services.backup_create()
    path = Path(backup_storage.path(backup.name))
    with zipfile.ZipFile(path) as archive:
        assert archive.getinfo("database.dump").compress_type == zipfile.ZIP_STORED
    empty_the_instance(demo)
    with connection.cursor() as cursor:  # as a newer migration would have left it
        cursor.execute("CREATE TABLE later_feature (id serial PRIMARY KEY)")

    services.backup_restore(archive=path)

    assert "later_feature" not in connection.introspection.table_names()
    assert table_rows() == rows
    assert file_checksums(demo) == files
    # The sequences follow the rows: the next company gets a fresh id.
    assert Company.objects.create(
        cluster=Company.objects.first().cluster, name="Nouvelle", ice="000000000000999"
    ).pk > max(Company.objects.exclude(name="Nouvelle").values_list("pk", flat=True))


@pytest.mark.realstack
def test_on_postgresql_a_failing_restore_leaves_the_instance_as_it_was(
    programme: Path, backup_storage
) -> None:
    require_postgresql()
    path = Path(backup_storage.path(services.backup_create().name))
    empty_the_instance(programme)
    # A type named like one of the dump's tables: its CREATE TABLE fails halfway through.
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_session")
        cursor.execute("CREATE TYPE django_session AS (key text)")
    rows = table_rows()

    with pytest.raises(ValidationError, match="could not be restored"):
        services.backup_restore(archive=path)

    assert table_rows() == rows
    assert file_checksums(programme) == {}
    with connection.cursor() as cursor:
        cursor.execute("DROP TYPE django_session")
    with connection.schema_editor() as editor:
        editor.create_model(Session)
