"""Reads of the maturity framework."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.db.models import Prefetch, QuerySet

from diagnostics.framework_io import (
    ActionSpec,
    AxisSpec,
    FrameworkSpec,
    ImprovesSpec,
    QuestionSpec,
    Range,
    StageSpec,
    Text,
)
from diagnostics.models import Action, ActionQuestion, Axis, FrameworkVersion, Question
from diagnostics.packs import PackSpec


def framework_versions_published() -> QuerySet[FrameworkVersion]:
    """The core versions a diagnostic may start on (a sector pack is never started on)."""
    return FrameworkVersion.objects.filter(
        status=FrameworkVersion.Status.PUBLISHED, extends=None
    ).select_related("framework")


_read_once: ContextVar[dict[tuple[Any, ...], list[Any]] | None] = ContextVar(
    "framework_read_once", default=None
)


@contextmanager
def framework_read_once() -> Iterator[None]:
    """Within the block, a version's axes, questions and packs are read from the database once.

    For a document built by many selectors that each read the framework (the PDF roadmap
    read it nine times); the framework does not change while one document is built.
    """
    token = _read_once.set({})
    try:
        yield
    finally:
        _read_once.reset(token)


def _once(key: tuple[Any, ...], read: Any) -> list[Any]:
    memo = _read_once.get()
    if memo is None:
        return list(read())
    if key not in memo:
        memo[key] = list(read())
    return list(memo[key])


def packs_for(version: FrameworkVersion | int, sector: str) -> list[FrameworkVersion]:
    """The published sector packs of a core version (or its id) that apply to a PME of
    ``sector``."""
    version_id = version if isinstance(version, int) else version.pk

    def read() -> list[FrameworkVersion]:
        packs = FrameworkVersion.objects.filter(extends=version_id)
        packs = packs.exclude(status=FrameworkVersion.Status.DRAFT)
        packs = packs.select_related("framework").order_by("framework__code")
        return [pack for pack in packs if sector in pack.sectors]

    return _once(("packs", version_id, sector), read)


def pack_axes_with_questions(
    version: FrameworkVersion, sector: str, *, descriptors: bool = False
) -> list[Axis]:
    """The axes the sector packs add to a diagnostic of a PME of ``sector``."""
    return [
        axis
        for pack in packs_for(version, sector)
        for axis in axes_with_questions(pack, descriptors=descriptors)
    ]


def framework_version_latest() -> FrameworkVersion | None:
    return framework_versions_published().order_by("-published_at", "-id").first()


def axes_with_questions(version: FrameworkVersion, *, descriptors: bool = False) -> list[Axis]:
    """Every axis of a version with its questions (and their descriptors, if asked)."""
    questions = Question.objects.order_by("order", "code")
    if descriptors:
        questions = questions.prefetch_related("descriptors")
    axes = version.axes.prefetch_related(Prefetch("questions", queryset=questions))
    return _once(("axes", version.pk, descriptors), axes.order_by("order", "code").all)


def framework_version_spec(version: FrameworkVersion) -> FrameworkSpec:
    improves = ActionQuestion.objects.select_related("question").order_by("id")
    actions = Action.objects.prefetch_related(
        "prerequisites", Prefetch("improves", queryset=improves)
    ).order_by("code")
    axes = version.axes.prefetch_related(
        Prefetch("questions", queryset=Question.objects.prefetch_related("descriptors")),
        Prefetch("actions", queryset=actions),
    ).order_by("order", "code")
    return FrameworkSpec(
        code=version.framework.code,
        version=version.version,
        name=Text(version.framework.name_fr, version.framework.name_en, version.framework.name_ar),
        description=Text(version.description_fr, version.description_en, version.description_ar),
        stages=[
            StageSpec(
                s.level,
                Text(s.name_fr, s.name_en, s.name_ar),
                Text(s.description_fr, s.description_en, s.description_ar),
            )
            for s in version.stages.order_by("level")
        ],
        axes=[_axis_spec(axis) for axis in axes],
        priority_weights=dict(version.priority_weights),
        dma=dict(version.dma_crosswalk),
    )


def _axis_spec(axis: Axis) -> AxisSpec:
    return AxisSpec(
        code=axis.code,
        order=axis.order,
        weight=axis.weight,
        name=Text(axis.name_fr, axis.name_en, axis.name_ar),
        description=Text(axis.description_fr, axis.description_en, axis.description_ar),
        questions=[
            QuestionSpec(
                code=q.code,
                weight=q.weight,
                text=Text(q.text_fr, q.text_en, q.text_ar),
                help=Text(q.help_fr, q.help_en, q.help_ar),
                levels={
                    d.level: Text(d.text_fr, d.text_en, d.text_ar) for d in q.descriptors.all()
                },
                sectors=list(q.sectors),
                evidence_from_level=q.evidence_from_level,
                short_form=q.short_form,
            )
            for q in axis.questions.all()
        ],
        actions=[
            ActionSpec(
                code=a.code,
                title=Text(a.title_fr, a.title_en, a.title_ar),
                description=Text(a.description_fr, a.description_en, a.description_ar),
                requires_level=a.requires_level,
                target_level=a.target_level,
                effort_half_days=a.effort_half_days,
                impact=a.impact,
                prerequisites=sorted(p.code for p in a.prerequisites.all()),
                questions=[
                    ImprovesSpec(i.question.code, i.from_level, i.to_level)
                    for i in a.improves.all()
                ],
                sectors=list(a.sectors),
                size_bands=list(a.size_bands),
                exposures=list(a.exposures),
                capex_mad=Range(a.capex_min_mad, a.capex_max_mad),
                opex_mad=Range(a.opex_min_mad, a.opex_max_mad),
                internal_days=Range(a.internal_days_min, a.internal_days_max),
                payback_months=Range(a.payback_months_min, a.payback_months_max),
                benefits=list(a.benefits),
                risks=list(a.risks),
                funding=list(a.funding),
                urgency=a.urgency,
            )
            for a in axis.actions.all()
        ],
    )


def pack_spec(version: FrameworkVersion) -> PackSpec:
    """A stored sector pack as its file says it (``packs.dump_pack`` writes it)."""
    framework = framework_version_spec(version)
    core = version.extends
    assert core is not None, "not a sector pack"
    return PackSpec(
        code=framework.code,
        version=framework.version,
        name=framework.name,
        description=framework.description,
        sectors=list(version.sectors),
        extends_framework=core.framework.code,
        extends_version=core.version,
        axes=framework.axes,
    )
