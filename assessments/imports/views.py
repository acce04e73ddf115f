"""Importing a cluster's PME list: upload, preview with every problem, then confirm."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_POST

from assessments import imports
from assessments.access import AuthedRequest, require
from assessments.imports import services
from assessments.models import Cluster, Company, Region, Sector
from assessments.selectors import clusters_importable_by

SESSION_KEY = "pme_import"


class ImportForm(forms.Form):
    cluster = forms.ModelChoiceField(label=gettext_lazy("Cluster"), queryset=Cluster.objects.none())
    file = forms.FileField(
        label=gettext_lazy("PME list"),
        help_text=gettext_lazy("CSV (separated by ; or ,) or Excel .xlsx, one PME per line."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args: object, clusters: QuerySet[Cluster], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["cluster"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clusters
        if clusters.count() == 1:
            field.initial = clusters.first()

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            raise imports.too_large(upload.size)
        return bytes(upload.read())


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request: AuthedRequest) -> HttpResponse:
    clusters = clusters_importable_by(request.user)
    require(clusters.exists())
    form = ImportForm(request.POST or None, request.FILES or None, clusters=clusters)
    if request.method == "POST" and form.is_valid():
        cluster = form.cleaned_data["cluster"]
        name = getattr(request.FILES.get("file"), "name", "") or ""
        try:
            preview = imports.preview(
                cluster=cluster, content=form.cleaned_data["file"], filename=name
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return _preview(request, cluster, preview)
    return render(
        request, "assessments/imports/import_form.html", {"form": form}, status=_status(form)
    )


def _status(form: ImportForm) -> int:
    return 400 if form.is_bound and form.errors else 200


def _preview(request: AuthedRequest, cluster: Cluster, preview: imports.Preview) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    if preview.is_valid:
        token = imports.sign(preview=preview, cluster=cluster, user=request.user)
        request.session[SESSION_KEY] = {"cluster": cluster.pk, "token": token}
    context = {
        "cluster": cluster,
        "preview": preview,
        "rows": [(_labelled(row), preview.errors_on(row["line"])) for row in preview.rows],
        "lines_with_errors": len({e.line for e in preview.errors}),
    }
    return render(request, "assessments/imports/import_preview.html", context)


def _labelled(row: dict[str, Any]) -> dict[str, Any]:
    """The row with the labels of its codes, as the PME pages show them."""
    labels: dict[str, dict[str, Any]] = {
        "sector": dict(Sector.choices),
        "region": dict(Region.choices),
        "headcount": dict(Company.Headcount.choices),
    }
    return row | {field: labels[field].get(row[field], row[field]) for field in labels}


@login_required
@require_POST
def import_confirm(request: AuthedRequest) -> HttpResponse:
    pending: dict[str, Any] = request.session.pop(SESSION_KEY, None) or {}
    clusters = clusters_importable_by(request.user)
    cluster = clusters.filter(pk=pending.get("cluster", 0)).first()
    if cluster is None:
        messages.error(request, _("There is no previewed list to import: upload the file again."))
        return redirect("assessments:import_upload")
    try:
        rows = imports.unsign(pending["token"], cluster=cluster, user=request.user)
        created = services.companies_import(cluster=cluster, rows=rows, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("assessments:import_upload")
    messages.success(
        request,
        ngettext(
            "%(count)s PME imported into %(cluster)s.",
            "%(count)s PMEs imported into %(cluster)s.",
            len(created),
        )
        % {"count": len(created), "cluster": cluster.name},
    )
    return redirect(f"{reverse('assessments:company_list')}?cluster={cluster.pk}")


@login_required
def import_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(imports.template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pme-import-template.csv"'
    return response
