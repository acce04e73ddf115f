"""The short form of the questionnaire (the PME's self-assessment): marked in the framework file."""

import pytest
import yaml

from diagnostics.framework_io import FrameworkFileError, dump_framework, parse_framework
from diagnostics.models import Question
from diagnostics.selectors import framework_version_spec
from diagnostics.services import framework_import
from tests.conftest import DEFAULT_FRAMEWORK, SMALL_FRAMEWORK


def with_short_form(value: object) -> str:
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["axes"][0]["questions"][1]["short_form"] = value
    return yaml.safe_dump(data, allow_unicode=True)


def test_a_question_marked_short_form_is_read_and_dumped_back() -> None:
    spec = parse_framework(with_short_form(True))
    assert [q.short_form for q in spec.axes[0].questions] == [False, True]
    assert parse_framework(dump_framework(spec)) == spec


def test_a_file_marking_none_dumps_as_before() -> None:
    dumped = yaml.safe_load(dump_framework(parse_framework(SMALL_FRAMEWORK)))
    assert "short_form" not in dumped["axes"][0]["questions"][0]


def test_a_short_form_that_is_not_true_or_false_is_refused_by_place() -> None:
    with pytest.raises(FrameworkFileError) as caught:
        parse_framework(with_short_form("yes please"))
    assert "axes[A].questions[A2].short_form: true or false" in caught.value.errors


@pytest.mark.django_db
def test_the_mark_is_stored_and_exported() -> None:
    version, _created = framework_import(spec=parse_framework(with_short_form(True)))
    assert list(Question.objects.filter(short_form=True).values_list("code", flat=True)) == ["A2"]
    assert framework_version_spec(version).axes[0].questions[1].short_form is True


def test_the_default_short_form_asks_two_questions_per_axis() -> None:
    spec = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    assert all(sum(q.short_form for q in axis.questions) == 2 for axis in spec.axes)
