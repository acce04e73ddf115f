"""The guide of the reader's role, in their language, on screen and as a printable PDF."""

from collections.abc import Callable

import weasyprint
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation

from assessments.access import AuthedRequest
from guide.guides import ROLES, Guide, guide_read
from guide.rules import guide_of
from reports.documents.pdf.fetcher import BASE_URL, ReportFetcher


@login_required
def guide_home(request: AuthedRequest) -> HttpResponse:
    return redirect("guide:guide", role=guide_of(request.user))


@login_required
def guide_page(request: AuthedRequest, role: str) -> HttpResponse:
    guide = _guide(role, lambda name: static(f"guide/{name}"))
    context = {"guide": guide, "roles": ROLES, "own_role": guide_of(request.user)}
    return render(request, "guide/guide.html", context)


@login_required
def guide_pdf(request: AuthedRequest, role: str) -> HttpResponse:
    """The training handout: the same text, laid out for A4, screenshots included."""
    # The static files' own names (not the hashed ones), read by the report fetcher.
    guide = _guide(role, lambda name: f"{BASE_URL}static/guide/{name}")
    html = render_to_string("guide/guide_print.html", {"guide": guide}, request=request)
    pdf = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=ReportFetcher()).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-{role}-{guide.language}.pdf"'
    return response


def _guide(role: str, image_url: Callable[[str], str]) -> Guide:
    if role not in ROLES:
        raise Http404
    return guide_read(role=role, language=translation.get_language() or "fr", image_url=image_url)
