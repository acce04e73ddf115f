"""An instance that loaded the default framework before the crosswalk existed gets it."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from diagnostics.framework_io import parse_framework
from diagnostics.models import FrameworkVersion
from diagnostics.services import framework_import
from tests.conftest import DEFAULT_FRAMEWORK, SMALL_FRAMEWORK

MIGRATION = importlib.import_module("diagnostics.migrations.0006_framework_version_dma_crosswalk")

pytestmark = pytest.mark.django_db


def migrate() -> None:
    """The migration's own step, run on today's schema (as the token migration's test does);
    it writes rows only, so it needs no schema editor."""
    historical = MigrationLoader(connection).project_state().apps
    MIGRATION.crosswalk_from_default_file(historical, None)


def test_the_loaded_default_version_gets_the_files_crosswalk() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    version, _created = framework_import(spec=spec)
    FrameworkVersion.objects.filter(pk=version.pk).update(dma_crosswalk={})  # as before 0006
    other, _created = framework_import(spec=parse_framework(SMALL_FRAMEWORK))

    migrate()

    version.refresh_from_db()
    other.refresh_from_db()
    assert version.dma_crosswalk == spec.dma
    assert len(version.dma_crosswalk) == 6
    assert other.dma_crosswalk == {}  # another framework is not touched
