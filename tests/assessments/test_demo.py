import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from assessments.accompaniment.models import Plan, PlanDay, PlanParticipant
from assessments.models import Assessment, Cluster, Company
from assessments.roles import Role
from assessments.selectors import companies_visible_to

pytestmark = pytest.mark.django_db


def test_load_demo_builds_the_cohort_once(default_version, capsys) -> None:
    call_command("load_demo")
    call_command("load_demo")
    assert Cluster.objects.count() == 3
    assert Company.objects.count() == 15
    kinds = set(Assessment.objects.values_list("kind", "status"))
    assert {("T0", "draft"), ("T0", "submitted"), ("T0", "validated"), ("T1", "submitted")} <= kinds
    assert Assessment.objects.filter(kind="T0").count() == 15
    assert set(Plan.objects.values_list("status", flat=True)) == {
        "draft",
        "agreed",
        "in_progress",
        "completed",
    }
    for plan in Plan.objects.filter(status="completed"):
        assert plan.assessment.follow_ups.exists()
    days = PlanDay.objects.all()
    assert not days.filter(agenda_morning="").exists()
    assert not days.filter(preparation="").exists()
    assert not days.filter(participants=None).exists()
    assert days.filter(signed_at__isnull=False, pme_signatory__gt="").exists()
    assert PlanParticipant.objects.filter(present=True).exists()
    assert "demo-maturite-2026" in capsys.readouterr().out


def test_demo_managers_and_staff_see_only_their_own(default_version) -> None:
    call_command("load_demo")
    users = get_user_model().objects
    manager = users.get(username="pme-agro-1")
    assert [c.name for c in companies_visible_to(manager)] == ["Conserverie du Saïss"]
    staff = users.get(username="staff-aero")
    assert {c.cluster.code for c in companies_visible_to(staff)} == {"aero"}
    assert manager.groups.filter(name=Role.PME_MANAGER).exists()


def test_the_demo_has_an_arabic_manager_beside_the_first_pmes_own(default_version) -> None:
    call_command("load_demo")
    call_command("load_demo")
    manager = get_user_model().objects.get(username="pme-ce3m-ar")
    assert manager.get_full_name() == "يوسف العلوي"
    assert manager.groups.filter(name=Role.PME_MANAGER).exists()
    company = companies_visible_to(manager).get()
    assert set(company.managers.values_list("username", flat=True)) == {"pme-ce3m-1", "pme-ce3m-ar"}


def test_load_demo_needs_a_framework() -> None:
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="load_framework"):
        call_command("load_demo")


def test_each_demo_cluster_answers_its_sector_pack(default_version) -> None:
    from assessments.models import Answer

    call_command("load_demo")
    packs = {
        cluster.code: set(
            Answer.objects.filter(
                assessment__company__cluster=cluster,
                question__axis__framework_version__extends=default_version,
                level__isnull=False,
            ).values_list("question__axis__framework_version__framework__code", flat=True)
        )
        for cluster in Cluster.objects.all()
    }
    assert packs == {
        "ce3m": {"pack-electronique", "pack-machines-outillage"},
        "agro": {"pack-agroalimentaire"},
        "aero": {"pack-aeronautique", "pack-machines-outillage"},
    }


def test_some_demo_pmes_assessed_themselves_and_diverge_somewhere(default_version) -> None:
    from assessments.selfassessment.models import DivergenceNote, SelfAssessment
    from assessments.selfassessment.selectors import undiscussed_divergences

    call_command("load_demo")
    call_command("load_demo")
    submitted = SelfAssessment.objects.filter(status="submitted")
    assert 3 <= submitted.count() < Company.objects.count()
    assert DivergenceNote.objects.filter(assessment__status__in=["submitted", "validated"]).exists()
    drafts = Assessment.objects.filter(status="draft", company__self_assessments__in=submitted)
    assert any(undiscussed_divergences(draft) for draft in drafts)


def test_demo_days_fall_on_working_days_and_are_signed_the_evening_they_were_held(
    default_version,
) -> None:
    from django.utils import timezone

    call_command("load_demo")
    days = PlanDay.objects.exclude(date=None)
    assert days.exists()
    assert {day.date.weekday() for day in days} <= {0, 1, 2, 3, 4}  # Monday to Friday
    signed = list(days.exclude(signed_at=None))
    assert signed
    for day in signed:
        local = timezone.localtime(day.signed_at)
        assert local.date() == day.date or local.date() == timezone.localdate()
    assert len({day.signed_at for day in signed}) > 1  # not all stamped when the demo loaded


def test_a_day_cannot_be_signed_off_in_the_future(default_version) -> None:
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    from assessments.accompaniment import services

    call_command("load_demo")
    day = PlanDay.objects.filter(signed_at=None, plan__status="in_progress").first()
    assert day is not None
    for person in day.participants.all():
        person.present = True
        person.save()
    with pytest.raises(ValidationError):
        services.plan_day_sign(
            day=day,
            by=day.plan.assessment.consultant,
            pme_signatory="Mme Alaoui",
            at=timezone.now() + datetime.timedelta(days=1),
        )
