"""Stored scores as the indicators read them: ``Assessment.scores_exact``.

Every diagnostic already scored gets its scores as the indicators computed them when read:
recomputed from its answers (by the rules of ``assessments.scoring``) where that rounds to
the stored score, else the stored score as it is (the framework's weights changed since).
Then it is marked exact, and the indicators no longer read its answers.
"""

import json
from decimal import Decimal

from django.db import migrations, models
from django.db.models import F, Sum, TextField
from django.db.models.functions import Cast

MAX_LEVEL = 5.0
ROUNDING = 0.005 + 1e-9
BATCH = 2000


def _decimal(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("1e-8"))


def _agrees(exact: float | None, stored: Decimal | None) -> bool:
    return exact is not None and stored is not None and abs(exact - float(stored)) <= ROUNDING


def exact_scores(apps, scored):  # type: ignore[no-untyped-def]
    """{assessment id: ({axis id: exact}, overall exact or None)} from the answers."""
    Answer = apps.get_model("assessments", "Answer")
    Axis = apps.get_model("diagnostics", "Axis")
    sectors = dict(scored.values_list("pk", "company__sector"))
    weights = {
        pk: float(weight)
        for pk, weight in Axis.objects.filter(framework_version__extends=None).values_list(
            "pk", "weight"
        )
    }
    sums = (
        Answer.objects.filter(
            assessment__in=scored.values("pk"),
            question__axis__framework_version__extends=None,
            level__isnull=False,
            not_applicable=False,
        )
        .annotate(sectors=Cast("question__sectors", TextField()))
        .values("assessment_id", "question__axis_id", "sectors")
        .annotate(product=Sum(F("level") * F("question__weight")), weight=Sum("question__weight"))
        .values_list("assessment_id", "question__axis_id", "sectors", "product", "weight")
        .order_by()
    )
    wanted: dict[str, list[str]] = {}
    totals: dict[int, dict[int, list[float]]] = {}
    for assessment_id, axis_id, text, product, weight in sums.iterator(chunk_size=BATCH):
        if text not in wanted:
            names = json.loads(text) if text else []
            wanted[text] = names if isinstance(names, list) else []
        if wanted[text] and sectors.get(assessment_id) not in wanted[text]:
            continue  # a question of other sectors: out of this PME's score
        total = totals.setdefault(assessment_id, {}).setdefault(axis_id, [0.0, 0.0])
        total[0] += float(product)
        total[1] += float(weight)
    found = {}
    for assessment_id, axes in totals.items():
        exact = {
            axis: min(max(product / weight, 0.0), MAX_LEVEL)
            for axis, (product, weight) in axes.items()
            if weight > 0
        }
        weighed = [(score, weights.get(axis, 0.0)) for axis, score in exact.items()]
        total_weight = sum(w for _s, w in weighed)
        overall = sum(s * w for s, w in weighed) / total_weight if total_weight > 0 else None
        found[assessment_id] = (exact, None if overall is None else min(overall, MAX_LEVEL))
    return found


def fill(apps, schema_editor):  # type: ignore[no-untyped-def]
    Assessment = apps.get_model("assessments", "Assessment")
    AxisScore = apps.get_model("assessments", "AxisScore")
    scored = Assessment.objects.exclude(status="draft")
    exact = exact_scores(apps, scored)
    axes = []
    for pk, assessment_id, axis_id, stored in AxisScore.objects.filter(
        assessment_id__in=list(exact)
    ).values_list("pk", "assessment_id", "axis_id", "score"):
        score = exact[assessment_id][0].get(axis_id)
        if _agrees(score, stored) and _decimal(score) != stored:
            axes.append(AxisScore(pk=pk, score=_decimal(score)))
    AxisScore.objects.bulk_update(axes, ["score"], batch_size=BATCH)
    overall = []
    for pk, stored in scored.filter(pk__in=list(exact)).values_list("pk", "overall_score"):
        score = exact[pk][1]
        if _agrees(score, stored) and _decimal(score) != stored:
            overall.append(Assessment(pk=pk, overall_score=_decimal(score)))
    Assessment.objects.bulk_update(overall, ["overall_score"], batch_size=BATCH)
    scored.update(scores_exact=True)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0017_merge_self_assessment_and_plan_days"),
        ("diagnostics", "0008_merge_short_form"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="scores_exact",
            field=models.BooleanField(default=False, verbose_name="scores stored unrounded"),
        ),
        migrations.AddField(
            model_name="historicalassessment",
            name="scores_exact",
            field=models.BooleanField(default=False, verbose_name="scores stored unrounded"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
