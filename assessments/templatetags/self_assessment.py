"""The manager's level beside a question of the consultant's questionnaire."""

from django import template

from assessments.models import Assessment
from assessments.selfassessment.selectors import SelfView
from diagnostics.models import Question

register = template.Library()


@register.inclusion_tag("assessments/selfassessment/_beside.html")
def self_beside(view: SelfView | None, assessment: Assessment, question: Question) -> dict:
    beside = None if view is None else view.by_question.get(question.id)
    return {"beside": beside, "assessment": assessment}
