"""Reads of the maturity framework: a document reads each version's axes once."""

import pytest

from diagnostics.selectors import axes_with_questions, framework_read_once, packs_for

pytestmark = pytest.mark.django_db


def codes(axes: list) -> list[str]:  # type: ignore[type-arg]
    return [question.code for axis in axes for question in axis.questions.all()]


def test_within_a_document_the_framework_is_read_once(
    small_version, django_assert_num_queries
) -> None:
    with framework_read_once():
        first = axes_with_questions(small_version)
        packs_for(small_version, "electronics")
        with django_assert_num_queries(0):
            again = axes_with_questions(small_version)
            packs_for(small_version, "electronics")
            assert codes(again) == codes(first)
        with django_assert_num_queries(3):  # descriptors asked: axes, questions, descriptors
            axes_with_questions(small_version, descriptors=True)


def test_outside_a_document_every_read_asks_the_database(
    small_version, django_assert_num_queries
) -> None:
    with framework_read_once():
        axes_with_questions(small_version)
    with django_assert_num_queries(2):  # axes, then their questions
        axes_with_questions(small_version)


def test_a_reader_that_changes_its_list_leaves_the_next_readers_alone(small_version) -> None:
    with framework_read_once():
        axes = axes_with_questions(small_version)
        axes.pop()
        assert len(axes_with_questions(small_version)) == len(axes) + 1
