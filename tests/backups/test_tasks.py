import pytest
from django.core.files.storage import FileSystemStorage

from backups.manifest import made_at
from backups.tasks import backup_daily


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_writes_a_backup(programme, backup_storage: FileSystemStorage) -> None:
    name = backup_daily.apply().get()  # in this process, with or without a broker

    assert made_at(name) is not None
    assert backup_storage.listdir("")[1] == [name]
