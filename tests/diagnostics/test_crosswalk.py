"""The framework file's EU DMA crosswalk: read, checked, stored, exported."""

from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from diagnostics.framework_io import FrameworkFileError, dump_framework, parse_framework
from diagnostics.models import FrameworkVersion
from diagnostics.services import framework_import, spec_checksum
from tests.conftest import DEFAULT_FRAMEWORK, SMALL_FRAMEWORK


def small_with(dma: object) -> str:
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["dma"] = dma
    return yaml.safe_dump(data, allow_unicode=True)


def errors_of(source: str) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(source)
    return caught.value.errors


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_crosswalk_is_read_as_dimension_question_weight() -> None:
    spec = parse_framework(small_with({"automation_ai": {"A1": 1, "A2": 2.5}}))
    assert spec.dma == {"automation_ai": {"A1": 1.0, "A2": 2.5}}


def test_a_file_without_a_crosswalk_has_none() -> None:
    assert parse_framework(SMALL_FRAMEWORK).dma == {}


def test_an_unknown_question_is_refused_with_its_dimension_and_code() -> None:
    errors = errors_of(small_with({"automation_ai": {"A1": 1, "Z9": 1}}))
    assert errors == ["dma.automation_ai.Z9: unknown question Z9"]


def test_an_unknown_dimension_is_refused_by_name() -> None:
    errors = errors_of(small_with({"robots": {"A1": 1}}))
    assert len(errors) == 1
    assert errors[0].startswith("dma.robots: unknown DMA dimension (known: digital_business")


def test_a_question_feeding_two_dimensions_is_refused() -> None:
    errors = errors_of(small_with({"automation_ai": {"A1": 1}, "digital_readiness": {"A1": 1}}))
    assert errors == [
        "dma.digital_readiness.A1: this question already feeds dimension automation_ai"
    ]


@pytest.mark.parametrize("weight", [0, -1, "heavy", True, 101])
def test_a_bad_weight_is_refused(weight: object) -> None:
    errors = errors_of(small_with({"automation_ai": {"A1": weight}}))
    assert errors == ["dma.automation_ai.A1: the weight must be a number above 0 and at most 100"]


def test_the_crosswalk_dumps_in_the_dma_order_and_reads_back() -> None:
    spec = parse_framework(
        small_with({"green_digitalisation": {"B1": 1}, "automation_ai": {"A1": 2}})
    )
    dumped = yaml.safe_load(dump_framework(spec))["dma"]
    assert list(dumped) == ["automation_ai", "green_digitalisation"]
    assert parse_framework(dump_framework(spec)).dma == spec.dma


def test_the_default_framework_maps_questions_to_all_six_dimensions() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    assert len(spec.dma) == 6
    assert all(len(questions) >= 6 for questions in spec.dma.values())


@pytest.mark.django_db
def test_a_file_naming_an_unknown_question_is_refused_and_nothing_stored_changes(
    tmp_path: Path,
) -> None:
    version, _created = framework_import(
        spec=parse_framework(small_with({"automation_ai": {"A1": 1}}))
    )
    path = tmp_path / "small.yaml"
    path.write_text(small_with({"automation_ai": {"A1": 1, "NOPE-1": 1}}))
    with pytest.raises(CommandError) as caught:
        run("load_framework", str(path))
    assert f"{path}:" in str(caught.value)
    assert "dma.automation_ai.NOPE-1: unknown question NOPE-1" in str(caught.value)
    version.refresh_from_db()
    assert version.dma_crosswalk == {"automation_ai": {"A1": 1.0}}
    assert FrameworkVersion.objects.count() == 1


@pytest.mark.django_db
def test_a_crosswalk_added_to_a_published_version_is_loaded_into_it(tmp_path: Path) -> None:
    version, _created = framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    checksum = version.checksum
    path = tmp_path / "small.yaml"
    path.write_text(small_with({"automation_ai": {"A1": 1}}))
    assert "already loaded" in run("load_framework", str(path))
    version.refresh_from_db()
    assert version.dma_crosswalk == {"automation_ai": {"A1": 1.0}}
    assert version.checksum == checksum == spec_checksum(parse_framework(SMALL_FRAMEWORK))


@pytest.mark.django_db
def test_export_framework_writes_the_crosswalk_back() -> None:
    run("load_framework", str(DEFAULT_FRAMEWORK))
    exported = yaml.safe_load(run("export_framework"))
    assert exported["dma"] == yaml.safe_load(DEFAULT_FRAMEWORK.read_text())["dma"]
