"""Programmes: the logframe an install already holds becomes its default programme.

Every result, indicator, period, activity and completion rule is attached to it; it is open
to the whole install (every cluster, PME and coordinator, as before programmes existed) and
also lists them, so that closing it later keeps today's members: all clusters, every PME
with a diagnostic, every coordinator. Targets, values and narratives follow their
indicator and period. A new install gets its programmes from ``load_logframe``.
"""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import assessments.models

DEFAULT_SLUG = "industrie-4-0"
TABLES = ("Result", "Indicator", "Period", "Activity", "CompletionRule")


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    models = {name: apps.get_model("reports", name) for name in TABLES}
    if not any(model.objects.exists() for model in models.values()):
        return
    Programme = apps.get_model("reports", "Programme")
    Period = models["Period"]
    total = Period.objects.filter(kind="total").order_by("-end").first()
    programme, _created = Programme.objects.get_or_create(
        slug=DEFAULT_SLUG,
        defaults={
            # The name the funder's workbook showed until now.
            "name_fr": settings.SE_PROGRAMME or "Programme Industrie 4.0",
            "name_en": settings.SE_PROGRAMME or "Industry 4.0 programme",
            "open_to_all": True,
            "start": total.start if total else None,
            "end": total.end if total else None,
        },
    )
    for model in models.values():
        model.objects.filter(programme__isnull=True).update(programme=programme)
    programme.clusters.set(apps.get_model("assessments", "Cluster").objects.all())
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    programme.coordinators.set(User.objects.filter(groups__name="coordinator"))
    Company = apps.get_model("assessments", "Company")
    Participation = apps.get_model("reports", "Participation")
    diagnosed = Company.objects.filter(assessments__isnull=False).distinct()
    Participation.objects.bulk_create(
        [
            Participation(programme=programme, company=company, joined_on=joined)
            for company, joined in _joined(diagnosed, apps)
        ]
    )


def _joined(companies, apps):  # type: ignore[no-untyped-def]
    """Each PME joined on the visit day of its first diagnostic."""
    Assessment = apps.get_model("assessments", "Assessment")
    for company in companies.order_by("pk"):
        first = Assessment.objects.filter(company=company).order_by("visit_date").first()
        yield company, first.visit_date


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0017_merge_self_assessment_and_plan_days"),
        ("reports", "0009_recheck_marks"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Programme",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.UUIDField(
                        default=uuid.uuid4, editable=False, unique=True, verbose_name="public code"
                    ),
                ),
                ("slug", models.SlugField(max_length=40, unique=True, verbose_name="short name")),
                ("name_fr", models.CharField(max_length=200, verbose_name="name (French)")),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
                (
                    "name_ar",
                    models.CharField(blank=True, max_length=200, verbose_name="name (Arabic)"),
                ),
                ("funder", models.CharField(blank=True, max_length=200, verbose_name="funder")),
                (
                    "start",
                    models.DateField(
                        blank=True,
                        null=True,
                        validators=[assessments.models.validate_plausible_date],
                        verbose_name="start",
                    ),
                ),
                (
                    "end",
                    models.DateField(
                        blank=True,
                        null=True,
                        validators=[assessments.models.validate_plausible_date],
                        verbose_name="end",
                    ),
                ),
                (
                    "open_to_all",
                    models.BooleanField(
                        default=False,
                        help_text="Every cluster, PME and coordinator takes part, without being listed.",
                        verbose_name="open to the whole install",
                    ),
                ),
                (
                    "clusters",
                    models.ManyToManyField(
                        blank=True,
                        related_name="programmes",
                        to="assessments.cluster",
                        verbose_name="clusters taking part",
                    ),
                ),
                (
                    "coordinators",
                    models.ManyToManyField(
                        blank=True,
                        related_name="coordinated_programmes",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="coordinators",
                    ),
                ),
            ],
            options={
                "verbose_name": "programme",
                "verbose_name_plural": "programmes",
                "ordering": ["start", "slug"],
            },
        ),
        migrations.CreateModel(
            name="Participation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "joined_on",
                    models.DateField(
                        validators=[assessments.models.validate_plausible_date],
                        verbose_name="joined on",
                    ),
                ),
                (
                    "left_on",
                    models.DateField(
                        blank=True,
                        null=True,
                        validators=[assessments.models.validate_plausible_date],
                        verbose_name="left on",
                    ),
                ),
                (
                    "company",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="assessments.company",
                        verbose_name="PME",
                    ),
                ),
                (
                    "programme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="participations",
                        to="reports.programme",
                        verbose_name="programme",
                    ),
                ),
            ],
            options={
                "verbose_name": "participation",
                "verbose_name_plural": "participations",
                "ordering": ["programme", "company"],
            },
        ),
        migrations.AddField(
            model_name="activity",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="activities",
                to="reports.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="completionrule",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="completion_rules",
                to="reports.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="indicators",
                to="reports.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="period",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="periods",
                to="reports.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddField(
            model_name="result",
            name="programme",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="results",
                to="reports.programme",
                verbose_name="programme",
            ),
        ),
        migrations.AddConstraint(
            model_name="programme",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("start__isnull", True),
                    ("end__isnull", True),
                    ("start__lte", models.F("end")),
                    _connector="OR",
                ),
                name="reports_programme_dates",
                violation_error_message="A programme ends on or after the day it starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("programme", "company"),
                name="reports_participation_unique",
                violation_error_message="This PME already takes part in this programme.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("left_on__isnull", True),
                    ("left_on__gte", models.F("joined_on")),
                    _connector="OR",
                ),
                name="reports_participation_dates",
                violation_error_message="A PME leaves a programme on or after it joined.",
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
