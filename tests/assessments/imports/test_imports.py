"""Reading and checking a PME list (``assessments.imports``), and its all-or-nothing import."""

import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import translation

from assessments import imports
from assessments.imports import services as import_service
from assessments.imports import services as import_services
from assessments.models import Company
from assessments.roles import Role
from assessments.rules import can_import_companies
from assessments.selectors import clusters_importable_by
from tests.factories import CompanyFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "name;ice;sector;region;city;headcount;contact_email"
GOOD = [
    "Sefrou Plast;002 345 678 000 033;plastics;FMK;Sefrou;10-49;a@example.ma",
    "Oujda Métal;002345678000040;Travail des métaux;L'Oriental;Oujda;35;",
]


def csv_bytes(*lines: str, encoding: str = "utf-8", separator: str = ";") -> bytes:
    return "\n".join(line.replace(";", separator) for line in lines).encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def importer(cluster, groups):
    """Cluster staff import their cluster's PME lists (``rules.can_import_companies``)."""
    staff = UserFactory(role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    return staff


def preview(cluster, content: bytes, filename: str = "list.csv") -> imports.Preview:
    return imports.preview(cluster=cluster, content=content, filename=filename)


def messages(result: imports.Preview) -> list[tuple[int, str, str]]:
    return [(e.line, e.field, e.message) for e in result.errors]


def test_a_clean_csv_gives_the_rows_as_they_will_be_stored(cluster) -> None:
    result = preview(cluster, csv_bytes(HEADER, *GOOD))
    assert result.is_valid
    assert [
        (r["line"], r["ice"], r["sector"], r["region"], r["headcount"]) for r in result.rows
    ] == [
        (2, "002345678000033", "plastics", "FMK", "10-49"),
        (3, "002345678000040", "metalworking", "ORI", "10-49"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("separator", [";", ","])
def test_csv_is_read_in_either_separator_and_encoding(cluster, encoding, separator) -> None:
    result = preview(cluster, csv_bytes(HEADER, *GOOD, encoding=encoding, separator=separator))
    assert result.is_valid
    assert result.rows[1]["name"] == "Oujda Métal"


def test_column_titles_may_be_the_french_or_english_labels(cluster) -> None:
    header = "Raison sociale;ICE;Secteur;Région;Ville;Effectif;Website"
    result = preview(
        cluster,
        csv_bytes(
            header, "Agadir Food;002345678000057;Agri-food;souss-massa;Agadir;1 to 9 employees;x"
        ),
    )
    assert result.is_valid
    assert (result.rows[0]["sector"], result.rows[0]["region"], result.rows[0]["headcount"]) == (
        "agrifood",
        "SMA",
        "1-9",
    )
    assert result.ignored_columns == ["Website"]


def test_choices_are_matched_whatever_the_case_and_accents(cluster) -> None:
    line = "Fès Auto;002345678000064;AUTOMOBILE;fes - MEKNES;Fès;50 A 199 SALARIES"
    result = preview(cluster, csv_bytes("NAME;Ice;SECTEUR;region;VILLE;effectif", line))
    assert messages(result) == []
    assert (result.rows[0]["sector"], result.rows[0]["region"], result.rows[0]["headcount"]) == (
        "automotive",
        "FMK",
        "50-199",
    )


def test_an_excel_file_is_read_from_its_first_sheet(cluster) -> None:
    content = xlsx_bytes(
        [
            ["Nom", "ICE", "Secteur", "Région", "Ville", "Effectif"],
            ["Tanger Câbles", "002345678000071", "electromechanics", "TTA", "Tanger", 250],
            [None, None, None, None, None, None],
            ["Kénitra Aéro", 2345678000088, "aeronautics", "RSK", "Kénitra", 12.0],
        ]
    )
    result = preview(cluster, content, "list.xlsx")
    assert [(r["line"], r["headcount"]) for r in result.rows] == [(2, "200-499"), (4, "10-49")]
    # Excel dropped the ICE's leading zeros: said so, not guessed.
    assert messages(result) == [
        (
            4,
            "ice",
            "13 digits instead of 15. If Excel dropped the leading zeros, format the ICE "
            "column as text.",
        )
    ]


def test_every_problem_of_every_line_is_listed(cluster) -> None:
    CompanyFactory(ice="002345678000095")
    lines = [
        "name;ice;sector;region;city;headcount;contact_email",
        ";12AB;plastics;FMK;Fès;10-49;",
        "Dup One;002345678000033;robots;Atlantis;Fès;huge;not-an-email",
        "Dup Two;002345678000033;plastics;FMK;Fès;10-49;",
        "Known;002345678000095;plastics;FMK;;10-49;",
    ]
    result = preview(cluster, csv_bytes(*lines))
    assert not result.is_valid
    found = {(line, field) for line, field, _message in messages(result)}
    assert found == {
        (2, "name"),
        (2, "ice"),
        (3, "sector"),
        (3, "region"),
        (3, "headcount"),
        (3, "contact_email"),
        (4, "ice"),
        (5, "ice"),
        (5, "city"),
    }
    by_place = {(line, field): message for line, field, message in messages(result)}
    assert by_place[(4, "ice")] == "The same ICE is already on line 3 of the file."
    assert by_place[(5, "ice")] == "A PME with this ICE is already registered."
    assert result.errors[0].text.startswith("Line 2, company name:")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty."),
        (b"   \n\n", "The file is empty."),
        (b"\x00\x01\x02garbage\xff" * 50, "cannot be read as a table"),
        (b"PK\x03\x04 not really a zip", "cannot be read as a table"),
        (b"\xd0\xcf\x11\xe0 old excel", ".xls"),
        (b"foo;bar\n1;2\n", "no column for"),
        (HEADER.encode(), "no PME below them"),
        (b"name;name;ice;sector;region;city;headcount\n", "Two columns"),
        (b"x" * (imports.MAX_BYTES + 1), "too large"),
    ],
)
def test_garbage_is_refused_with_a_clear_message(cluster, content, message) -> None:
    with pytest.raises(ValidationError) as refusal:
        preview(cluster, content)
    assert message in " ".join(refusal.value.messages)


def test_too_many_rows_are_refused(cluster) -> None:
    lines = [HEADER] + [
        f"P{n};{n:015d};plastics;FMK;Fès;10-49;" for n in range(imports.MAX_ROWS + 1)
    ]
    with pytest.raises(ValidationError, match="more than 2000"):
        preview(cluster, csv_bytes(*lines))


def test_the_template_is_a_valid_file(cluster) -> None:
    result = preview(cluster, imports.template_csv().encode("utf-8"))
    assert result.is_valid


def test_the_confirmation_token_is_bound_to_the_user_and_the_cluster(
    cluster, other_cluster, consultant, other_consultant
) -> None:
    result = preview(cluster, csv_bytes(HEADER, *GOOD))
    token = imports.sign(preview=result, cluster=cluster, user=consultant)
    assert imports.unsign(token, cluster=cluster, user=consultant) == result.rows
    for cluster_, user in [(other_cluster, consultant), (cluster, other_consultant)]:
        with pytest.raises(ValidationError, match="upload the file again"):
            imports.unsign(token, cluster=cluster_, user=user)
    with pytest.raises(ValidationError):
        imports.unsign(token[:-2] + "xx", cluster=cluster, user=consultant)


def test_who_may_import(cluster, other_cluster, groups) -> None:
    staff = UserFactory(username="staff", role=Role.CLUSTER_STAFF)
    cluster.staff.add(staff)
    coordinator = UserFactory(username="coord", role=Role.COORDINATOR)
    consultant = UserFactory(username="cons", role=Role.CONSULTANT)
    assert list(clusters_importable_by(staff)) == [cluster]
    assert set(clusters_importable_by(coordinator)) == {cluster, other_cluster}
    assert not clusters_importable_by(consultant).exists()
    assert not can_import_companies(staff, other_cluster)


# The import itself


def test_the_import_registers_every_pme_in_the_cluster(cluster, importer) -> None:
    rows = preview(cluster, csv_bytes(HEADER, *GOOD)).rows
    created = import_services.companies_import(cluster=cluster, rows=rows, by=importer)
    assert sorted(c.ice for c in created) == ["002345678000033", "002345678000040"]
    assert set(Company.objects.filter(cluster=cluster).values_list("name", flat=True)) == {
        "Sefrou Plast",
        "Oujda Métal",
    }


def test_the_import_is_all_or_nothing_when_the_register_changed_since_the_preview(
    cluster, importer
) -> None:
    rows = preview(cluster, csv_bytes(HEADER, *GOOD)).rows
    CompanyFactory(ice="002345678000040")
    before = Company.objects.count()
    with pytest.raises(ValidationError) as refusal:
        import_services.companies_import(cluster=cluster, rows=rows, by=importer)
    assert Company.objects.count() == before
    assert refusal.value.messages[0] == "Nothing was imported: 1 problem was found."
    assert "Line 3" in refusal.value.messages[1]


def test_a_database_refusal_undoes_the_rows_already_created(cluster, importer, monkeypatch) -> None:
    rows = preview(cluster, csv_bytes(HEADER, *GOOD)).rows
    create = import_service.company_create

    def second_one_races(**fields):
        if fields["ice"] == rows[1]["ice"]:
            raise IntegrityError("another request registered this ICE meanwhile")
        return create(**fields)

    monkeypatch.setattr(import_service, "company_create", second_one_races)
    with pytest.raises(ValidationError, match="Nothing was imported"):
        import_services.companies_import(cluster=cluster, rows=rows, by=importer)
    assert not Company.objects.filter(ice=rows[0]["ice"]).exists()


def test_an_ice_typed_in_arabic_digits_is_the_same_ice_at_preview_and_import(
    cluster, importer
) -> None:
    arabic = "٠٠٢٣٤٥٦٧٨٠٠٠٠٣٣"
    result = preview(cluster, csv_bytes(HEADER, f"Sefrou Plast;{arabic};plastics;FMK;Sefrou;12;"))
    assert result.is_valid, messages(result)
    assert result.rows[0]["ice"] == "002345678000033"
    import_services.companies_import(cluster=cluster, rows=result.rows, by=importer)
    assert Company.objects.get(name="Sefrou Plast").ice == "002345678000033"


def test_digits_of_other_scripts_that_are_not_an_ice_are_refused_at_preview(cluster) -> None:
    result = preview(cluster, csv_bytes(HEADER, "Sefrou Plast;٠٠٢٣;plastics;FMK;Sefrou;12;"))
    assert not result.is_valid
    assert [(line, field) for line, field, _m in messages(result)] == [(2, "ice")]


FULL_HEADER = (
    "name;ice;sector;region;city;headcount;contact_name;contact_role;contact_email;contact_phone"
)
FULL_ROW = {
    "name": "Sefrou Plast",
    "ice": "002345678000033",
    "sector": "plastics",
    "region": "FMK",
    "city": "Sefrou",
    "headcount": "10-49",
    "contact_name": "Salma Bennani",
    "contact_role": "Directrice",
    "contact_email": "s.bennani@example.ma",
    "contact_phone": "+212 522 00 00 00",
}


def one_row(**values: str) -> bytes:
    row = FULL_ROW | values
    return csv_bytes(FULL_HEADER, ";".join(row[field] for field in FULL_HEADER.split(";")))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "=1+1"),
        ("name", '=HYPERLINK("http://x.example")'),
        ("name", "+SUM(A1)"),
        ("city", "-2+3"),
        ("contact_name", "@SUM(A1)"),
        ("contact_role", "=cmd|' /C calc'!A0"),
        ("contact_email", "=x@example.ma"),
        ("contact_phone", "+1+cmd|' /C calc'!A0"),
        ("contact_phone", "-212 522"),
    ],
)
def test_text_a_spreadsheet_would_run_as_a_formula_is_refused_at_preview(
    cluster, field, value
) -> None:
    result = preview(cluster, one_row(**{field: value}))
    assert not result.is_valid
    assert messages(result) == [
        (
            2,
            field,
            f"“{value[0]}” cannot begin a text: a spreadsheet would run it as a formula. "
            "Remove it, or begin with a letter or a digit.",
        )
    ]


def test_the_refusal_of_a_formula_is_in_the_users_language(cluster) -> None:
    with translation.override("fr"):
        result = preview(cluster, one_row(name="=1+1"))
        assert result.errors[0].text.replace("\u00a0", " ") == (
            "Ligne 2, raison sociale : « = » ne peut pas commencer un texte : un tableur "
            "l’exécuterait comme une formule. Retirez-le, ou commencez par une lettre ou "
            "un chiffre."
        )


def test_a_phone_in_international_format_and_signs_inside_a_text_are_accepted(cluster) -> None:
    result = preview(
        cluster, one_row(name="Atlas = Mécanique", contact_phone="+212 (0)5-22.00.00.00")
    )
    assert result.is_valid
