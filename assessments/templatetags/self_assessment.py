"""The self-assessment on other pages: beside a question, on the managers' home page."""

from django import template

from assessments.models import Assessment
from assessments.selfassessment.selectors import SelfView, self_assessments_to_do
from diagnostics.models import Question

register = template.Library()


@register.inclusion_tag("assessments/selfassessment/_beside.html")
def self_beside(view: SelfView | None, assessment: Assessment, question: Question) -> dict:
    beside = None if view is None else view.by_question.get(question.id)
    return {"beside": beside, "assessment": assessment}


@register.inclusion_tag("assessments/selfassessment/_todo.html", takes_context=True)
def self_assessment_todo(context: template.Context) -> dict:
    """The home page's card for a PME's managers: their company's self-assessment."""
    return {"rows": self_assessments_to_do(context["user"])}
