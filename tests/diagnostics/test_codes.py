import pytest
from django.core.exceptions import ValidationError

from assessments.accompaniment import planning
from assessments.models import Company, Sector
from diagnostics.codes import PRIORITY_WEIGHTS, CodeListValidator, SizeBand


def test_a_pme_is_described_with_the_codes_a_framework_names() -> None:
    assert Company.Headcount is SizeBand
    assert Company._meta.get_field("sector").choices == Sector.choices


def test_the_weights_a_framework_may_set_are_those_the_planning_knows() -> None:
    assert set(PRIORITY_WEIGHTS) == set(planning.DEFAULT_WEIGHTS)


@pytest.mark.parametrize(
    "value", [["eu_exporter", "moon"], "eu_exporter", [1], ["eu_exporter", "eu_exporter"]]
)
def test_a_code_list_refuses_unknown_duplicate_or_malformed_values(value) -> None:
    with pytest.raises(ValidationError):
        CodeListValidator("exposure")(value)


def test_a_code_list_may_be_capped() -> None:
    CodeListValidator("metric", max_items=2)(["scrap", "oee"])
    with pytest.raises(ValidationError, match="2"):
        CodeListValidator("metric", max_items=2)(["scrap", "oee", "energy"])
