import pytest
import yaml
from django.core.exceptions import ValidationError

from diagnostics.framework_io import dump_framework, parse_framework
from diagnostics.models import Action, FrameworkVersion, LevelDescriptor, Question
from diagnostics.selectors import framework_version_latest, framework_version_spec
from diagnostics.services import framework_import, framework_version_publish
from tests.conftest import SMALL_FRAMEWORK

pytestmark = pytest.mark.django_db


def test_it_creates_a_published_version_with_every_row() -> None:
    version, created = framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    assert created
    assert version.is_published
    assert Question.objects.filter(axis__framework_version=version).count() == 4
    assert LevelDescriptor.objects.filter(question__axis__framework_version=version).count() == 24
    assert framework_version_latest() == version


def test_loading_the_same_file_twice_changes_nothing() -> None:
    first, _ = framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    again, created = framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    assert (again, created) == (first, False)
    assert FrameworkVersion.objects.count() == 1


def test_other_content_under_a_published_version_number_is_refused() -> None:
    framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["axes"][0]["questions"][0]["levels"][2]["fr"] = "Changé en douce"
    with pytest.raises(ValidationError, match="new version number"):
        framework_import(spec=parse_framework(yaml.safe_dump(data)))
    assert not LevelDescriptor.objects.filter(text_fr="Changé en douce").exists()


def test_a_new_version_is_a_new_record_and_the_old_one_stays() -> None:
    old, _ = framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["framework"]["version"] = "2"
    data["axes"][0]["questions"][0]["levels"][2]["fr"] = "Nouvelle formulation"
    new, _ = framework_import(spec=parse_framework(yaml.safe_dump(data)))
    assert new != old
    assert old.axes.get(code="A").questions.get(code="A1").descriptors.get(level=2).text_fr == (
        "A1 niveau 2"
    )


def test_prerequisites_are_linked() -> None:
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["axes"][0]["actions"].append(
        {
            "code": "A-X2",
            "title": {"fr": "x", "en": "x"},
            "requires_level": 2,
            "target_level": 3,
            "effort_half_days": 1,
            "impact": 2,
            "prerequisites": ["A-X1"],
        }
    )
    framework_import(spec=parse_framework(yaml.safe_dump(data)))
    assert [a.code for a in Action.objects.get(code="A-X2").prerequisites.all()] == ["A-X1"]


def test_export_gives_back_what_was_loaded(default_version) -> None:
    from tests.conftest import DEFAULT_FRAMEWORK

    loaded = parse_framework(DEFAULT_FRAMEWORK.read_bytes())
    exported = parse_framework(dump_framework(framework_version_spec(default_version)))
    for axis in loaded.axes:
        for action in axis.actions:
            action.prerequisites.sort()
    assert exported == loaded


def test_a_versions_history_is_shown_on_its_admin_page(admin_client) -> None:
    version, _created = framework_import(spec=parse_framework(SMALL_FRAMEWORK), publish=False)
    framework_version_publish(version=version)

    page = admin_client.get(f"/admin/diagnostics/frameworkversion/{version.pk}/history/")

    assert page.status_code == 200
    records = list(page.context["page_obj"])
    assert [r.history_type for r in records] == ["~", "+"]  # published, after it was created
    assert records[0].status == FrameworkVersion.Status.PUBLISHED
    assert records[1].status == FrameworkVersion.Status.DRAFT


def test_a_published_version_cannot_be_reverted_from_its_history(admin_client) -> None:
    version, _created = framework_import(spec=parse_framework(SMALL_FRAMEWORK), publish=False)
    framework_version_publish(version=version)
    first = version.history.earliest()
    number = version.version

    url = f"/admin/diagnostics/frameworkversion/{version.pk}/history/{first.history_id}/"
    response = admin_client.post(url, {"version": "9.9", "status": "draft"})

    assert response.status_code == 403
    version.refresh_from_db()
    assert (version.version, version.status) == (number, FrameworkVersion.Status.PUBLISHED)


def test_it_stores_an_actions_questions_and_business_case() -> None:
    from tests.diagnostics.test_framework_io import business_case

    version, _ = framework_import(spec=parse_framework(yaml.safe_dump(business_case())))
    action = Action.objects.get(axis__framework_version=version, code="A-X1")
    assert sorted((i.question.code, i.from_level, i.to_level) for i in action.improves.all()) == [
        ("A1", 0, 2),
        ("B2", 1, 3),
    ]
    assert (action.capex_min_mad, action.capex_max_mad) == (20000, 80000)
    assert (action.payback_months_min, action.payback_months_max) == (6, 18)
    assert action.sectors == ["agrifood", "electronics"]
    assert action.urgency == 2
    assert framework_version_spec(version) == parse_framework(yaml.safe_dump(business_case()))


def test_an_arabic_translation_is_added_to_a_published_version_not_refused() -> None:
    version, _ = framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    checksum = version.checksum
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["axes"][0]["name"]["ar"] = "المحور الأول"
    data["axes"][0]["questions"][0]["levels"][2]["ar"] = "وصف المستوى"
    data["stages"][3]["name"]["ar"] = "مُرقمن"

    again, created = framework_import(spec=parse_framework(yaml.safe_dump(data)))

    assert (again, created) == (version, False)
    assert again.checksum == checksum
    axis = again.axes.get(code=data["axes"][0]["code"])
    assert axis.name_ar == "المحور الأول"
    question = axis.questions.get(code=data["axes"][0]["questions"][0]["code"])
    assert question.descriptors.get(level=2).text_ar == "وصف المستوى"
    assert again.stages.get(level=3).name_ar == "مُرقمن"
    assert framework_version_spec(again).axes[0].name.ar == "المحور الأول"


def test_a_new_version_keeps_its_arabic() -> None:
    data = yaml.safe_load(SMALL_FRAMEWORK)
    data["axes"][1]["description"] = {**data["axes"][1].get("description", {}), "ar": "وصف"}
    data["axes"][1]["description"].setdefault("fr", "Description")
    data["axes"][1]["description"].setdefault("en", "Description")
    version, _ = framework_import(spec=parse_framework(yaml.safe_dump(data)))
    assert version.axes.get(code=data["axes"][1]["code"]).description_ar == "وصف"
