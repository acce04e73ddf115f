import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from assessments.models import Company
from backups.services import backup_create
from tests.backups.conftest import empty_the_instance

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_restores_a_backup_named_in_the_backup_storage(programme: Path, backup_storage) -> None:
    name = backup_create().name
    empty_the_instance(programme)
    out = io.StringIO()

    call_command("restore", name, stdout=out)

    assert Company.objects.count() == 1
    assert "Restored the backup made at" in out.getvalue()
    assert "2 files" in out.getvalue()


def test_it_refuses_a_non_empty_instance_in_the_users_language(
    programme: Path, backup_storage
) -> None:
    path = Path(backup_storage.path(backup_create().name))

    with translation.override("fr"), pytest.raises(CommandError, match="n’est pas vide"):
        call_command("restore", str(path), stdout=io.StringIO())


def test_it_says_when_there_is_no_such_backup(db, backup_storage) -> None:
    with pytest.raises(CommandError, match="No backup found at nowhere.zip"):
        call_command("restore", "nowhere.zip", stdout=io.StringIO())
