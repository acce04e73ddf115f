"""The rows of a PME list: which column is which field, values as stored, every problem."""

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.imports.files import Table
from assessments.models import Cluster, Company, Region, Sector, formula_refusal, normalize_ice

FIELDS = (
    "name",
    "ice",
    "sector",
    "region",
    "city",
    "headcount",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
)
REQUIRED = ("name", "ice", "sector", "region", "city", "headcount")

# Column titles people actually use, besides the field codes and the model's labels.
HEADER_ALIASES = {
    "name": ["company", "entreprise", "societe", "pme", "nom", "nomdelentreprise"],
    "ice": ["identifiantcommundelentreprise"],
    "sector": ["secteurdactivite", "activite"],
    "city": ["ville", "town"],
    "headcount": ["effectifs", "employees", "staff", "salaries", "nombredesalaries"],
    "contact_name": ["contact", "contactperson", "nomducontact"],
    "contact_role": ["fonction", "role", "fonctionducontact"],
    "contact_email": ["email", "mail", "courriel", "emailducontact"],
    "contact_phone": ["phone", "telephone", "tel", "telephoneducontact"],
}
# Region names are proper nouns (not translated); these are their usual English spellings.
REGION_ALIASES = {
    "TTA": ["Tangier-Tetouan-Al Hoceima", "Tanger-Tetouan"],
    "ORI": ["Oriental", "The Oriental", "Oriental Region"],
    "FMK": ["Fez-Meknes"],
    "RSK": ["Rabat-Sale-Kenitra"],
    "MSA": ["Marrakesh-Safi", "Marrakech-Safi"],
    "DOD": ["Dakhla-Oued Eddahab"],
}
HEADCOUNT_BANDS = ((1, 9, "1-9"), (10, 49, "10-49"), (50, 199, "50-199"), (200, 499, "200-499"))
# Free text, stored as typed: a spreadsheet opening an export would run a cell starting
# with one of assessments.models.FORMULA_STARTS as a formula. A phone in international format
# may start with +.
TEXT_FIELDS = ("name", "city", "contact_name", "contact_role", "contact_email", "contact_phone")
INTERNATIONAL_PHONE = re.compile(r"\+[\d\s().-]+")


@dataclass(frozen=True)
class RowError:
    line: int
    field: str
    message: str

    @property
    def text(self) -> str:
        return _("Line %(line)s, %(column)s: %(message)s") % {
            "line": self.line,
            "column": field_label(self.field),
            "message": self.message,
        }


@dataclass(frozen=True)
class Preview:
    """The rows of a file as they would be imported, and what is wrong with them."""

    rows: list[dict[str, Any]]
    errors: list[RowError]
    ignored_columns: list[str]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    def errors_on(self, line: int) -> list[RowError]:
        return [e for e in self.errors if e.line == line]


def _fold(text: str) -> str:
    """Case, accents, spaces and punctuation removed: "Région " and "region" are equal."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c)).casefold()


def field_label(field: str) -> str:
    return str(_model_field(field).verbose_name) if field in FIELDS else field


def _model_field(name: str) -> "models.Field[Any, Any]":
    return cast("models.Field[Any, Any]", Company._meta.get_field(name))


# Columns


@functools.cache
def _header_map() -> dict[str, str]:
    """Folded column title → field, from the codes, the French and English labels and aliases."""
    titles: dict[str, str] = {}
    for field in FIELDS:
        titles[_fold(field)] = field
        for language in ("fr", "en"):
            with translation.override(language):
                titles.setdefault(_fold(str(_model_field(field).verbose_name)), field)
        for alias in HEADER_ALIASES.get(field, []):
            titles.setdefault(alias, field)
    return titles


def map_columns(header: list[str]) -> tuple[dict[int, str], list[str]]:
    """Which column holds which field, and the titles of the columns that are ignored."""
    titles = _header_map()
    columns: dict[int, str] = {}
    ignored = []
    for index, title in enumerate(header):
        field = titles.get(_fold(title))
        if field is None:
            if title.strip():
                ignored.append(title.strip()[:60])
            continue
        if field in columns.values():
            raise ValidationError(
                _("Two columns hold the %(column)s: keep only one.")
                % {"column": field_label(field)}
            )
        columns[index] = field
    missing = [field for field in REQUIRED if field not in columns.values()]
    if missing:
        raise ValidationError(
            _(
                "The file has no column for: %(missing)s. Its first line must name the "
                "columns, as in the template: %(expected)s."
            )
            % {
                "missing": ", ".join(field_label(f) for f in missing),
                "expected": "; ".join(FIELDS),
            }
        )
    return columns, ignored


def rows_from_table(table: Table) -> tuple[list[dict[str, Any]], list[str]]:
    """Raw rows keyed by field, each with its line in the file."""
    if not table:
        raise ValidationError(_("The file is empty."))
    columns, ignored = map_columns(table[0][1])
    rows = [
        {field: row[index] if index < len(row) else "" for index, field in columns.items()}
        | {"line": line}
        for line, row in table[1:]
    ]
    if not rows:
        raise ValidationError(_("The file has column titles but no PME below them."))
    return rows, ignored


# Values


@functools.cache
def _choice_maps() -> dict[str, dict[str, str]]:
    """Folded code or label (French or English) → code, for each field with choices."""
    fields: dict[str, tuple[list[tuple[str, Any]], dict[str, list[str]]]] = {
        "sector": (Sector.choices, {}),
        "region": (Region.choices, REGION_ALIASES),
        "headcount": (Company.Headcount.choices, {}),
    }
    maps = {}
    for field, (choices, aliases) in fields.items():
        folded: dict[str, str] = {}
        for code, label in choices:
            folded[_fold(code)] = code
            for language in ("fr", "en"):
                with translation.override(language):
                    folded.setdefault(_fold(str(label)), code)
            for alias in aliases.get(code, []):
                folded.setdefault(_fold(alias), code)
        maps[field] = folded
    return maps


def _choice_value(field: str, value: str) -> str | None:
    if field == "headcount" and re.fullmatch(r"[\d\s]+", value):
        number = int(re.sub(r"\s", "", value))
        if number < 1:
            return None
        return next((band for low, high, band in HEADCOUNT_BANDS if low <= number <= high), "500+")
    return _choice_maps()[field].get(_fold(value))


def _unknown_choice(field: str, value: str) -> str:
    choices: dict[str, list[tuple[str, Any]]] = {
        "sector": Sector.choices,
        "region": Region.choices,
        "headcount": Company.Headcount.choices,
    }
    return _("“%(value)s” is not known. Use one of: %(choices)s.") % {
        "value": value[:60],
        "choices": ", ".join(f"{code} ({label})" for code, label in choices[field]),
    }


clean_ice = normalize_ice


def _formula_like(field: str, value: str) -> str | None:
    """Why a text value is refused, if it starts as a spreadsheet formula does (the check
    of the PME form and the API: ``assessments.models.formula_refusal``)."""
    if field == "contact_phone" and INTERNATIONAL_PHONE.fullmatch(value):
        return None
    return formula_refusal(value)


def normalize_row(raw: dict[str, Any]) -> tuple[dict[str, Any], list[RowError]]:
    """One row's values as the model stores them, and what could not be understood."""
    line = int(raw.get("line") or 0)
    values: dict[str, Any] = {"line": line}
    errors = []
    for field in FIELDS:
        value = str(raw.get(field) or "").strip()
        if field in _choice_maps() and value:
            code = _choice_value(field, value)
            if code is None:
                errors.append(RowError(line, field, _unknown_choice(field, value)))
            value = code or value
        elif field == "ice":
            value = clean_ice(value)
            if value.isdigit() and len(value) < 15:
                message = _(
                    "%(count)s digits instead of 15. If Excel dropped the leading zeros, "
                    "format the ICE column as text."
                ) % {"count": len(value)}
                errors.append(RowError(line, field, message))
        elif field in TEXT_FIELDS and (refusal := _formula_like(field, value)):
            errors.append(RowError(line, field, refusal))
        values[field] = value
    return values, errors


def check_rows(
    *, cluster: Cluster, rows: list[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[RowError]]:
    """Normalise and check every row: values, model rules, ICEs repeated or already registered."""
    cleaned, errors = [], []
    for raw in rows:
        values, row_errors = normalize_row(raw)
        errors += row_errors + _model_errors(cluster, values, {e.field for e in row_errors})
        cleaned.append(values)
    errors += _duplicate_errors(cleaned)
    return cleaned, sorted(errors, key=lambda e: (e.line, FIELDS.index(e.field)))


def _model_errors(cluster: Cluster, values: dict[str, Any], skip: set[str]) -> list[RowError]:
    company = Company(cluster=cluster, **{f: values[f] for f in FIELDS})
    try:
        company.full_clean(
            exclude=["cluster", *skip], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        return [
            RowError(values["line"], field, message)
            for field, messages in exc.message_dict.items()
            if field in FIELDS
            for message in messages
        ]
    return []


def _duplicate_errors(rows: list[dict[str, Any]]) -> list[RowError]:
    errors = []
    first_line: dict[str, int] = {}
    for values in rows:
        ice = values["ice"]
        if ice in first_line:
            message = _("The same ICE is already on line %(line)s of the file.") % {
                "line": first_line[ice]
            }
            errors.append(RowError(values["line"], "ice", message))
        elif ice:
            first_line[ice] = values["line"]
    wellformed = [ice for ice in first_line if ice.isdigit() and len(ice) == 15]
    registered = set(Company.objects.filter(ice__in=wellformed).values_list("ice", flat=True))
    errors += [
        RowError(line, "ice", _("A PME with this ICE is already registered."))
        for ice, line in first_line.items()
        if ice in registered
    ]
    return errors
