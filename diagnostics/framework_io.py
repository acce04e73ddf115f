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

from diagnostics.codes import CODE_LISTS, PRIORITY_WEIGHTS
from diagnostics.crosswalk import dump_crosswalk, read_crosswalk

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
# The business case's ranges: YAML key → largest value accepted (a typo of a zero too many
# is refused rather than stored).
RANGE_LIMITS = {
    "capex_mad": 50_000_000,
    "opex_mad": 10_000_000,
    "internal_days": 1000,
    "payback_months": 240,
}
APPLICABILITY = {"sectors": "sector", "size_bands": "size_band", "exposures": "exposure"}


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
    short_form: bool = False


@dataclass
class ImprovesSpec:
    """A question an action improves: ``question`` goes from ``from_level`` to ``to_level``."""

    question: str
    from_level: int
    to_level: int


@dataclass
class Range:
    low: int | None
    high: int | None

    def dump(self) -> list[int | None] | None:
        return None if self.low is None and self.high is None else [self.low, self.high]


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
    questions: list[ImprovesSpec] = field(default_factory=list)
    sectors: list[str] = field(default_factory=list)
    size_bands: list[str] = field(default_factory=list)
    exposures: list[str] = field(default_factory=list)
    capex_mad: Range = field(default_factory=lambda: Range(None, None))
    opex_mad: Range = field(default_factory=lambda: Range(None, None))
    internal_days: Range = field(default_factory=lambda: Range(None, None))
    payback_months: Range = field(default_factory=lambda: Range(None, None))
    benefits: list[dict[str, Any]] = field(default_factory=list)
    risks: list[dict[str, str]] = field(default_factory=list)
    funding: list[dict[str, str]] = field(default_factory=list)
    urgency: int = 0


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
    priority_weights: dict[str, float] = field(default_factory=dict)
    # The EU DMA crosswalk: {dimension: {question code: weight}} (diagnostics/crosswalk.py).
    dma: dict[str, dict[str, float]] = field(default_factory=dict)


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
        priority_weights=_read_weights(reader, root.get("prioritisation")),
    )
    _check_prerequisites(reader, spec)
    _check_questions(reader, spec)
    questions = {q.code for axis in spec.axes for q in axis.questions}
    spec.dma = read_crosswalk(reader, root.get("dma"), questions)
    if reader.errors:
        raise FrameworkFileError(reader.errors)
    return spec


def _read_weights(reader: _Reader, value: Any) -> dict[str, float]:
    if value is None:
        return {}
    data = reader.mapping(value, "prioritisation")
    weights = reader.mapping(data.get("weights", {}), "prioritisation.weights")
    read: dict[str, float] = {}
    for key, raw in weights.items():
        where = f"prioritisation.weights.{key}"
        if key not in PRIORITY_WEIGHTS:
            reader.fail(
                where,
                _("unknown weight (known: %(known)s)") % {"known": ", ".join(PRIORITY_WEIGHTS)},
            )
        elif isinstance(raw, bool) or not isinstance(raw, int | float) or not 0 <= raw <= 100:
            reader.fail(where, _("must be a number from 0 to 100"))
        else:
            read[key] = float(raw)
    if weights and not any(read.values()):
        reader.fail("prioritisation.weights", _("at least one weight must be above 0"))
    return read


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
    short_form = data.get("short_form", False)
    if not isinstance(short_form, bool):
        reader.fail(f"{where}.short_form", _("true or false"))
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
        short_form=short_form is True,
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
    ranges = {key: _read_range(reader, data, key, where) for key in RANGE_LIMITS}
    return ActionSpec(
        code=code,
        title=reader.text(data, "title", where, max_length=LIMITS["action.title"]),
        description=reader.text(data, "description", where, required=False),
        requires_level=requires,
        target_level=target,
        effort_half_days=reader.integer(data, "effort_half_days", where, 1, 16),
        impact=reader.integer(data, "impact", where, 1, 5),
        prerequisites=[str(p) for p in reader.items(data.get("prerequisites"), where)],
        questions=[
            _read_improves(reader, entry, f"{where}.questions[{i}]")
            for i, entry in enumerate(reader.items(data.get("questions"), f"{where}.questions"))
        ],
        sectors=_read_codes(reader, data, "sectors", where),
        size_bands=_read_codes(reader, data, "size_bands", where),
        exposures=_read_codes(reader, data, "exposures", where),
        capex_mad=ranges["capex_mad"],
        opex_mad=ranges["opex_mad"],
        internal_days=ranges["internal_days"],
        payback_months=ranges["payback_months"],
        benefits=[
            _read_benefit(reader, entry, f"{where}.benefits[{i}]")
            for i, entry in enumerate(reader.items(data.get("benefits"), f"{where}.benefits"))
        ],
        risks=[
            _read_risk(reader, entry, f"{where}.risks[{i}]")
            for i, entry in enumerate(reader.items(data.get("risks"), f"{where}.risks"))
        ],
        funding=[
            _read_funding(reader, entry, f"{where}.funding[{i}]")
            for i, entry in enumerate(reader.items(data.get("funding"), f"{where}.funding"))
        ],
        urgency=reader.integer(data, "urgency", where, 0, 3, default=0),
    )


def _read_improves(reader: _Reader, item: Any, where: str) -> ImprovesSpec:
    data = reader.mapping(item, where)
    question = reader.string(data, "question", where, max_length=LIMITS["question.code"])
    low = reader.integer(data, "from", where, 0, 4)
    high = reader.integer(data, "to", where, 1, 5)
    if low >= high:
        reader.fail(f"{where}.to", _("must be above the level it starts from"))
    return ImprovesSpec(question=question, from_level=low, to_level=high)


def _read_codes(reader: _Reader, data: dict[str, Any], key: str, where: str) -> list[str]:
    allowed = CODE_LISTS[APPLICABILITY[key]].values
    codes = [str(c) for c in reader.items(data.get(key), f"{where}.{key}")]
    for code in codes:
        if code not in allowed:
            reader.fail(
                f"{where}.{key}",
                _("unknown code %(code)s (known: %(known)s)")
                % {"code": code, "known": ", ".join(allowed)},
            )
    if len(set(codes)) != len(codes):
        reader.fail(f"{where}.{key}", _("a code is listed twice"))
    return codes


def _read_range(reader: _Reader, data: dict[str, Any], key: str, where: str) -> Range:
    value = data.get(key)
    if value is None:
        return Range(None, None)
    if not isinstance(value, list) or len(value) != 2:
        reader.fail(f"{where}.{key}", _("expected [low, high]"))
        return Range(None, None)
    bounds: list[int | None] = []
    for bound in value:
        if bound is None:
            bounds.append(None)
        elif isinstance(bound, bool) or not isinstance(bound, int) or bound < 0:
            reader.fail(f"{where}.{key}", _("expected whole numbers of 0 or more"))
            bounds.append(None)
        elif bound > RANGE_LIMITS[key]:
            reader.fail(
                f"{where}.{key}",
                _("%(value)s is above %(limit)s") % {"value": bound, "limit": RANGE_LIMITS[key]},
            )
            bounds.append(None)
        else:
            bounds.append(bound)
    low, high = bounds
    if low is not None and high is not None and low > high:
        reader.fail(
            f"{where}.{key}",
            _("the low end (%(low)s) is above the high end (%(high)s)")
            % {"low": low, "high": high},
        )
    return Range(low, high)


def _number(reader: _Reader, data: dict[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        reader.fail(f"{where}.{key}", _("expected a number"))
        return 0.0
    return float(value)


def _read_benefit(reader: _Reader, item: Any, where: str) -> dict[str, Any]:
    data = reader.mapping(item, where)
    metric = reader.string(data, "metric", where)
    if metric and metric not in CODE_LISTS["metric"].values:
        reader.fail(
            f"{where}.metric",
            _("unknown code %(code)s (known: %(known)s)")
            % {"code": metric, "known": ", ".join(CODE_LISTS["metric"].values)},
        )
    low, high = _number(reader, data, "low", where), _number(reader, data, "high", where)
    if low > high:
        reader.fail(
            f"{where}.high",
            _("the low end (%(low)s) is above the high end (%(high)s)")
            % {"low": low, "high": high},
        )
    return {
        "metric": metric,
        "unit": reader.string(data, "unit", where, max_length=20),
        "low": low,
        "high": high,
        **{lang: reader.string(data, lang, where) for lang in LANGS},
    }


def _read_risk(reader: _Reader, item: Any, where: str) -> dict[str, str]:
    data = reader.mapping(item, where)
    keys = [*LANGS, *(f"mitigation_{lang}" for lang in LANGS)]
    return {key: reader.string(data, key, where) for key in keys}


def _read_funding(reader: _Reader, item: Any, where: str) -> dict[str, str]:
    data = reader.mapping(item, where)
    kind = reader.string(data, "kind", where)
    if kind and kind not in CODE_LISTS["funding"].values:
        reader.fail(
            f"{where}.kind",
            _("unknown code %(code)s (known: %(known)s)")
            % {"code": kind, "known": ", ".join(CODE_LISTS["funding"].values)},
        )
    return {
        "kind": kind,
        **{f"body_{lang}": reader.string(data, f"body_{lang}", where) for lang in LANGS},
    }


def _check_unique(reader: _Reader, codes: list[str], what: str) -> None:
    seen: set[str] = set()
    for code in codes:
        if code in seen:
            reader.fail(f"{what}[{code}]", _("this code is used twice in the framework"))
        seen.add(code)


def _check_questions(reader: _Reader, spec: FrameworkSpec) -> None:
    """An action names questions of this framework, each once."""
    known = {q.code for axis in spec.axes for q in axis.questions}
    for axis in spec.axes:
        for action in axis.actions:
            seen: set[str] = set()
            for index, improves in enumerate(action.questions):
                where = f"axes[{axis.code}].actions[{action.code}].questions[{index}]"
                if improves.question and improves.question not in known:
                    reader.fail(
                        f"{where}.question",
                        _("unknown question %(code)s") % {"code": improves.question},
                    )
                if improves.question in seen:
                    reader.fail(f"{where}.question", _("this question is named twice"))
                seen.add(improves.question)


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

    data: dict[str, Any] = {
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
    if spec.priority_weights:  # only when set, so that older files dump as they did
        data["prioritisation"] = {"weights": dict(spec.priority_weights)}
    if spec.dma:
        data["dma"] = dump_crosswalk(spec.dma)
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
    if q.short_form:  # only when set, so that older files dump as they did
        data["short_form"] = True
    return data


def _dump_action(a: ActionSpec, text: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": a.code,
        "title": text(a.title),
        "description": text(a.description),
        "requires_level": a.requires_level,
        "target_level": a.target_level,
        "effort_half_days": a.effort_half_days,
        "impact": a.impact,
        "prerequisites": a.prerequisites,
    }
    # The business case's keys only when given, so that a file written before they existed
    # dumps (and checksums) as it always did.
    optional: dict[str, Any] = {
        "questions": [
            {"question": q.question, "from": q.from_level, "to": q.to_level} for q in a.questions
        ],
        "sectors": a.sectors,
        "size_bands": a.size_bands,
        "exposures": a.exposures,
        **{key: getattr(a, key).dump() for key in RANGE_LIMITS},
        "benefits": a.benefits,
        "risks": a.risks,
        "funding": a.funding,
        "urgency": a.urgency,
    }
    data.update({key: value for key, value in optional.items() if value})
    return data
