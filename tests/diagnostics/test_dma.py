"""The EU DMA reading (diagnostics/dma.py): pure, no database."""

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from diagnostics.dma import DIMENSIONS, dimension_score, dma_score, reading, shown

ROOT = Path(__file__).resolve().parents[2]
CROSSWALK = {"digital_business_strategy": {"S1": 1.0, "S2": 3.0}, "automation_ai": {"A1": 1.0}}

levels_st = st.dictionaries(
    st.sampled_from(["S1", "S2", "A1"]), st.one_of(st.none(), st.integers(0, 5))
)


def test_a_level_reads_as_twenty_points_each() -> None:
    assert [reading(level) for level in range(6)] == [0, 20, 40, 60, 80, 100]
    with pytest.raises(ValueError, match="outside"):
        reading(6)


def test_a_dimension_is_the_weighted_mean_of_its_answered_questions() -> None:
    result = dimension_score("d", {"S1": 1, "S2": 3}, {"S1": 1, "S2": 5})
    assert result.score == (20 + 3 * 100) / 4
    assert (result.answered, result.mapped) == (2, 2)


def test_not_applicable_and_unanswered_questions_are_left_out() -> None:
    result = dimension_score("d", {"S1": 1, "S2": 3, "S3": 1}, {"S1": 2, "S2": None})
    assert result.score == 40
    assert result.answered == 1


def test_a_dimension_with_no_answer_is_not_covered_rather_than_zero() -> None:
    result = dma_score(CROSSWALK, {"S1": None, "S2": 2})
    automation = next(d for d in result.dimensions if d.dimension == "automation_ai")
    assert automation.score is None
    assert not automation.covered
    assert result.overall == 40  # the covered dimension only, not (40 + 0) / 2
    assert (result.covered, result.complete) == (1, False)


def test_the_overall_is_the_plain_mean_of_the_covered_dimensions() -> None:
    result = dma_score(CROSSWALK, {"S1": 5, "S2": 5, "A1": 0})
    assert result.overall == 50
    assert [d.dimension for d in result.dimensions] == list(DIMENSIONS)


def test_nothing_answered_has_no_overall() -> None:
    assert dma_score(CROSSWALK, {}).overall is None


def test_scores_show_as_whole_numbers_rounded_half_up_once() -> None:
    assert shown(62.5) == 63
    assert shown(100 / 3) == 33
    assert shown(62.49999999999999) == 63  # a float sum's noise is not a rounding down
    assert shown(None) is None


@given(levels_st)
def test_every_score_stays_between_0_and_100(levels: dict[str, int | None]) -> None:
    result = dma_score(CROSSWALK, levels)
    scores = [d.score for d in result.dimensions if d.score is not None]
    assert all(0 <= s <= 100 for s in scores)
    if result.overall is not None:
        assert min(scores) <= result.overall <= max(scores)


@given(levels_st, st.sampled_from(["S1", "S2", "A1"]))
def test_raising_one_level_never_lowers_a_score(
    levels: dict[str, int | None], question: str
) -> None:
    level = levels.get(question)
    if level is None or level == 5:
        return
    before = dma_score(CROSSWALK, levels)
    after = dma_score(CROSSWALK, {**levels, question: level + 1})
    for b, a in zip(before.dimensions, after.dimensions, strict=True):
        assert b.score is None or a.score >= b.score  # type: ignore[operator]
    assert after.overall >= before.overall  # type: ignore[operator]


@given(levels_st)
def test_coverage_follows_the_answers(levels: dict[str, int | None]) -> None:
    result = dma_score(CROSSWALK, levels)
    for d in result.dimensions:
        assert d.covered == (d.answered > 0)


def _worked_example() -> tuple[dict[str, int | None], dict[str, str], str]:
    doc = (ROOT / "docs" / "dma.md").read_text()
    section = doc.split("## Worked example", 1)[1]
    answers = yaml.safe_load(re.search(r"```yaml\n(.*?)```", section, re.S).group(1))  # type: ignore[union-attr]
    rows = dict(re.findall(r"^\| ([A-Z][^|*]+?) \| \d+ of \d+ \| ([^|]+?) \|$", section, re.M))
    overall = re.search(r"\*\*DMA overall\*\* \| .*? \| \*\*(\d+)\*\*", section).group(1)  # type: ignore[union-attr]
    return answers, rows, overall


def test_the_documented_worked_example_recomputes() -> None:
    framework = yaml.safe_load((ROOT / "diagnostics" / "frameworks" / "default.yaml").read_text())
    asked = {q["code"] for a in framework["axes"] for q in a["questions"] if not q.get("sectors")}
    crosswalk = {
        d: {code: w for code, w in weights.items() if code in asked}
        for d, weights in framework["dma"].items()
    }
    answers, rows, overall = _worked_example()
    result = dma_score(crosswalk, answers)
    labels = {
        "digital_business_strategy": "Digital business strategy",
        "digital_readiness": "Digital readiness",
        "human_centric_digitalisation": "Human-centric digitalisation",
        "data_management_connectivity": "Data management and connectivity",
        "automation_ai": "Automation and artificial intelligence",
        "green_digitalisation": "Green digitalisation",
    }
    computed = {
        labels[d.dimension]: str(shown(d.score)) if d.covered else "not covered"
        for d in result.dimensions
    }
    assert computed == rows
    assert str(shown(result.overall)) == overall
    answered = {labels[d.dimension]: f"{d.answered} of {d.mapped}" for d in result.dimensions}
    for label, count in answered.items():
        assert f"| {label} | {count} |" in (ROOT / "docs" / "dma.md").read_text()


def test_the_documented_coverage_is_the_framework_files() -> None:
    doc = (ROOT / "docs" / "dma.md").read_text()
    framework = yaml.safe_load((ROOT / "diagnostics" / "frameworks" / "default.yaml").read_text())
    counts = dict(re.findall(r"^\| \d\. [^|]+ \(`(\w+)`\) \| (\d+) \|", doc, re.M))
    assert counts == {d: str(len(q)) for d, q in framework["dma"].items()}
    coverage = doc.split("## Coverage per dimension", 1)[1].split("## Limits", 1)[0]
    sections = re.split(r"^### ", coverage, flags=re.M)[1:]
    listed = [re.findall(r"^- \*\*([A-Z]+-\d+)\*\*", s, re.M) for s in sections]
    assert listed[:6] == [list(q) for q in framework["dma"].values()]
    every = [q["code"] for a in framework["axes"] for q in a["questions"]]
    assert sorted(listed[6]) == sorted(
        set(every) - {c for q in framework["dma"].values() for c in q}
    )
