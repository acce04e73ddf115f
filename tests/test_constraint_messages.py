"""Every rule the database enforces has a message a user understands, never its name."""

import pytest
from django.apps import apps
from django.db import models

CONSTRAINTS = [
    (model, constraint)
    for model in apps.get_models()
    if model._meta.app_label in {"diagnostics", "assessments", "reports"}
    for constraint in model._meta.constraints
]


def test_the_project_has_constraints_to_check() -> None:
    assert len(CONSTRAINTS) > 40


@pytest.mark.parametrize(
    ("model", "constraint"), CONSTRAINTS, ids=[c.name for _m, c in CONSTRAINTS]
)
def test_each_constraint_speaks_to_the_user(model: type[models.Model], constraint) -> None:
    message = str(constraint.violation_error_message)
    assert message != str(constraint.default_violation_error_message)
    assert constraint.name not in message
