"""Writes to the maturity framework. Published versions are never changed."""

import dataclasses
import hashlib
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diagnostics.framework_io import (
    ActionSpec,
    FrameworkFileError,
    FrameworkSpec,
    Text,
    dump_framework,
)
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
from diagnostics.packs import PackSpec, pack_core_errors, parse_pack

# The sector packs shipped with the project, one file each (docs/sector-packs.md).
PACKS_DIR = Path(__file__).resolve().parent / "frameworks" / "packs"


def spec_checksum(spec: FrameworkSpec) -> str:
    """The checksum of what assessments are pinned to: the French and English content.

    Arabic is left out, so that a translation added to a published version is loaded
    into it instead of being refused as a change; so is the EU DMA crosswalk, a reading of
    the answers that moves no score of ours (docs/dma.md)."""
    pinned = dataclasses.replace(spec, dma={})
    return hashlib.sha256(dump_framework(_without_arabic(pinned)).encode()).hexdigest()


def _without_arabic(value):  # type: ignore[no-untyped-def]
    if isinstance(value, Text):
        return Text(value.fr, value.en)
    if dataclasses.is_dataclass(value):
        fields = {
            f.name: _without_arabic(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
        return type(value)(**fields)
    if isinstance(value, list):
        return [_without_arabic(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_arabic(item) for key, item in value.items()}
    return value


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
            _arabic_update(version=existing, spec=spec)
            if existing.dma_crosswalk != spec.dma:
                existing.dma_crosswalk = spec.dma
                existing.save(update_fields=["dma_crosswalk"])
            return existing, False
        raise ValidationError(
            _(
                "Version %(version)s of framework %(code)s already exists with other content. "
                "Published versions cannot change: give the file a new version number."
            )
            % {"version": spec.version, "code": spec.code}
        )
    framework, _created = Framework.objects.get_or_create(
        code=spec.code,
        defaults={"name_fr": spec.name.fr, "name_en": spec.name.en, "name_ar": spec.name.ar},
    )
    now = timezone.now()
    version = FrameworkVersion.objects.create(
        framework=framework,
        version=spec.version,
        status=FrameworkVersion.Status.PUBLISHED if publish else FrameworkVersion.Status.DRAFT,
        description_fr=spec.description.fr,
        description_en=spec.description.en,
        description_ar=spec.description.ar,
        checksum=checksum,
        published_at=now if publish else None,
        priority_weights=spec.priority_weights,
        dma_crosswalk=spec.dma,
    )
    Stage.objects.bulk_create(
        Stage(
            framework_version=version,
            level=s.level,
            name_fr=s.name.fr,
            name_en=s.name.en,
            name_ar=s.name.ar,
            description_fr=s.description.fr,
            description_en=s.description.en,
            description_ar=s.description.ar,
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
            name_ar=axis_spec.name.ar,
            description_fr=axis_spec.description.fr,
            description_en=axis_spec.description.en,
            description_ar=axis_spec.description.ar,
        )
        _create_questions(axis, axis_spec)
        for a in axis_spec.actions:
            action = Action.objects.create(
                axis=axis,
                code=a.code,
                title_fr=a.title.fr,
                title_en=a.title.en,
                title_ar=a.title.ar,
                description_fr=a.description.fr,
                description_en=a.description.en,
                description_ar=a.description.ar,
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
            text_ar=q.text.ar,
            help_fr=q.help.fr,
            help_en=q.help.en,
            help_ar=q.help.ar,
            sectors=q.sectors,
            evidence_from_level=q.evidence_from_level,
            short_form=q.short_form,
        )
        LevelDescriptor.objects.bulk_create(
            LevelDescriptor(
                question=question, level=level, text_fr=t.fr, text_en=t.en, text_ar=t.ar
            )
            for level, t in q.levels.items()
        )


def _arabic_update(*, version: FrameworkVersion, spec: FrameworkSpec) -> None:
    """Copy the file's Arabic texts into a version that already holds its French and English."""
    _set_arabic(version.framework, name=spec.name)
    _set_arabic(version, description=spec.description)
    stages = {s.level: s for s in version.stages.all()}
    for stage_spec in spec.stages:
        _set_arabic(
            stages[stage_spec.level], name=stage_spec.name, description=stage_spec.description
        )
    axes = {a.code: a for a in version.axes.prefetch_related("questions__descriptors", "actions")}
    for axis_spec in spec.axes:
        axis = axes[axis_spec.code]
        _set_arabic(axis, name=axis_spec.name, description=axis_spec.description)
        questions = {q.code: q for q in axis.questions.all()}
        for q in axis_spec.questions:
            question = questions[q.code]
            _set_arabic(question, text=q.text, help=q.help)
            for descriptor in question.descriptors.all():
                _set_arabic(descriptor, text=q.levels[descriptor.level])
        actions = {a.code: a for a in axis.actions.all()}
        for a in axis_spec.actions:
            _set_arabic(actions[a.code], title=a.title, description=a.description)


def _set_arabic(row: models.Model, **texts: Text) -> None:
    changed = [f"{name}_ar" for name, t in texts.items() if getattr(row, f"{name}_ar") != t.ar]
    for field in changed:
        setattr(row, field, texts[field.removesuffix("_ar")].ar)
    if changed:
        row.save(update_fields=changed)


def framework_version_publish(*, version: FrameworkVersion) -> FrameworkVersion:
    if version.is_published:
        return version
    version.status = FrameworkVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.save(update_fields=["status", "published_at"])
    return version


@transaction.atomic
def pack_import(*, spec: PackSpec, publish: bool = True) -> tuple[FrameworkVersion, bool]:
    """Store a sector pack as a framework version extending its core version.

    Refused whole (nothing stored) when the core version is unknown, when the pack reuses
    a core code, or when the core version already carries another version of this pack:
    a diagnostic pinned to a core version answers one version of each pack.
    """
    core = FrameworkVersion.objects.filter(
        framework__code=spec.extends_framework, version=spec.extends_version, extends=None
    ).first()
    if core is None:
        raise FrameworkFileError(
            [
                "pack.extends: "
                + _("unknown framework version %(code)s %(version)s")
                % {"code": spec.extends_framework, "version": spec.extends_version}
            ]
        )
    errors = pack_core_errors(
        spec,
        core_axes=set(core.axes.values_list("code", flat=True)),
        core_questions=set(
            Question.objects.filter(axis__framework_version=core).values_list("code", flat=True)
        ),
        core_actions=set(
            Action.objects.filter(axis__framework_version=core).values_list("code", flat=True)
        ),
    )
    if FrameworkVersion.objects.filter(framework__code=spec.code, extends=None).exists():
        errors.append("pack.code: " + _("this code is a core framework's"))
    if errors:
        raise FrameworkFileError(errors)
    same = FrameworkVersion.objects.filter(framework__code=spec.code, version=spec.version).first()
    if same is not None and same.extends_id != core.id:
        raise ValidationError(
            _("Version %(version)s of pack %(code)s already extends another framework version.")
            % {"version": spec.version, "code": spec.code}
        )
    other = core.packs.filter(framework__code=spec.code).exclude(version=spec.version).first()
    if other is not None:
        raise ValidationError(
            _(
                "Framework version %(core)s already carries version %(other)s of pack %(code)s; "
                "a pack changes with a new version of the framework it extends."
            )
            % {"core": core, "other": other.version, "code": spec.code}
        )
    version, created = framework_import(spec=spec.as_framework(), publish=publish)
    if created:
        version.extends = core
        version.sectors = list(spec.sectors)
        version.full_clean(validate_unique=False, validate_constraints=False)
        version.save(update_fields=["extends", "sectors"])
    return version, created


def packs_import_shipped(*, version: FrameworkVersion) -> list[FrameworkVersion]:
    """Load the shipped packs that extend ``version`` (those already loaded stay as they are)."""
    packs = []
    for path in sorted(PACKS_DIR.glob("*.yaml")):
        spec = parse_pack(path.read_bytes())
        if (spec.extends_framework, spec.extends_version) == (
            version.framework.code,
            version.version,
        ):
            packs.append(pack_import(spec=spec)[0])
    return packs
