"""Who completed a course (by the logframe's completion rules), and their certificates."""

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from assessments.access import AuthedRequest
from reports.monitoring.models import CompletionRule
from reports.monitoring.selectors.measurements import (
    completion_of,
    completions,
    people_visible_to,
    requirement_labels,
)
from reports.monitoring.views.access import get_person_for_user, get_programme, get_rule


@login_required
def completion_list(request: AuthedRequest) -> HttpResponse:
    programme = get_programme(request)
    people = people_visible_to(request.user)
    found = [
        (rule, requirement_labels(rule), completions(rule, people))
        for rule in CompletionRule.objects.filter(programme=programme)
    ]
    return render(request, "reports/monitoring/completions.html", {"found": found})


@login_required
def certificate(request: AuthedRequest, code: UUID, rule: str) -> HttpResponse:
    person = get_person_for_user(request, code)
    done = completion_of(get_rule(request, rule), person)
    if done is None:
        raise Http404
    return render(request, "reports/monitoring/certificate.html", {"completion": done})
