import pytest
import yaml

from diagnostics import models
from diagnostics.framework_io import LIMITS, FrameworkFileError, dump_framework, parse_framework
from tests.conftest import DEFAULT_FRAMEWORK, SMALL_FRAMEWORK


def errors_for(data: dict) -> list[str]:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(yaml.safe_dump(data, allow_unicode=True))
    return caught.value.errors


def small() -> dict:
    return yaml.safe_load(SMALL_FRAMEWORK)


def test_it_reads_a_valid_file() -> None:
    spec = parse_framework(SMALL_FRAMEWORK)
    assert [a.code for a in spec.axes] == ["A", "B"]
    assert spec.axes[0].questions[1].levels[5].en == "A2 level 5"
    assert spec.axes[1].questions[1].sectors == ["agrifood"]


def test_a_missing_descriptor_is_named_by_question_and_level() -> None:
    data = small()
    del data["axes"][0]["questions"][1]["levels"][3]
    assert "axes[A].questions[A2].levels.3: missing descriptor" in errors_for(data)


def test_a_missing_translation_is_named_by_field_and_language() -> None:
    data = small()
    data["axes"][1]["questions"][0]["text"]["en"] = ""
    assert "axes[B].questions[B1].text.en: missing" in errors_for(data)


def test_every_error_of_the_file_is_reported_at_once() -> None:
    data = small()
    data["axes"][0]["weight"] = -1
    data["axes"][1]["questions"][0]["levels"][0] = {"fr": "seulement"}
    data["axes"][0]["actions"][0]["prerequisites"] = ["NOPE"]
    errors = errors_for(data)
    assert "axes[A].weight: must be a number greater than 0 and below 1000" in errors
    assert "axes[B].questions[B1].levels.0.en: missing" in errors
    assert "actions[A-X1].prerequisites: unknown action NOPE" in errors


def test_duplicate_codes_are_refused() -> None:
    data = small()
    data["axes"][1]["questions"][0]["code"] = "A1"
    assert "questions[A1]: this code is used twice in the framework" in errors_for(data)


def test_an_action_must_raise_the_level() -> None:
    data = small()
    data["axes"][0]["actions"][0]["target_level"] = 0
    errors = errors_for(data)
    assert any(e.startswith("axes[A].actions[A-X1].target_level") for e in errors)


def test_cyclic_prerequisites_are_refused() -> None:
    data = small()
    data["axes"][0]["actions"].append(
        {
            "code": "A-X2",
            "title": {"fr": "x", "en": "x"},
            "target_level": 3,
            "effort_half_days": 1,
            "impact": 2,
            "prerequisites": ["A-X1"],
        }
    )
    data["axes"][0]["actions"][0]["prerequisites"] = ["A-X2"]
    assert "actions[A-X1].prerequisites: prerequisites form a cycle" in errors_for(data)


def test_stages_must_cover_every_level() -> None:
    data = small()
    data["stages"] = data["stages"][:5]
    assert "stages: one stage is needed for each level 0 to 5" in errors_for(data)


@pytest.mark.parametrize("source", ["", "- just\n- a list", "framework: [", b"\xff\xfe"])
def test_garbage_gives_a_message_not_a_crash(source) -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(source)
    assert caught.value.errors


def test_dump_then_parse_gives_the_same_framework() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    assert parse_framework(dump_framework(spec)) == spec


def test_the_default_framework_covers_the_programme() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    assert len(spec.axes) >= 9
    assert sum(len(a.questions) for a in spec.axes) >= 45
    assert all(len(a.actions) >= 6 for a in spec.axes)
    texts = [t for a in spec.axes for q in a.questions for t in q.levels.values()]
    assert len(texts) == 6 * sum(len(a.questions) for a in spec.axes)
    assert all(len(t.fr) > 15 and len(t.en) > 15 for t in texts)
    assert len({t.fr for t in texts}) == len(texts)


def test_values_longer_than_their_column_are_refused_by_name() -> None:
    data = small()
    data["framework"]["version"] = "2026.1-" + "x" * 20
    data["axes"][0]["code"] = "A" * 21
    data["axes"][1]["questions"][0]["code"] = "B" * 31
    found = errors_for(data)
    assert "framework.version: longer than 20 characters (27)" in found
    assert any(e.endswith(".code: longer than 20 characters (21)") for e in found)
    assert any(e.endswith(".code: longer than 30 characters (31)") for e in found)


@pytest.mark.django_db
def test_the_lengths_checked_are_the_columns_lengths() -> None:
    columns = {
        "framework.code": models.Framework._meta.get_field("code"),
        "framework.name": models.Framework._meta.get_field("name_fr"),
        "version": models.FrameworkVersion._meta.get_field("version"),
        "stage.name": models.Stage._meta.get_field("name_fr"),
        "axis.code": models.Axis._meta.get_field("code"),
        "axis.name": models.Axis._meta.get_field("name_fr"),
        "question.code": models.Question._meta.get_field("code"),
        "action.code": models.Action._meta.get_field("code"),
        "action.title": models.Action._meta.get_field("title_fr"),
    }
    assert {key: field.max_length for key, field in columns.items()} == LIMITS


def business_case() -> dict:
    """A small framework whose action A-X1 carries a full business case."""
    data = small()
    data["axes"][0]["actions"][0].update(
        {
            "questions": [
                {"question": "A1", "from": 0, "to": 2},
                {"question": "B2", "from": 1, "to": 3},
            ],
            "sectors": ["agrifood", "electronics"],
            "size_bands": ["10-49", "50-199"],
            "exposures": ["eu_exporter"],
            "capex_mad": [20000, 80000],
            "opex_mad": [0, 12000],
            "internal_days": [5, 10],
            "payback_months": [6, 18],
            "benefits": [
                {
                    "metric": "scrap",
                    "unit": "pts",
                    "low": 1,
                    "high": 3,
                    "fr": "Rebut",
                    "en": "Scrap",
                }
            ],
            "risks": [
                {"fr": "R", "en": "R", "mitigation_fr": "M", "mitigation_en": "M"},
            ],
            "funding": [{"kind": "bank_credit", "body_fr": "Banques", "body_en": "Banks"}],
            "urgency": 2,
        }
    )
    return data


def test_it_reads_an_actions_business_case() -> None:
    action = parse_framework(yaml.safe_dump(business_case())).axes[0].actions[0]
    assert [(q.question, q.from_level, q.to_level) for q in action.questions] == [
        ("A1", 0, 2),
        ("B2", 1, 3),
    ]
    assert (action.capex_mad.low, action.capex_mad.high) == (20000, 80000)
    assert action.exposures == ["eu_exporter"]
    assert action.benefits[0]["metric"] == "scrap"
    assert action.funding == [{"kind": "bank_credit", "body_fr": "Banques", "body_en": "Banks"}]
    assert action.urgency == 2


def test_a_business_case_survives_dump_and_parse() -> None:
    spec = parse_framework(yaml.safe_dump(business_case()))
    assert parse_framework(dump_framework(spec)) == spec


def test_a_file_without_business_cases_dumps_as_before() -> None:
    # The checksum of a version loaded before business cases existed must not change.
    dumped = yaml.safe_load(dump_framework(parse_framework(SMALL_FRAMEWORK)))
    assert set(dumped["axes"][0]["actions"][0]) == {
        "code",
        "title",
        "description",
        "requires_level",
        "target_level",
        "effort_half_days",
        "impact",
        "prerequisites",
    }


def test_an_action_naming_an_unknown_question_is_refused_by_place() -> None:
    data = business_case()
    data["axes"][0]["actions"][0]["questions"][1]["question"] = "NOPE-9"
    assert "axes[A].actions[A-X1].questions[1].question: unknown question NOPE-9" in errors_for(
        data
    )


@pytest.mark.parametrize(
    ("levels", "place"),
    [
        ({"from": 3, "to": 3}, "to"),
        ({"from": 4, "to": 2}, "to"),
        ({"from": 0, "to": 6}, "to"),
        ({"from": -1, "to": 2}, "from"),
    ],
)
def test_levels_out_of_range_or_not_rising_are_refused_by_place(levels, place) -> None:
    data = business_case()
    data["axes"][0]["actions"][0]["questions"][0].update(levels)
    errors = errors_for(data)
    assert any(e.startswith(f"axes[A].actions[A-X1].questions[0].{place}:") for e in errors)


@pytest.mark.parametrize("key", ["capex_mad", "opex_mad", "internal_days", "payback_months"])
def test_a_range_with_its_low_end_above_its_high_end_is_refused(key) -> None:
    data = business_case()
    data["axes"][0]["actions"][0][key] = [50, 10]
    assert (
        f"axes[A].actions[A-X1].{key}: the low end (50) is above the high end (10)"
        in errors_for(data)
    )


@pytest.mark.parametrize(
    ("key", "code"),
    [("sectors", "bakery"), ("size_bands", "10-50"), ("exposures", "mars_exporter")],
)
def test_unknown_applicability_codes_are_refused_by_place(key, code) -> None:
    data = business_case()
    data["axes"][0]["actions"][0][key] = [code]
    errors = errors_for(data)
    assert any(e.startswith(f"axes[A].actions[A-X1].{key}: unknown code {code}") for e in errors)


def test_unknown_benefit_metrics_and_funding_kinds_are_refused_by_place() -> None:
    data = business_case()
    data["axes"][0]["actions"][0]["benefits"][0]["metric"] = "happiness"
    data["axes"][0]["actions"][0]["funding"][0]["kind"] = "lottery"
    errors = errors_for(data)
    assert any(
        e.startswith("axes[A].actions[A-X1].benefits[0].metric: unknown code") for e in errors
    )
    assert any(e.startswith("axes[A].actions[A-X1].funding[0].kind: unknown code") for e in errors)


def test_an_urgency_past_three_is_refused() -> None:
    data = business_case()
    data["axes"][0]["actions"][0]["urgency"] = 4
    assert "axes[A].actions[A-X1].urgency: must be between 0 and 3" in errors_for(data)


def test_it_reads_the_priority_weights_and_dumps_them_back() -> None:
    data = small()
    data["prioritisation"] = {"weights": {"impact": 50, "cost": 10}}
    spec = parse_framework(yaml.safe_dump(data))
    assert spec.priority_weights == {"impact": 50.0, "cost": 10.0}
    assert parse_framework(dump_framework(spec)) == spec


def test_unknown_or_negative_priority_weights_are_refused_by_place() -> None:
    data = small()
    data["prioritisation"] = {"weights": {"luck": 5, "cost": -1}}
    errors = errors_for(data)
    assert any(e.startswith("prioritisation.weights.luck: unknown weight") for e in errors)
    assert "prioritisation.weights.cost: must be a number from 0 to 100" in errors


def test_every_default_action_carries_its_questions_and_a_business_case() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    for axis in spec.axes:
        for action in axis.actions:
            assert action.questions, action.code
            assert action.internal_days.high is not None, action.code
            assert action.capex_mad.high is not None, action.code
            assert action.risks, action.code
            assert all(r["mitigation_fr"] and r["mitigation_en"] for r in action.risks)
            assert action.funding, action.code
            assert action.title.fr != action.title.en, action.code
            # the questions it improves, at the levels it says, are consistent with its own
            assert min(q.from_level for q in action.questions) <= action.requires_level + 1


def test_the_default_framework_names_bodies_not_programmes() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    bodies = {f["body_fr"] for a in spec.axes for x in a.actions for f in x.funding}
    # programme names change with each government plan: the file names kinds and bodies
    assert not any(name in body for body in bodies for name in ("Tatwir", "Imtiaz", "Istitmar"))


def test_arabic_is_read_when_present_and_optional_otherwise() -> None:
    data = small()
    data["axes"][0]["name"]["ar"] = "الاستراتيجية"
    spec = parse_framework(yaml.safe_dump(data, allow_unicode=True))
    assert spec.axes[0].name.ar == "الاستراتيجية"
    assert spec.axes[1].name.ar == ""
    assert spec.axes[0].questions[0].text.ar == ""


def test_arabic_is_exported_only_where_there_is_some() -> None:
    data = small()
    data["stages"][0]["name"]["ar"] = "غائب"
    dumped = yaml.safe_load(dump_framework(parse_framework(yaml.safe_dump(data))))
    assert dumped["stages"][0]["name"] == {
        "fr": data["stages"][0]["name"]["fr"],
        "en": data["stages"][0]["name"]["en"],
        "ar": "غائب",
    }
    assert "ar" not in dumped["stages"][1]["name"]


def test_an_arabic_text_longer_than_its_column_is_refused_by_name() -> None:
    data = small()
    data["axes"][0]["name"]["ar"] = "م" * 201
    assert any(e.endswith(".name.ar: longer than 200 characters (201)") for e in errors_for(data))


def test_the_default_framework_names_its_axes_and_stages_in_arabic() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    assert all(axis.name.ar and axis.description.ar for axis in spec.axes)
    assert all(stage.name.ar and stage.description.ar for stage in spec.stages)
    assert spec.name.ar
