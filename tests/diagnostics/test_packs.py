"""Sector packs: the shipped files, loading and exporting them, and every refusal."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command

from diagnostics.codes import Sector
from diagnostics.framework_io import FrameworkFileError
from diagnostics.models import Action, Axis, FrameworkVersion, Question
from diagnostics.packs import dump_pack, parse_pack
from diagnostics.selectors import framework_version_latest, framework_versions_published, packs_for
from diagnostics.services import PACKS_DIR, packs_import_shipped

SHIPPED = sorted(PACKS_DIR.glob("*.yaml"))
AGRIFOOD = PACKS_DIR / "agrifood.yaml"


def _text(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


def _question(code: str) -> dict:
    return {
        "code": code,
        "text": _text(f"Question {code} ?", f"Question {code}?"),
        "levels": {n: _text(f"{code} niveau {n}", f"{code} level {n}") for n in range(6)},
    }


def pack_source(**changes: object) -> dict[str, Any]:
    """A small valid pack extending the default framework; ``changes`` edit its parts."""
    pack: dict[str, Any] = {
        "pack": {
            "code": "pack-test",
            "version": "1.0",
            "name": _text("Pack d'essai", "Test pack"),
            "sectors": ["agrifood"],
            "extends": {"framework": "maturite-pme-industrie-4-0", "version": "2.0"},
        },
        "axes": [
            {
                "code": "TEST",
                "name": _text("Axe d'essai", "Test axis"),
                "questions": [_question("TEST-01"), _question("TEST-02")],
                "actions": [
                    {
                        "code": "TEST-A1",
                        "title": _text("Action", "Action"),
                        "target_level": 2,
                        "effort_half_days": 1,
                        "impact": 3,
                        "questions": [{"question": "TEST-01", "from": 0, "to": 2}],
                    }
                ],
            }
        ],
    }
    for key, value in changes.items():
        if key in pack["pack"]:
            pack["pack"][key] = value
        else:
            pack["axes"][0][key] = value
    return pack


def write(tmp_path: Path, data: dict, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def stored() -> tuple[int, int, int, int]:
    return (
        FrameworkVersion.objects.count(),
        Axis.objects.count(),
        Question.objects.count(),
        Action.objects.count(),
    )


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_each_shipped_pack_reads_with_four_questions_at_least(path: Path) -> None:
    spec = parse_pack(path.read_bytes())
    questions = [q for axis in spec.axes for q in axis.questions]
    assert len(questions) >= 4
    assert set(spec.sectors) <= set(Sector.values)
    assert spec.name.ar
    assert all(axis.name.ar for axis in spec.axes)
    for question in questions:
        assert sorted(question.levels) == [0, 1, 2, 3, 4, 5]
        assert all(t.fr and t.en and t.ar for t in question.levels.values()), question.code
        assert question.text.ar, question.code
        assert question.help.ar, question.code


def test_the_shipped_packs_cover_the_sectors_the_issue_names() -> None:
    sectors = {s for path in SHIPPED for s in parse_pack(path.read_bytes()).sectors}
    assert {"aeronautics", "agrifood", "electronics", "mechatronics", "metalworking"} <= sectors


def test_loading_the_shipped_packs_twice_changes_nothing(default_version) -> None:
    packs = packs_import_shipped(version=default_version)
    assert len(packs) == len(SHIPPED)
    before = stored()
    assert packs_import_shipped(version=default_version) == packs
    assert stored() == before
    assert {p.extends for p in packs} == {default_version}


def test_a_pack_is_never_a_version_to_start_a_diagnostic_on(default_version) -> None:
    packs_import_shipped(version=default_version)
    assert framework_version_latest() == default_version
    assert list(framework_versions_published()) == [default_version]


def test_packs_for_picks_the_packs_of_the_pmes_sector(default_version) -> None:
    packs_import_shipped(version=default_version)
    assert [p.framework.code for p in packs_for(default_version, "agrifood")] == [
        "pack-agroalimentaire"
    ]
    assert [p.framework.code for p in packs_for(default_version, "metalworking")] == [
        "pack-machines-outillage"
    ]
    assert packs_for(default_version, "other") == []


def test_load_framework_loads_a_pack_and_export_gives_it_back(default_version, capsys) -> None:
    call_command("load_framework", str(AGRIFOOD))
    assert "pack-agroalimentaire v1.0: loaded" in capsys.readouterr().out
    call_command("export_framework", framework="pack-agroalimentaire")
    exported = capsys.readouterr().out
    assert dump_pack(parse_pack(exported)) == dump_pack(parse_pack(AGRIFOOD.read_bytes()))
    # The core framework's export is unchanged by the pack and remains the default.
    call_command("export_framework")
    assert "AGRO-01" not in capsys.readouterr().out


def test_a_pack_reloaded_with_other_content_under_its_version_is_refused(
    default_version, tmp_path
) -> None:
    call_command("load_framework", str(write(tmp_path, pack_source())))
    before = stored()
    changed = pack_source(name=_text("Autre nom", "Another name"))
    with pytest.raises(CommandError, match="already exists with other content"):
        call_command("load_framework", str(write(tmp_path, changed)))
    assert stored() == before


def test_a_second_version_of_a_pack_on_the_same_core_version_is_refused(
    default_version, tmp_path
) -> None:
    call_command("load_framework", str(write(tmp_path, pack_source())))
    before = stored()
    with pytest.raises(CommandError, match="already carries version 1.0 of pack pack-test"):
        call_command("load_framework", str(write(tmp_path, pack_source(version="1.1"))))
    assert stored() == before


@pytest.mark.parametrize(
    ("changes", "place", "message"),
    [
        ({"sectors": ["agrifood", "shipbuilding"]}, "pack.sectors", "unknown sector shipbuilding"),
        ({"sectors": []}, "pack.sectors", "at least one sector"),
        (
            {"extends": {"framework": "maturite-pme-industrie-4-0", "version": "9.9"}},
            "pack.extends",
            "unknown framework version maturite-pme-industrie-4-0 9.9",
        ),
        (
            {"questions": [_question("TEST-01"), _question("TEST-01")]},
            "questions[TEST-01]",
            "used twice",
        ),
        (
            {"questions": [_question("TEST-01"), _question("STRAT-01")]},
            "axes[TEST].questions[STRAT-01]",
            "the core framework's",
        ),
        (
            {
                "actions": [
                    {
                        "code": "TEST-A1",
                        "title": _text("Action", "Action"),
                        "target_level": 2,
                        "effort_half_days": 1,
                        "impact": 3,
                        "questions": [{"question": "TEST-99", "from": 0, "to": 2}],
                    }
                ]
            },
            "axes[TEST].actions[TEST-A1].questions[0].question",
            "unknown question TEST-99",
        ),
    ],
    ids=["unknown-sector", "no-sector", "unknown-core", "duplicate", "core-code", "action"],
)
def test_a_bad_pack_is_refused_naming_file_and_place_and_nothing_changes(
    default_version, tmp_path, changes, place, message
) -> None:
    packs_import_shipped(version=default_version)
    before = stored()
    path = write(tmp_path, pack_source(**changes), name="bad-pack.yaml")
    with pytest.raises(CommandError) as refused:
        call_command("load_framework", str(path))
    text = str(refused.value)
    assert "bad-pack.yaml" in text
    assert f"{place}: " in text
    assert message in text
    assert "nothing loaded" in text
    assert stored() == before


def test_parse_pack_lists_every_problem_at_once() -> None:
    source = yaml.safe_dump(pack_source(sectors=["nowhere"], questions=[_question("X")] * 2))
    with pytest.raises(FrameworkFileError) as refused:
        parse_pack(source)
    assert len(refused.value.errors) >= 2
