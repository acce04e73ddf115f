"""Sector packs: framework modules that add axes, questions and actions for one sector.

A pack file (``diagnostics/frameworks/packs/*.yaml``) names the core framework version it
extends and the sectors (``diagnostics.codes.Sector``) whose PMEs it applies to; its axes
are written exactly like the core framework's (``framework_io``). Stored, a pack is a
framework version of its own whose ``extends`` is the core version: the core version's axes,
and so its scores, never see the pack (docs/sector-packs.md).

Like ``framework_io``, this module reads and writes files with no database: ``parse_pack``
refuses a file whole, every problem naming its place; ``pack_core_errors`` checks a pack
against the core version it extends, given that version's codes.
"""

from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _

from diagnostics.codes import CODE_LISTS
from diagnostics.framework_io import (
    LIMITS,
    AxisSpec,
    FrameworkFileError,
    FrameworkSpec,
    Text,
    _check_prerequisites,
    _check_questions,
    _dump_action,
    _dump_question,
    _read_axes,
    _Reader,
)


@dataclass
class PackSpec:
    code: str
    version: str
    name: Text
    description: Text
    sectors: list[str]
    extends_framework: str
    extends_version: str
    axes: list[AxisSpec] = field(default_factory=list)

    def as_framework(self) -> FrameworkSpec:
        """The pack as a framework of its own (no stages: it uses the core version's)."""
        return FrameworkSpec(
            code=self.code,
            version=self.version,
            name=self.name,
            description=self.description,
            stages=[],
            axes=self.axes,
        )


def is_pack_source(source: str | bytes) -> bool:
    """Whether a YAML file is a pack (its root has ``pack:``), not a core framework."""
    try:
        raw = yaml.safe_load(source)
    except yaml.YAMLError:
        return False
    return isinstance(raw, dict) and "pack" in raw


def parse_pack(source: str | bytes) -> PackSpec:
    try:
        raw = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else _("file")
        raise FrameworkFileError([f"{where}: {_('not valid YAML')} ({exc})"]) from exc
    reader = _Reader()
    root = reader.mapping(raw, _("file"))
    head = reader.mapping(root.get("pack"), "pack")
    extends = reader.mapping(head.get("extends"), "pack.extends")
    sectors = _read_sectors(reader, head)
    spec = PackSpec(
        code=reader.string(head, "code", "pack", max_length=LIMITS["framework.code"]),
        version=reader.string(head, "version", "pack", max_length=LIMITS["version"]),
        name=reader.text(head, "name", "pack", max_length=LIMITS["framework.name"]),
        description=reader.text(head, "description", "pack", required=False),
        sectors=sectors,
        extends_framework=reader.string(
            extends, "framework", "pack.extends", max_length=LIMITS["framework.code"]
        ),
        extends_version=reader.string(
            extends, "version", "pack.extends", max_length=LIMITS["version"]
        ),
        axes=_read_axes(reader, root.get("axes")),
    )
    if spec.code and spec.code == spec.extends_framework:
        reader.fail("pack.code", _("a pack's code differs from the framework it extends"))
    _apply_sectors(reader, spec)
    _check_prerequisites(reader, spec.as_framework())
    _check_questions(reader, spec.as_framework())
    if reader.errors:
        raise FrameworkFileError(reader.errors)
    return spec


def _read_sectors(reader: _Reader, head: dict[str, Any]) -> list[str]:
    allowed = CODE_LISTS["sector"].values
    sectors = [str(s) for s in reader.items(head.get("sectors"), "pack.sectors")]
    if not sectors:
        reader.fail("pack.sectors", _("a pack applies to at least one sector"))
    for code in sectors:
        if code not in allowed:
            reader.fail(
                "pack.sectors",
                _("unknown sector %(code)s (known: %(known)s)")
                % {"code": code, "known": ", ".join(allowed)},
            )
    if len(set(sectors)) != len(sectors):
        reader.fail("pack.sectors", _("a code is listed twice"))
    return sectors


def _apply_sectors(reader: _Reader, spec: PackSpec) -> None:
    """A pack's questions and actions apply to the pack's sectors (or to some of them)."""
    for axis in spec.axes:
        for question in axis.questions:
            outside = sorted(set(question.sectors) - set(spec.sectors))
            if outside:
                reader.fail(
                    f"axes[{axis.code}].questions[{question.code}].sectors",
                    _("not among the pack's sectors: %(codes)s") % {"codes": ", ".join(outside)},
                )
            question.sectors = question.sectors or list(spec.sectors)
        for action in axis.actions:
            outside = sorted(set(action.sectors) - set(spec.sectors))
            if outside:
                reader.fail(
                    f"axes[{axis.code}].actions[{action.code}].sectors",
                    _("not among the pack's sectors: %(codes)s") % {"codes": ", ".join(outside)},
                )
            action.sectors = action.sectors or list(spec.sectors)


def pack_core_errors(
    spec: PackSpec, *, core_axes: set[str], core_questions: set[str], core_actions: set[str]
) -> list[str]:
    """What clashes between a pack and the core version it extends: a pack never reuses a
    core code, so that a question code names one question in a diagnostic."""
    errors = []
    for axis in spec.axes:
        if axis.code in core_axes:
            errors.append(f"axes[{axis.code}]: " + _("this axis code is the core framework's"))
        for question in axis.questions:
            if question.code in core_questions:
                errors.append(
                    f"axes[{axis.code}].questions[{question.code}]: "
                    + _("this question code is the core framework's")
                )
        for action in axis.actions:
            if action.code in core_actions:
                errors.append(
                    f"axes[{axis.code}].actions[{action.code}]: "
                    + _("this action code is the core framework's")
                )
    return errors


def dump_pack(spec: PackSpec) -> str:
    def text(t: Text) -> dict[str, str]:
        return {"fr": t.fr, "en": t.en, **({"ar": t.ar} if t.ar else {})}

    data: dict[str, Any] = {
        "pack": {
            "code": spec.code,
            "version": spec.version,
            "name": text(spec.name),
            "description": text(spec.description),
            "sectors": spec.sectors,
            "extends": {"framework": spec.extends_framework, "version": spec.extends_version},
        },
        "axes": [
            {
                "code": a.code,
                "order": a.order,
                "weight": float(a.weight),
                "name": text(a.name),
                "description": text(a.description),
                "questions": [_dump_question(q, text) for q in a.questions],
                "actions": [_dump_action(x, text) for x in a.actions],
            }
            for a in spec.axes
        ],
    }
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
