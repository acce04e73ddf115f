"""render_roadmap (one PDF in the shell) and render_cohort (a cluster through the workers)."""

import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from reports.documents.models import Report
from tests.reports.documents.test_pdf import finished_diagnostic, make_company

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _reports_in_tmp(settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path / "data"


def test_render_roadmap_writes_a_pdf_and_its_html(company, small_version, tmp_path) -> None:
    assessment = finished_diagnostic(company, small_version)
    out = io.StringIO()

    call_command(
        "render_roadmap",
        str(assessment.code),
        "--lang",
        "en",
        "--edition",
        "detailed",
        "-o",
        str(tmp_path / "roadmap.pdf"),
        "--html",
        str(tmp_path / "roadmap.html"),
        stdout=out,
    )

    reader = PdfReader(tmp_path / "roadmap.pdf")
    assert "Executive summary" in " ".join(page.extract_text() for page in reader.pages)
    assert f"{len(reader.pages)} pages" in out.getvalue()
    html = (tmp_path / "roadmap.html").read_text()
    assert '<div class="chart" role="img"' in html  # the radar, drawn inside the page
    assert "<svg" in html
    assert "@page" in html
    assert not Report.objects.exists()
    assert not list(tmp_path.glob("*.part"))


def test_render_roadmap_refuses_an_unknown_code(tmp_path) -> None:
    with pytest.raises(CommandError, match="No diagnostic"):
        call_command("render_roadmap", "not-a-uuid", "-o", str(tmp_path / "x.pdf"))


@pytest.mark.usefixtures("eager_tasks")
@pytest.mark.django_db(transaction=True)
def test_render_cohort_renders_each_pme_latest_diagnostic(
    cluster, consultant, small_version
) -> None:
    companies = [make_company(cluster=cluster, consultants=[consultant]) for _n in range(2)]
    latest = [finished_diagnostic(c, small_version, plan=False) for c in companies]
    make_company(cluster=cluster, consultants=[consultant])  # nothing submitted: skipped
    out = io.StringIO()

    # Without a broker, each report renders in-process as soon as its request commits.
    call_command("render_cohort", "--cluster", cluster.code, "--timeout", "60", stdout=out)

    reports = Report.objects.all()
    assert {r.assessment_id for r in reports} == {a.pk for a in latest}
    assert {r.status for r in reports} == {Report.Status.READY}
    assert all(r.requested_by is None for r in reports)
    assert "2 reports queued." in out.getvalue()
    assert "[  2/2]" in out.getvalue()
    assert "2 ready, 0 failed, 0 unfinished" in out.getvalue()


def test_render_cohort_refuses_an_unknown_cluster() -> None:
    with pytest.raises(CommandError, match="Unknown cluster: nowhere"):
        call_command("render_cohort", "--cluster", "nowhere")
