import io
from pathlib import Path

import pytest
from django.core.management import call_command

from backups.manifest import made_at

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_writes_a_backup_and_says_where(programme: Path, backup_storage) -> None:
    out = io.StringIO()
    call_command("backup", stdout=out)

    [name] = backup_storage.listdir("")[1]
    assert made_at(name) is not None
    assert f"Backup written: {name}" in out.getvalue()
    assert "2 files" in out.getvalue()


def test_it_writes_to_another_directory(programme: Path, backup_storage, tmp_path: Path) -> None:
    call_command("backup", "--to", str(tmp_path / "usb"), stdout=io.StringIO())

    assert len(list((tmp_path / "usb").glob("maturite40-backup-*.zip"))) == 1
    assert not Path(backup_storage.location).exists()
