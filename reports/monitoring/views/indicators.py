"""S&E dashboard and indicator values: read, enter, submit, approve, return, lock."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments import evidence_files
from assessments.access import AuthedRequest
from assessments.charts import figure_data
from assessments.models import Cluster
from reports.monitoring import charts
from reports.monitoring.forms import (
    PROGRAMME,
    DashboardFilterForm,
    LockForm,
    ReasonForm,
    ValueEntryForm,
)
from reports.monitoring.models import Indicator, IndicatorValue, Period
from reports.monitoring.rules import is_value_author, se_can_approve, se_can_enter
from reports.monitoring.selectors.dashboard import (
    Dashboard,
    default_period,
    periods_with_targets,
    se_dashboard,
    value_shown,
)
from reports.monitoring.selectors.indicators import period_freeze, se_clusters_visible_to
from reports.monitoring.services import indicators as services_indicators
from reports.monitoring.services import rechecks
from reports.monitoring.views.access import (
    get_indicator,
    get_period,
    get_programme,
    get_scope_for_user,
    get_value_for_user,
    require_se,
    scope_code,
)


def _filters(request: AuthedRequest) -> tuple[DashboardFilterForm, Period | None, str, str]:
    programme = get_programme(request)
    clusters = se_clusters_visible_to(request.user, programme)
    whole = se_can_approve(request.user)
    first = PROGRAMME if whole else next((c.code for c in clusters), "")
    period = default_period(programme=programme)
    initial = {"period": period.code if period else None, "scope": first}
    filters = {k: v for k, v in request.GET.items() if k != "programme"}
    form = DashboardFilterForm(
        filters or initial, clusters=clusters, programme=whole, periods=programme.periods.all()
    )
    if filters and form.is_valid():
        return (
            form,
            form.cleaned_data["period"] or period,
            form.cleaned_data["scope"] or first,
            (form.cleaned_data["sector"]),
        )
    return form, period, first, ""


@login_required
def dashboard(request: AuthedRequest) -> HttpResponse:
    require_se(request)
    form, period, scope, sector = _filters(request)
    if period is None or not scope:
        return render(request, "reports/monitoring/dashboard.html", {"form": form, "empty": True})
    cluster = get_scope_for_user(request, scope)
    rechecks.rechecks_catch_up()
    data = se_dashboard(period=period, cluster=cluster, viewer=request.user, sector=sector)
    context = {
        "form": form,
        "data": data,
        "table": data.table,
        "period": period,
        "cluster": cluster,
        "scope": scope,
        "sector": sector,
        "figures": _figures(data, cluster),
        "timeline_rows": zip(
            data.timeline.months, data.timeline.planned, data.timeline.delivered, strict=True
        ),
        "benchmark_rows": zip(
            data.benchmark.sectors, data.benchmark.scope, data.benchmark.peers, strict=True
        ),
        "heatmap_rows": zip(data.heatmap.companies, data.heatmap.scores, strict=True),
        "can_enter": se_can_enter(request.user, cluster) and not period.locked,
        "can_approve": se_can_approve(request.user),
        "default_view": "period" not in request.GET,
        "targeted": periods_with_targets(period.programme),
    }
    return render(request, "reports/monitoring/dashboard.html", context)


def _figures(data: Dashboard, cluster: Cluster | None) -> dict[str, object]:
    label = cluster.name if cluster else _("Whole programme")
    figures = {
        "uplift": charts.uplift_figure(data.uplift) if data.uplift else None,
        "days": charts.days_figure(data.timeline, data.days_target)
        if data.timeline.months
        else None,
        "heatmap": charts.heatmap_figure(data.heatmap) if data.heatmap.companies else None,
        "benchmark": charts.benchmark_figure(data.benchmark, label)
        if data.benchmark.sectors
        else None,
        "distribution": charts.distribution_figure(data.spreads) if data.spreads else None,
    }
    return {key: figure_data(f) for key, f in figures.items() if f is not None}


@login_required
def value_detail(request: AuthedRequest, period: str, scope: str, indicator: str) -> HttpResponse:
    cluster = get_scope_for_user(request, scope)
    the_period, the_indicator = get_period(request, period), get_indicator(request, indicator)
    stored = (
        IndicatorValue.objects.filter(indicator=the_indicator, period=the_period, cluster=cluster)
        .select_related("entered_by", "approved_by")
        .first()
    )
    return render(
        request,
        "reports/monitoring/value.html",
        _value_context(request, the_indicator, the_period, cluster, stored),
    )


def _value_context(
    request: AuthedRequest,
    indicator: Indicator,
    period: Period,
    cluster: Cluster | None,
    stored: IndicatorValue | None,
) -> dict[str, object]:
    shown = value_shown(indicator, period, cluster, stored, request.user)
    return {
        "indicator": indicator,
        "period": period,
        "cluster": cluster,
        "scope": scope_code(cluster),
        "stored": stored,
        "live": shown.live,
        "hidden": shown.hidden,
        "sources": shown.sources,
        "breakdown": shown.breakdown,
        # before/after figures would give away what "hidden" holds back
        "history": [] if shown.hidden else shown.history,
        "entry_form": ValueEntryForm(
            initial={"value": stored.value, "n": stored.n, "comment": stored.comment}
            if stored
            else None
        ),
        "reason_form": ReasonForm(),
        "can_enter": se_can_enter(request.user, cluster) and not period.locked,
        "can_approve": se_can_approve(request.user) and not period.locked,
        "four_eyes": stored is not None and is_value_author(request.user, stored),
    }


def _back(period: Period, cluster: Cluster | None, indicator: Indicator) -> HttpResponse:
    return redirect(
        "reports:se_value", period=period.code, scope=scope_code(cluster), indicator=indicator.code
    )


@login_required
@require_POST
def value_enter(request: AuthedRequest, period: str, scope: str, indicator: str) -> HttpResponse:
    cluster = get_scope_for_user(request, scope)
    the_period, the_indicator = get_period(request, period), get_indicator(request, indicator)
    form = ValueEntryForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Check the value and the evidence."))
    elif _enter(request, form, the_indicator, the_period, cluster):
        return _back(the_period, cluster, the_indicator)
    return _refused(request, the_indicator, the_period, cluster, entry_form=form)


def _refused(
    request: AuthedRequest,
    indicator: Indicator,
    period: Period,
    cluster: Cluster | None,
    **forms: ValueEntryForm | ReasonForm,
) -> HttpResponse:
    """The value page again after a refusal, with what was typed (a redirect would lose it)."""
    stored = IndicatorValue.objects.filter(
        indicator=indicator, period=period, cluster=cluster
    ).first()
    context = {**_value_context(request, indicator, period, cluster, stored), **forms}
    return render(request, "reports/monitoring/value.html", context, status=400)


def _enter(
    request: AuthedRequest,
    form: ValueEntryForm,
    indicator: Indicator,
    period: Period,
    cluster: Cluster | None,
) -> bool:
    """Store the value (and submit it when asked); False when the value was refused."""
    try:
        services_indicators.indicator_value_enter(
            indicator=indicator,
            period=period,
            cluster=cluster,
            by=request.user,
            **form.cleaned_data,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return False
    try:
        if "submit" in request.POST:
            services_indicators.indicator_value_submit(
                indicator=indicator, period=period, cluster=cluster, by=request.user
            )
    except ValidationError as exc:
        # The value is stored; only its submission failed.
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value is saved."))
    return True


@login_required
@require_POST
def value_submit(request: AuthedRequest, period: str, scope: str, indicator: str) -> HttpResponse:
    cluster = get_scope_for_user(request, scope)
    the_period, the_indicator = get_period(request, period), get_indicator(request, indicator)
    try:
        services_indicators.indicator_value_submit(
            indicator=the_indicator, period=the_period, cluster=cluster, by=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The value is submitted for approval."))
    return _back(the_period, cluster, the_indicator)


REVIEWS = {
    "approve": lambda value, by, reason: services_indicators.indicator_value_approve(
        value=value, by=by
    ),
    "return": lambda value, by, reason: services_indicators.indicator_value_return(
        value=value, by=by, comment=reason
    ),
    "reapprove": lambda value, by, reason: services_indicators.indicator_value_reapprove(
        value=value, by=by, reason=reason
    ),
}


@login_required
@require_POST
def value_review(request: AuthedRequest, code: UUID, action: str) -> HttpResponse:
    value = get_value_for_user(request, code)
    if action not in REVIEWS:
        raise Http404
    if not se_can_approve(request.user):
        raise PermissionDenied
    form = ReasonForm(request.POST)
    if action != "approve" and not form.is_valid():
        return _refused(request, value.indicator, value.period, value.cluster, reason_form=form)
    try:
        REVIEWS[action](
            value, request.user, "" if action == "approve" else form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        if action != "approve":
            return _refused(request, value.indicator, value.period, value.cluster, reason_form=form)
    else:
        messages.success(request, _("Done."))
    if request.POST.get("from") == "queue":
        return redirect("reports:se_approvals")
    return _back(value.period, value.cluster, value.indicator)


@login_required
def value_evidence(request: AuthedRequest, code: UUID) -> FileResponse:
    value = get_value_for_user(request, code)
    return evidence_files.file_response(value.evidence, value.evidence_name)


@login_required
@require_POST
def values_refresh(request: AuthedRequest, period: str, scope: str) -> HttpResponse:
    cluster = get_scope_for_user(request, scope)
    the_period = get_period(request, period)
    if not se_can_enter(request.user, cluster):
        messages.error(request, _("You cannot refresh the values of this scope."))
    elif the_period.locked:
        messages.error(request, _("This period is locked: its values no longer change."))
    else:
        refreshed = services_indicators.indicator_values_refresh(
            period=the_period, cluster=cluster, by=request.user
        )
        messages.success(request, _("%(count)s computed values saved.") % {"count": len(refreshed)})
    url = reverse("reports:se_dashboard")
    return redirect(f"{url}?period={the_period.code}&scope={scope}")


@login_required
def period_list(request: AuthedRequest) -> HttpResponse:
    periods = get_programme(request).periods.select_related("locked_by")
    return render(
        request,
        "reports/monitoring/periods.html",
        {"periods": periods, "can_lock": se_can_approve(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_lock(request: AuthedRequest, code: str) -> HttpResponse:
    """Locking asks for a confirmation that shows what it freezes."""
    require_se(request)
    if not se_can_approve(request.user):
        raise PermissionDenied
    period = get_period(request, code)
    form = LockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services_indicators.period_lock(period=period, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The period is locked."))
        return redirect("reports:se_periods")
    context = {"period": period, "form": form, "freeze": period_freeze(period)}
    return render(request, "reports/monitoring/period_lock.html", context)
