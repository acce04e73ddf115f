"""Writes to the maturity framework. Published versions are never changed."""

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diagnostics.framework_io import ActionSpec, FrameworkSpec, dump_framework
from diagnostics.models import (
    Action,
    ActionQuestion,
    Axis,
    Framework,
    FrameworkVersion,
    LevelDescriptor,
    Question,
    Stage,
)


def spec_checksum(spec: FrameworkSpec) -> str:
    return hashlib.sha256(dump_framework(spec).encode()).hexdigest()


@transaction.atomic
def framework_import(*, spec: FrameworkSpec, publish: bool = True) -> tuple[FrameworkVersion, bool]:
    """Create a framework version from a validated spec.

    Returns ``(version, created)``. Loading the very same content again is a
    no-op; different content under an existing version number is refused, since
    assessments already pinned to that version must never shift.
    """
    checksum = spec_checksum(spec)
    existing = FrameworkVersion.objects.filter(
        framework__code=spec.code, version=spec.version
    ).first()
    if existing is not None:
        if existing.checksum == checksum:
            return existing, False
        raise ValidationError(
            _(
                "Version %(version)s of framework %(code)s already exists with other content. "
                "Published versions cannot change: give the file a new version number."
            )
            % {"version": spec.version, "code": spec.code}
        )
    framework, _created = Framework.objects.get_or_create(
        code=spec.code, defaults={"name_fr": spec.name.fr, "name_en": spec.name.en}
    )
    now = timezone.now()
    version = FrameworkVersion.objects.create(
        framework=framework,
        version=spec.version,
        status=FrameworkVersion.Status.PUBLISHED if publish else FrameworkVersion.Status.DRAFT,
        description_fr=spec.description.fr,
        description_en=spec.description.en,
        checksum=checksum,
        published_at=now if publish else None,
        priority_weights=spec.priority_weights,
    )
    Stage.objects.bulk_create(
        Stage(
            framework_version=version,
            level=s.level,
            name_fr=s.name.fr,
            name_en=s.name.en,
            description_fr=s.description.fr,
            description_en=s.description.en,
        )
        for s in spec.stages
    )
    actions: dict[str, tuple[Action, ActionSpec]] = {}
    for axis_spec in spec.axes:
        axis = Axis.objects.create(
            framework_version=version,
            code=axis_spec.code,
            order=axis_spec.order,
            weight=axis_spec.weight,
            name_fr=axis_spec.name.fr,
            name_en=axis_spec.name.en,
            description_fr=axis_spec.description.fr,
            description_en=axis_spec.description.en,
        )
        _create_questions(axis, axis_spec)
        for a in axis_spec.actions:
            action = Action.objects.create(
                axis=axis,
                code=a.code,
                title_fr=a.title.fr,
                title_en=a.title.en,
                description_fr=a.description.fr,
                description_en=a.description.en,
                requires_level=a.requires_level,
                target_level=a.target_level,
                effort_half_days=a.effort_half_days,
                impact=a.impact,
                sectors=a.sectors,
                size_bands=a.size_bands,
                exposures=a.exposures,
                capex_min_mad=a.capex_mad.low,
                capex_max_mad=a.capex_mad.high,
                opex_min_mad=a.opex_mad.low,
                opex_max_mad=a.opex_mad.high,
                internal_days_min=a.internal_days.low,
                internal_days_max=a.internal_days.high,
                payback_months_min=a.payback_months.low,
                payback_months_max=a.payback_months.high,
                benefits=a.benefits,
                risks=a.risks,
                funding=a.funding,
                urgency=a.urgency,
            )
            actions[a.code] = (action, a)
    questions = {q.code: q for q in Question.objects.filter(axis__framework_version=version)}
    for action, a in actions.values():
        if a.prerequisites:
            action.prerequisites.set([actions[code][0] for code in a.prerequisites])
        ActionQuestion.objects.bulk_create(
            ActionQuestion(
                action=action,
                question=questions[q.question],
                from_level=q.from_level,
                to_level=q.to_level,
            )
            for q in a.questions
        )
    return version, True


def _create_questions(axis: Axis, axis_spec) -> None:  # type: ignore[no-untyped-def]
    for order, q in enumerate(axis_spec.questions, start=1):
        question = Question.objects.create(
            axis=axis,
            code=q.code,
            order=order,
            weight=q.weight,
            text_fr=q.text.fr,
            text_en=q.text.en,
            help_fr=q.help.fr,
            help_en=q.help.en,
            sectors=q.sectors,
            evidence_from_level=q.evidence_from_level,
        )
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(question=question, level=level, text_fr=t.fr, text_en=t.en)
            for level, t in q.levels.items()
        )


def framework_version_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    if version.is_published:
        return version
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version
