"""Accessibility as a gate: each role's pages, on the demo cohort, at three widths and in both
languages (``--browser-matrix``), have no serious or critical axe-core violation and no
colour contrast left to review that fails WCAG's ratio."""

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page

from assessments.accompaniment.models import Plan
from assessments.models import Assessment
from diagnostics.models import FrameworkVersion
from reports.monitoring.models import IndicatorValue
from tests.e2e.a11y import audit

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def pages_of(username: str) -> list[str]:
    """The pages a user of this role works on, in the states the demo holds."""
    user = get_user_model().objects.get(username=username)
    diagnostics = Assessment.objects.filter(company__in=_companies(user))
    validated = diagnostics.filter(status=Assessment.Status.VALIDATED).first()
    draft = diagnostics.filter(status=Assessment.Status.DRAFT).first()
    urls = [reverse("assessments:home"), reverse("assessments:company_list")]
    if validated is not None:
        code = validated.code
        urls += [
            reverse("assessments:company_detail", args=[validated.company.code]),
            reverse("assessments:assessment_detail", args=[code]),
            reverse("assessments:results", args=[code]),
            reverse("assessments:roadmap", args=[code]),
        ]
        plan = Plan.objects.filter(assessment__company__in=_companies(user)).first()
        company = plan.assessment.company if plan is not None else None
        if plan is not None and user.has_perm("assessments.run_diagnostics", company):
            urls.append(reverse("assessments:plan_detail", args=[plan.code]))
    if draft is not None and user.has_perm("assessments.answer_assessment", draft):
        axis = draft.framework_version.axes.order_by("order").first()
        urls.append(reverse("assessments:axis_page", args=[draft.code, axis.code]))
        urls.append(reverse("assessments:company_edit", args=[draft.company.code]))
    if user.has_perm("reports.view_se"):
        urls += [
            reverse("reports:se_dashboard"),
            reverse("reports:se_activities"),
            reverse("reports:se_periods"),
        ]
    if user.has_perm("reports.view_project_bank"):
        urls.append(reverse("reports:project_bank"))
    if user.has_perm("reports.approve_se"):
        urls.append(reverse("reports:se_approvals"))
        value = IndicatorValue.objects.filter(status=IndicatorValue.Status.SUBMITTED).first()
        if value is not None:
            scope = value.cluster.code if value.cluster else "programme"
            urls.append(
                reverse("reports:se_value", args=[value.period.code, scope, value.indicator.code])
            )
    return urls


def _companies(user):  # type: ignore[no-untyped-def]
    from assessments.selectors import companies_visible_to

    return companies_visible_to(user)


@pytest.fixture
def demo(default_version: FrameworkVersion) -> None:
    call_command("load_demo")
    call_command("load_logframe", demo=True)


@pytest.fixture
def session(browser: Browser, live_server) -> Iterator:  # type: ignore[no-untyped-def]
    opened = []

    def open_as(username: str, language: str, width: int) -> Page:
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}
        )
        context.add_cookies(
            [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto("/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", "demo-maturite-2026")
        page.locator("form:has(input[name=password])").get_by_role("button").click()
        page.wait_for_url(f"{live_server.url}/")
        opened.append(context)
        return page

    yield open_as
    for context in opened:
        context.close()


ROLES = ["consultant1", "staff-ce3m", "coordinateur", "pme-ce3m-1"]


def test_every_page_of_each_role_is_free_of_serious_accessibility_faults(
    demo: None, session, variants
) -> None:
    """At every (width, language) of ``--browser-matrix``: all six by default."""
    reports = []
    for username in ROLES:  # one test: the demo cohort is built once
        urls = pages_of(username)
        for width, language in variants:
            page = session(username, language, width)
            for url in urls:
                response = page.goto(url)
                assert response is not None, url
                assert response.ok, url
                reports.append(audit(page))
            page.context.close()
    faults = [str(report) for report in reports if not report.clean]
    assert not faults, "\n".join(faults)
    assert len(reports) > 14 * len(variants)  # about four pages a role at least
