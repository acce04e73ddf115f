"""Reading and writing framework files (YAML), with no database.

``parse_framework`` turns YAML text into a ``FrameworkSpec`` or raises
``FrameworkFileError`` listing every problem, each naming its place
(``axes[STRAT].questions[STRAT-01].levels.3.fr``), so that a file is refused
whole and its author can fix it in one pass.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.utils.translation import gettext as _

LANGS = ("fr", "en")
OPTIONAL_LANGS = ("ar",)  # read when present; the text falls back to French when absent

# The database columns' lengths (checked against the models by a test): a value too long is
# refused by name here, not by the database on PostgreSQL (SQLite would store it).
LIMITS = {
    "framework.code": 60,
    "framework.name": 200,
    "version": 20,
    "stage.name": 80,
    "axis.code": 20,
    "axis.name": 200,
    "question.code": 30,
    "action.code": 30,
    "action.title": 200,
}
LEVELS = range(0, 6)


class FrameworkFileError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class Text:
    fr: str
    en: str
    ar: str = ""


@dataclass
class StageSpec:
    level: int
    name: Text
    description: Text


@dataclass
class QuestionSpec:
    code: str
    weight: Decimal
    text: Text
    help: Text
    levels: dict[int, Text]
    sectors: list[str] = field(default_factory=list)
    evidence_from_level: int | None = None


@dataclass
class ActionSpec:
    code: str
    title: Text
    description: Text
    requires_level: int
    target_level: int
    effort_half_days: int
    impact: int
    prerequisites: list[str] = field(default_factory=list)


@dataclass
class AxisSpec:
    code: str
    order: int
    weight: Decimal
    name: Text
    description: Text
    questions: list[QuestionSpec]
    actions: list[ActionSpec]


@dataclass
class FrameworkSpec:
    code: str
    version: str
    name: Text
    description: Text
    stages: list[StageSpec]
    axes: list[AxisSpec]


class _Reader:
    """Collects errors while walking the parsed YAML."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def fail(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.fail(where, _("expected a mapping of fields"))
            return {}
        return value

    def items(self, value: Any, where: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, _("expected a list"))
            return []
        return value

    def string(
        self,
        data: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        max_length: int | None = None,
    ) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(f"{where}.{key}", _("missing"))
            return ""
        if not isinstance(value, str | int | float):
            self.fail(f"{where}.{key}", _("expected text"))
            return ""
        text = str(value).strip()
        if max_length is not None and len(text) > max_length:
            self.fail(
                f"{where}.{key}",
                _("longer than %(n)s characters (%(length)s)")
                % {"n": max_length, "length": len(text)},
            )
        return text

    def text(
        self,
        data: dict[str, Any],
        key: str,
        where: str,
        *,
        required: bool = True,
        max_length: int | None = None,
    ) -> Text:
        return self.text_value(
            data.get(key), f"{where}.{key}", required=required, max_length=max_length
        )

    def text_value(
        self, value: Any, where: str, *, required: bool = True, max_length: int | None = None
    ) -> Text:
        """A ``{fr: ..., en: ...}`` mapping."""
        if value is None and not required:
            return Text("", "")
        value = self.mapping(value, where)
        texts = {
            lang: self.string(value, lang, where, required=required, max_length=max_length)
            for lang in LANGS
        }
        for lang in OPTIONAL_LANGS:
            texts[lang] = self.string(value, lang, where, required=False, max_length=max_length)
        return Text(**texts)

    def integer(
        self,
        data: dict[str, Any],
        key: str,
        where: str,
        low: int,
        high: int,
        default: int | None = None,
    ) -> int:
        value = data.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{where}.{key}", _("expected a whole number"))
            return low
        if not low <= value <= high:
            self.fail(
                f"{where}.{key}",
                _("must be between %(low)s and %(high)s") % {"low": low, "high": high},
            )
        return value

    def weight(self, data: dict[str, Any], where: str) -> Decimal:
        raw = data.get("weight", 1)
        try:
            value = Decimal(str(raw))
        except InvalidOperation:
            self.fail(f"{where}.weight", _("expected a number"))
            return Decimal(1)
        if isinstance(raw, bool) or not value.is_finite() or value <= 0 or value >= 1000:
            self.fail(f"{where}.weight", _("must be a number greater than 0 and below 1000"))
            return Decimal(1)
        return value


def parse_framework(source: str | bytes) -> FrameworkSpec:
    try:
        raw = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _("line %(line)s") % {"line": mark.line + 1} if mark else _("file")
        message = _("not valid YAML")
        raise FrameworkFileError([f"{where}: {message} ({exc})"]) from exc
    reader = _Reader()
    root = reader.mapping(raw, _("file"))
    head = reader.mapping(root.get("framework"), "framework")
    spec = FrameworkSpec(
        code=reader.string(head, "code", "framework", max_length=LIMITS["framework.code"]),
        version=reader.string(head, "version", "framework", max_length=LIMITS["version"]),
        name=reader.text(head, "name", "framework", max_length=LIMITS["framework.name"]),
        description=reader.text(head, "description", "framework", required=False),
        stages=_read_stages(reader, root.get("stages")),
        axes=_read_axes(reader, root.get("axes")),
    )
    _check_prerequisites(reader, spec)
    if reader.errors:
        raise FrameworkFileError(reader.errors)
    return spec


def _read_stages(reader: _Reader, value: Any) -> list[StageSpec]:
    stages = []
    for index, item in enumerate(reader.items(value, "stages")):
        where = f"stages[{index}]"
        data = reader.mapping(item, where)
        level = reader.integer(data, "level", where, 0, 5)
        stages.append(
            StageSpec(
                level=level,
                name=reader.text(data, "name", f"stages[{level}]", max_length=LIMITS["stage.name"]),
                description=reader.text(data, "description", f"stages[{level}]", required=False),
            )
        )
    if sorted(stage.level for stage in stages) != list(LEVELS):
        reader.fail("stages", _("one stage is needed for each level 0 to 5"))
    return stages


def _read_axes(reader: _Reader, value: Any) -> list[AxisSpec]:
    axes: list[AxisSpec] = []
    seen: set[str] = set()
    items = reader.items(value, "axes")
    if not items:
        reader.fail("axes", _("a framework needs at least one axis"))
    for index, item in enumerate(items):
        data = reader.mapping(item, f"axes[{index}]")
        code = reader.string(data, "code", f"axes[{index}]", max_length=LIMITS["axis.code"])
        code = code or f"#{index}"
        where = f"axes[{code}]"
        if code in seen:
            reader.fail(where, _("this axis code is used twice"))
        seen.add(code)
        questions = [
            _read_question(reader, q, f"{where}.questions", i)
            for i, q in enumerate(reader.items(data.get("questions"), f"{where}.questions"))
        ]
        if not questions:
            reader.fail(f"{where}.questions", _("an axis needs at least one question"))
        axes.append(
            AxisSpec(
                code=code,
                order=reader.integer(data, "order", where, 0, 999, default=index + 1),
                weight=reader.weight(data, where),
                name=reader.text(data, "name", where, max_length=LIMITS["axis.name"]),
                description=reader.text(data, "description", where, required=False),
                questions=questions,
                actions=[
                    _read_action(reader, a, f"{where}.actions", i)
                    for i, a in enumerate(reader.items(data.get("actions"), f"{where}.actions"))
                ],
            )
        )
    _check_unique(reader, [q.code for a in axes for q in a.questions], "questions")
    _check_unique(reader, [x.code for a in axes for x in a.actions], "actions")
    return axes


def _read_question(reader: _Reader, item: Any, where: str, index: int) -> QuestionSpec:
    data = reader.mapping(item, f"{where}[{index}]")
    code = reader.string(data, "code", f"{where}[{index}]", max_length=LIMITS["question.code"])
    code = code or f"#{index}"
    where = f"{where}[{code}]"
    levels_raw: dict[Any, Any] = reader.mapping(data.get("levels"), f"{where}.levels")
    levels: dict[int, Text] = {}
    for level in LEVELS:
        if level not in levels_raw and str(level) not in levels_raw:
            reader.fail(f"{where}.levels.{level}", _("missing descriptor"))
            continue
        entry = levels_raw.get(level, levels_raw.get(str(level)))
        levels[level] = reader.text_value(entry, f"{where}.levels.{level}")
    extra = {str(k) for k in levels_raw} - {str(level) for level in LEVELS}
    if extra:
        reader.fail(f"{where}.levels", _("unknown levels: %(levels)s") % {"levels": sorted(extra)})
    sectors = reader.items(data.get("sectors"), f"{where}.sectors")
    evidence = data.get("evidence_from_level")
    return QuestionSpec(
        code=code,
        weight=reader.weight(data, where),
        text=reader.text(data, "text", where),
        help=reader.text(data, "help", where, required=False),
        levels=levels,
        sectors=[str(s) for s in sectors],
        evidence_from_level=(
            None if evidence is None else reader.integer(data, "evidence_from_level", where, 1, 5)
        ),
    )


def _read_action(reader: _Reader, item: Any, where: str, index: int) -> ActionSpec:
    data = reader.mapping(item, f"{where}[{index}]")
    code = reader.string(data, "code", f"{where}[{index}]", max_length=LIMITS["action.code"])
    code = code or f"#{index}"
    where = f"{where}[{code}]"
    requires = reader.integer(data, "requires_level", where, 0, 4, default=0)
    target = reader.integer(data, "target_level", where, 1, 5)
    if target <= requires:
        reader.fail(f"{where}.target_level", _("must be above requires_level"))
    return ActionSpec(
        code=code,
        title=reader.text(data, "title", where, max_length=LIMITS["action.title"]),
        description=reader.text(data, "description", where, required=False),
        requires_level=requires,
        target_level=target,
        effort_half_days=reader.integer(data, "effort_half_days", where, 1, 16),
        impact=reader.integer(data, "impact", where, 1, 5),
        prerequisites=[str(p) for p in reader.items(data.get("prerequisites"), where)],
    )


def _check_unique(reader: _Reader, codes: list[str], what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            reader.fail(f"{what}[{code}]", _("this code is used twice in the framework"))
        seen.add(code)


def _check_prerequisites(reader: _Reader, spec: FrameworkSpec) -> None:
    actions = {a.code: a for axis in spec.axes for a in axis.actions}
    for code, action in actions.items():
        for prerequisite in action.prerequisites:
            if prerequisite not in actions:
                reader.fail(
                    f"actions[{code}].prerequisites",
                    _("unknown action %(code)s") % {"code": prerequisite},
                )
    for code in _cycle_members(actions):
        reader.fail(f"actions[{code}].prerequisites", _("prerequisites form a cycle"))


def _cycle_members(actions: dict[str, ActionSpec]) -> list[str]:
    state: dict[str, int] = {}
    cyclic: list[str] = []

    def visit(code: str) -> bool:
        if state.get(code) == 1:
            return True
        if state.get(code) == 2 or code not in actions:
            return False
        state[code] = 1
        found = any(visit(p) for p in actions[code].prerequisites)
        state[code] = 2
        return found

    for code in actions:
        state.clear()
        if visit(code):
            cyclic.append(code)
    return cyclic


def dump_framework(spec: FrameworkSpec) -> str:
    def text(t: Text) -> dict[str, str]:
        return {"fr": t.fr, "en": t.en, **({"ar": t.ar} if t.ar else {})}

    data = {
        "framework": {
            "code": spec.code,
            "version": spec.version,
            "name": text(spec.name),
            "description": text(spec.description),
        },
        "stages": [
            {"level": s.level, "name": text(s.name), "description": text(s.description)}
            for s in spec.stages
        ],
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


def _dump_question(q: QuestionSpec, text: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": q.code,
        "weight": float(q.weight),
        "text": text(q.text),
        "help": text(q.help),
        "sectors": q.sectors,
        "levels": {level: text(t) for level, t in sorted(q.levels.items())},
    }
    if q.evidence_from_level is not None:
        data["evidence_from_level"] = q.evidence_from_level
    return data


def _dump_action(a: ActionSpec, text: Any) -> dict[str, Any]:
    return {
        "code": a.code,
        "title": text(a.title),
        "description": text(a.description),
        "requires_level": a.requires_level,
        "target_level": a.target_level,
        "effort_half_days": a.effort_half_days,
        "impact": a.impact,
        "prerequisites": a.prerequisites,
    }
