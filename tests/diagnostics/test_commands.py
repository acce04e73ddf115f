from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from diagnostics.models import Axis, FrameworkVersion
from tests.conftest import DEFAULT_FRAMEWORK, SMALL_FRAMEWORK

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_load_framework_loads_the_default_file() -> None:
    output = run("load_framework", str(DEFAULT_FRAMEWORK))
    assert "loaded" in output
    assert Axis.objects.count() >= 9


def test_an_invalid_file_is_refused_whole_with_the_places(tmp_path: Path) -> None:
    data = yaml.safe_load(SMALL_FRAMEWORK)
    del data["axes"][1]["questions"][0]["levels"][4]
    data["axes"][0]["name"] = {"fr": "Axe A"}
    path = tmp_path / "broken.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CommandError) as caught:
        run("load_framework", str(path))
    message = str(caught.value)
    assert "nothing loaded" in message or "rien n" in message
    assert "axes[B].questions[B1].levels.4: missing descriptor" in message
    assert "axes[A].name.en: missing" in message
    assert FrameworkVersion.objects.count() == 0


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No such file"):
        run("load_framework", str(tmp_path / "nope.yaml"))


def test_export_framework_writes_yaml_for_the_chosen_version() -> None:
    run("load_framework", str(DEFAULT_FRAMEWORK))
    data = yaml.safe_load(run("export_framework", "--version", "2.0"))
    assert data["framework"]["version"] == "2.0"
    assert len(data["axes"]) >= 9


def test_export_framework_refuses_an_unknown_version() -> None:
    with pytest.raises(CommandError, match="No such framework version"):
        run("export_framework", "--version", "9.9")


@pytest.mark.parametrize(
    ("change", "place"),
    [
        ({"questions": [{"question": "ZZ-1", "from": 0, "to": 2}]}, "questions[0].question"),
        ({"questions": [{"question": "A1", "from": 2, "to": 2}]}, "questions[0].to"),
        ({"capex_mad": [90000, 10000]}, "capex_mad"),
        ({"sectors": ["bakery"]}, "sectors"),
        ({"size_bands": ["huge"]}, "size_bands"),
        ({"exposures": ["moon"]}, "exposures"),
    ],
)
def test_a_bad_business_case_is_refused_and_nothing_stored_changes(
    tmp_path: Path, change: dict, place: str
) -> None:
    run("load_framework", str(DEFAULT_FRAMEWORK))
    before = (FrameworkVersion.objects.count(), Axis.objects.count())
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["axes"][0]["actions"][0].update(change)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(CommandError) as caught:
        run("load_framework", str(path))
    assert f"axes[A].actions[A-X1].{place}:" in str(caught.value)
    assert (FrameworkVersion.objects.count(), Axis.objects.count()) == before
