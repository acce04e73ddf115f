"""PDF reports in the browser: ask for one, watch its state, download it, retry it."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from assessments.access import AuthedRequest, get_assessment_for_user, require
from reports.documents import exports
from reports.documents import services as services
from reports.documents.exports import FORMATS
from reports.documents.models import Report
from reports.documents.rules import can_request_brief, can_request_report, can_retry_report
from reports.documents.selectors import reports_visible_to
from reports.monitoring.views.access import get_period, get_scope_for_user
from reports.templatetags.report_documents import render_panel


class ReportRequestForm(forms.Form):
    language = forms.ChoiceField(choices=Report.Language.choices)
    edition = forms.ChoiceField(
        choices=Report.Edition.choices, required=False, initial=Report.Edition.MANAGER
    )


def _get_report_for_user(request: AuthedRequest, code: UUID) -> Report:
    try:
        return reports_visible_to(request.user).get(code=code)
    except Report.DoesNotExist as exc:
        raise Http404 from exc


def _back(request: AuthedRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = fallback
    return redirect(f"{target}#reports")


@login_required
@require_POST
def report_request(request: AuthedRequest, code: UUID) -> HttpResponse:
    assessment = get_assessment_for_user(request, code)
    require(can_request_report(request.user, assessment))
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the report."))
    else:
        try:
            services.report_request(
                assessment=assessment,
                language=form.cleaned_data["language"],
                edition=form.cleaned_data["edition"] or Report.Edition.MANAGER,
                by=request.user,
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _back(request, assessment.get_absolute_url())


def _dashboard_url(report: Report) -> str:
    assert report.cluster is not None
    assert report.period is not None
    url = reverse("reports:se_dashboard")
    return f"{url}?period={report.period.code}&scope={report.cluster.code}"


def _origin(report: Report) -> str:
    if report.assessment is None:
        return _dashboard_url(report)
    return report.assessment.get_absolute_url()


@login_required
@require_POST
def brief_request(request: AuthedRequest, period: str, scope: str) -> HttpResponse:
    cluster, the_period = get_scope_for_user(request, scope), get_period(request, period)
    if cluster is None:
        raise Http404
    require(can_request_brief(request.user, cluster))
    form = ReportRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose the language of the report."))
    else:
        services.brief_request(
            cluster=cluster,
            period=the_period,
            language=form.cleaned_data["language"],
            by=request.user,
        )
        messages.success(request, _("The brief is being prepared; refresh the page in a moment."))
    url = reverse("reports:se_dashboard")
    return redirect(f"{url}?period={the_period.code}&scope={cluster.code}#briefs")


@login_required
@require_POST
def report_retry(request: AuthedRequest, code: UUID) -> HttpResponse:
    report = _get_report_for_user(request, code)
    require(can_retry_report(request.user, report))
    try:
        services.report_retry(report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back(request, _origin(report))


@login_required
@require_GET
def report_panel(request: AuthedRequest, code: UUID) -> HttpResponse:
    """The panel's fragment alone, which the page polls while a report is pending."""
    assessment = get_assessment_for_user(request, code)
    on_company_page = request.GET.get("company") == "1"
    return HttpResponse(render_panel(request, assessment, on_company_page=on_company_page))


@login_required
@require_GET
def roadmap_export(request: AuthedRequest, code: UUID, fmt: str) -> HttpResponse:
    """The roadmap as an Excel action plan or a Word manager edition, made from today's data."""
    if fmt not in FORMATS:
        raise Http404
    assessment = get_assessment_for_user(request, code)
    require(can_request_report(request.user, assessment))
    language = request.GET.get("lang", "")
    if language not in Report.Language.values:
        language = translation.get_language() or "fr"
    data = exports.roadmap_export(assessment, language=language, fmt=fmt)
    with translation.override(language):
        name = slugify(f"{_('roadmap')} {assessment.company.name} {assessment.kind}")
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def report_download(request: AuthedRequest, code: UUID) -> FileResponse:
    report = _get_report_for_user(request, code)
    path = services.report_path(report)
    if not report.is_ready or not path.is_file():
        raise Http404
    filename = _filename(report)
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _filename(report: Report) -> str:
    with translation.override(report.language):
        if report.assessment is None:
            assert report.cluster is not None
            assert report.period is not None
            name = slugify(f"{report.cluster.code} {_('S&E brief')} {report.period.code}")
            return f"{name}-v{report.version}-{report.language}.pdf"
        name = slugify(f"{report.assessment.company.name} {_('Industry 4.0 roadmap')}")
    return f"{name}-{report.assessment.kind}-v{report.version}-{report.language}.pdf"
