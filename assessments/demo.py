"""A fictitious demo cohort: 3 clusters, 15 PMEs, their people and diagnostics.

Every name, ICE and figure here is invented. Building it twice changes nothing.
"""

import datetime
import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.utils import timezone

from assessments import services
from assessments.accompaniment import services as accompaniment_services
from assessments.accompaniment.models import PlanDay
from assessments.models import Assessment, Cluster, Company
from assessments.roles import Role
from assessments.selectors import applicable_questions
from assessments.selfassessment import services as self_services
from assessments.selfassessment.selectors import form_questions, self_view
from diagnostics.models import FrameworkVersion
from diagnostics.services import packs_import_shipped

DEMO_PASSWORD = "demo-maturite-2026"


@dataclass(frozen=True)
class DemoCompany:
    name: str
    ice: str
    sector: str
    region: str
    city: str
    headcount: str
    contact: str
    base: float  # the PME's overall starting maturity, 0–5
    # How far the demo has taken it: draft, submitted, validated, plan-draft,
    # plan-agreed, plan-progress, or followed (plan completed, then a T1).
    stage: str


# What each demo PME answers to and what its costs are made of (labour, materials, energy
# and scrap as % of production cost), and the KPIs its managers chose: the roadmap weighs them.
PROFILES: dict[str, tuple[list[str], tuple[int, int, int, int], list[str]]] = {
    "001234567000011": (
        ["eu_exporter", "prime_subcontractor"],
        (25, 60, 5, 4),
        ["scrap", "on_time_delivery"],
    ),
    "001234567000028": (["prime_subcontractor"], (35, 50, 5, 3), ["oee", "lead_time"]),
    "001234567000035": (
        ["automotive_supplier", "eu_exporter"],
        (40, 50, 4, 3),
        ["scrap", "labour_productivity"],
    ),
    "001234567000042": (["automotive_supplier"], (40, 45, 5, 4), ["on_time_delivery"]),
    "001234567000059": ([], (45, 40, 8, 3), ["downtime"]),
    "002345678000016": (
        ["regulated_food", "eu_exporter", "water_intensive", "energy_intensive"],
        (20, 55, 12, 5),
        ["energy", "water"],
    ),
    "002345678000023": (["regulated_food", "large_retail"], (15, 70, 8, 3), ["scrap"]),
    "002345678000030": (
        ["regulated_food", "large_retail", "energy_intensive", "water_intensive"],
        (18, 60, 12, 4),
        ["energy", "scrap"],
    ),
    "002345678000047": (
        ["regulated_food", "eu_exporter", "energy_intensive"],
        (35, 45, 12, 6),
        ["energy", "on_time_delivery"],
    ),
    "002345678000054": (
        ["regulated_food", "large_retail", "energy_intensive"],
        (25, 55, 10, 5),
        ["scrap", "energy"],
    ),
    "003456789000012": (
        ["aero_supplier", "prime_subcontractor", "eu_exporter"],
        (45, 35, 8, 5),
        ["oee", "scrap"],
    ),
    "003456789000029": (
        ["aero_supplier", "prime_subcontractor", "eu_exporter", "energy_intensive"],
        (40, 40, 10, 6),
        ["scrap", "on_time_delivery"],
    ),
    "003456789000036": (
        ["aero_supplier", "prime_subcontractor", "eu_exporter"],
        (50, 38, 4, 3),
        ["on_time_delivery", "labour_productivity"],
    ),
    "003456789000043": (
        ["aero_supplier", "energy_intensive", "water_intensive"],
        (30, 30, 25, 5),
        ["energy", "water"],
    ),
    "003456789000050": (
        ["aero_supplier", "prime_subcontractor"],
        (50, 35, 6, 4),
        ["on_time_delivery"],
    ),
}

CLUSTERS = [
    ("ce3m", "Cluster Électronique, Électromécanique et Mécatronique", "electronics", "CSE"),
    ("agro", "Cluster Agro-industrie et Agroalimentaire", "agrifood", "FMK"),
    ("aero", "Cluster Aéronautique", "aeronautics", "CSE"),
]

COMPANIES: dict[str, list[DemoCompany]] = {
    "ce3m": [
        DemoCompany(
            "Atlas Circuits SARL",
            "001234567000011",
            "electronics",
            "CSE",
            "Casablanca",
            "50-199",
            "Nadia Berrada",
            2.2,
            "followed",
        ),
        DemoCompany(
            "Mecatronic Sud",
            "001234567000028",
            "mechatronics",
            "SMA",
            "Agadir",
            "10-49",
            "Youssef Amrani",
            1.3,
            "validated",
        ),
        DemoCompany(
            "Bouskoura Câblage Industriel",
            "001234567000035",
            "electromechanics",
            "CSE",
            "Bouskoura",
            "200-499",
            "Samira El Idrissi",
            2.8,
            "followed",
        ),
        DemoCompany(
            "Rif Automatismes",
            "001234567000042",
            "mechatronics",
            "TTA",
            "Tanger",
            "10-49",
            "Karim Tazi",
            0.9,
            "submitted",
        ),
        DemoCompany(
            "Sala Électro-Bobinage",
            "001234567000059",
            "electromechanics",
            "RSK",
            "Salé",
            "10-49",
            "Hicham Bennani",
            1.6,
            "draft",
        ),
    ],
    "agro": [
        DemoCompany(
            "Conserverie du Saïss",
            "002345678000016",
            "agrifood",
            "FMK",
            "Meknès",
            "50-199",
            "Fatima Zahra Alaoui",
            1.8,
            "followed",
        ),
        DemoCompany(
            "Huilerie Zitoun Fès",
            "002345678000023",
            "agrifood",
            "FMK",
            "Fès",
            "10-49",
            "Omar Chraibi",
            1.1,
            "plan-draft",
        ),
        DemoCompany(
            "Laiterie des Doukkala",
            "002345678000030",
            "agrifood",
            "CSE",
            "El Jadida",
            "50-199",
            "Imane Fassi",
            2.4,
            "followed",
        ),
        DemoCompany(
            "Souss Primeurs Export",
            "002345678000047",
            "agrifood",
            "SMA",
            "Aït Melloul",
            "200-499",
            "Rachid Ouazzani",
            2.0,
            "plan-agreed",
        ),
        DemoCompany(
            "Biscuiterie Oriental",
            "002345678000054",
            "agrifood",
            "ORI",
            "Oujda",
            "10-49",
            "Laila Benjelloun",
            0.7,
            "draft",
        ),
    ],
    "aero": [
        DemoCompany(
            "Nouaceur Précision Usinage",
            "003456789000012",
            "aeronautics",
            "CSE",
            "Nouaceur",
            "50-199",
            "Mehdi Sqalli",
            2.9,
            "followed",
        ),
        DemoCompany(
            "AéroComposites Midparc",
            "003456789000029",
            "aeronautics",
            "CSE",
            "Nouaceur",
            "200-499",
            "Salma Lahlou",
            3.1,
            "plan-progress",
        ),
        DemoCompany(
            "Tanger Aero Harness",
            "003456789000036",
            "aeronautics",
            "TTA",
            "Tanger",
            "50-199",
            "Anas Kettani",
            2.5,
            "plan-progress",
        ),
        DemoCompany(
            "Traitements de Surface Atlas",
            "003456789000043",
            "metalworking",
            "CSE",
            "Mohammedia",
            "10-49",
            "Ghita Bennis",
            1.4,
            "submitted",
        ),
        DemoCompany(
            "Outillage Aéro Kénitra",
            "003456789000050",
            "aeronautics",
            "RSK",
            "Kénitra",
            "10-49",
            "Adil Mernissi",
            1.9,
            "plan-draft",
        ),
    ],
}

# The demo PMEs whose director (their contact) is a woman are flagged women-led.
WOMEN_LEADERS = {"Nadia", "Samira", "Fatima", "Imane", "Laila"}

CONSULTANTS = [
    ("consultant1", "Amina", "Benali"),
    ("consultant2", "Driss", "El Ouafi"),
    ("consultant3", "Sara", "Moussaoui"),
]


# Arabic interface: the language is chosen once on the device (العربية in the top bar).
ARABIC_MANAGER = "pme-ce3m-ar"


def _user(username: str, first: str, last: str, role: str, **extra: object) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@demo.maturite40.ma",
            **extra,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    user.groups.add(Group.objects.get(name=role))
    return user


def ensure_groups() -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def demo_load(*, version: FrameworkVersion, today: datetime.date) -> dict[str, list[str]]:
    """Build the demo cohort; returns the demo logins per role.

    The sector packs shipped for ``version`` are loaded first, so that the PMEs of each
    cluster's sector answer their pack's questions too."""
    packs_import_shipped(version=version)
    ensure_groups()
    logins: dict[str, list[str]] = {role.value: [] for role in Role}
    admin = _user("admin", "Admin", "Maturité", Role.ADMIN, is_staff=True, is_superuser=True)
    coordinator = _user("coordinateur", "Khadija", "Naciri", Role.COORDINATOR)
    logins[Role.ADMIN].append(admin.username)
    logins[Role.COORDINATOR].append(coordinator.username)
    consultants = [_user(u, f, n, Role.CONSULTANT) for u, f, n in CONSULTANTS]
    logins[Role.CONSULTANT] += [c.username for c in consultants]
    for index, (code, name, sector, region) in enumerate(CLUSTERS):
        cluster, _created = Cluster.objects.get_or_create(
            code=code, defaults={"name": name, "sector": sector, "region": region}
        )
        staff = _user(f"staff-{code}", "Équipe", code.upper(), Role.CLUSTER_STAFF)
        cluster.staff.add(staff)
        logins[Role.CLUSTER_STAFF].append(staff.username)
        for number, spec in enumerate(COMPANIES[code], start=1):
            consultant = consultants[(index + number) % len(consultants)]
            first, last = spec.contact.split(" ", 1)
            manager = _user(f"pme-{code}-{number}", first, last, Role.PME_MANAGER)
            logins[Role.PME_MANAGER].append(manager.username)
            company = _company(cluster, spec, consultant, manager, staff)
            if not company.assessments.exists():
                _diagnostics(company, spec, consultant, staff, version, today)
    logins[Role.PME_MANAGER].append(_arabic_manager().username)
    return logins


def _arabic_manager() -> User:
    """A second manager of the first CE3M PME who reads the app and the report in Arabic."""
    manager = _user(ARABIC_MANAGER, "يوسف", "العلوي", Role.PME_MANAGER)
    code = CLUSTERS[0][0]
    company = Company.objects.get(ice=COMPANIES[code][0].ice)
    if not company.managers.filter(pk=manager.pk).exists():
        services.company_update(
            company=company,
            by=User.objects.get(username=f"staff-{code}"),
            managers=[*company.managers.all(), manager],
        )
    return manager


def _company(
    cluster: Cluster, spec: DemoCompany, consultant: User, manager: User, staff: User
) -> Company:
    """Enrolled by the cluster's staff, who assign its consultant and its manager."""
    company = Company.objects.filter(ice=spec.ice).first()
    if company is None:
        company = services.company_create(
            by=staff,
            cluster=cluster,
            name=spec.name,
            ice=spec.ice,
            sector=spec.sector,
            region=spec.region,
            city=spec.city,
            headcount=spec.headcount,
            contact_name=spec.contact,
            contact_role="Directeur·rice général·e",
            contact_email=f"contact@{spec.ice[-6:]}.demo.ma",
            contact_phone="+212 5 22 00 00 00",
            women_led=spec.contact.split()[0] in WOMEN_LEADERS,
            consultants=[consultant],
            managers=[manager],
            **_profile(spec.ice),
        )
    return company


def _profile(ice: str) -> dict[str, object]:
    exposures, (labour, materials, energy, scrap), kpis = PROFILES.get(ice, ([], (0, 0, 0, 0), []))
    return {
        "exposures": exposures,
        "cost_labour_pct": labour or None,
        "cost_materials_pct": materials or None,
        "cost_energy_pct": energy or None,
        "cost_scrap_pct": scrap or None,
        "kpis": kpis,
    }


def _diagnostics(
    company: Company,
    spec: DemoCompany,
    consultant: User,
    staff: User,
    version: FrameworkVersion,
    today: datetime.date,
) -> None:
    rng = random.Random(spec.ice)
    t0_date = today - datetime.timedelta(days=rng.randint(120, 200))
    t0 = services.assessment_start(
        company=company, consultant=consultant, visit_date=t0_date, framework_version=version
    )
    targets = {
        axis.id: min(5, round(spec.base + rng.choice([1, 1.5, 2]))) for axis in version.axes.all()
    }
    services.targets_set(assessment=t0, levels={k: Decimal(str(v)) for k, v in targets.items()})
    levels = _answer(t0, consultant, rng, spec.base, {}, share=0.45 if spec.stage == "draft" else 1)
    if spec.ice in SELF_ASSESSED:
        _self_assessment(t0, levels)
    if spec.stage == "draft":
        return
    services.assessment_submit(assessment=t0, by=consultant)
    if spec.stage == "submitted":
        return
    services.assessment_validate(assessment=t0, by=staff)
    if spec.stage == "validated":
        return
    _plan(t0, consultant, rng, spec.stage)
    if spec.stage != "followed":
        return
    t1 = services.assessment_start(
        company=company,
        consultant=consultant,
        visit_date=t0_date + datetime.timedelta(days=rng.randint(90, 110)),
        kind=Assessment.Kind.FOLLOW_UP,
        baseline=t0,
    )
    _answer(t1, consultant, rng, spec.base, levels, share=1)
    services.assessment_submit(assessment=t1, by=consultant)
    if rng.random() < 0.75:  # most follow-ups validated (the uplift counts them); some wait
        services.assessment_validate(assessment=t1, by=staff)


# The managers of these PMEs assessed themselves before the visit: the first and third PME of
# each cluster, and the diagnostics still under way (their divergences wait for a note).
SELF_ASSESSED = {specs[i].ice for specs in COMPANIES.values() for i in (0, 2)} | {
    spec.ice for specs in COMPANIES.values() for spec in specs if spec.stage == "draft"
}
DIVERGENCE_NOTES = [
    "Discuté avec la direction : l'outil existe mais n'est utilisé que par une personne.",
    "La direction pensait à la procédure écrite ; sur le terrain, elle n'est pas appliquée.",
]


def _self_assessment(t0: Assessment, levels: dict[int, int | None]) -> None:
    """The managers' view: near the consultant's, two levels higher on two questions."""
    manager = t0.company.managers.order_by("username").first()
    assert manager is not None
    rng = random.Random(f"{t0.company.ice}-self")
    mine = self_services.self_assessment_start(company=t0.company, by=manager)
    apart = [q.id for q in form_questions(mine) if (levels.get(q.id) or 9) <= 3][:2]
    for question in form_questions(mine):
        seen = levels.get(question.id)
        if question.id in apart and seen is not None:
            level = seen + 2
        else:
            level = max(0, min(5, (seen if seen is not None else 2) + rng.choice([0, 0, 1, -1])))
        self_services.self_answer_record(
            self_assessment=mine, question=question, by=manager, level=level
        )
    self_services.self_assessment_submit(self_assessment=mine, by=manager)
    if t0.is_editable and len(levels) == len(applicable_questions(t0)):
        _note_divergences(t0)


def _note_divergences(t0: Assessment) -> None:
    view = self_view(t0)
    for index, row in enumerate(view.divergences if view else []):
        self_services.divergence_note_record(
            assessment=t0,
            question=row.question,
            note=DIVERGENCE_NOTES[index % len(DIVERGENCE_NOTES)],
            by=t0.consultant,
        )


DAY_NOTES = [
    "Réunion de lancement avec la direction ; périmètre et planning validés.",
    "Relevés sur site et entretiens avec les chefs d'atelier.",
    "Atelier de travail avec l'équipe ; premier livrable remis.",
    "Mise en place de l'outil et formation des référents.",
]


DAY_PEOPLE = [
    ("Salma Bennani", "Directrice générale"),
    ("Youssef Amrani", "Responsable production"),
    ("Nadia El Idrissi", "Responsable qualité"),
    ("Karim Tazi", "Chef d'atelier"),
]
PREPARATION = [
    "Organigramme, plan de l'usine et chiffres clés de l'an dernier.",
    "Ordres de fabrication et relevés d'arrêts du dernier mois.",
    "Liste des équipements et des logiciels en service.",
    "Indicateurs suivis aujourd'hui et leurs fichiers sources.",
]


def _day_agenda(day: PlanDay) -> dict[str, Any]:
    """Objectives, half-day agenda, preparation and deliverables written from the day's slots."""
    titles = [s.item.display_title if s.item else s.get_kind_display() for s in day.slots.all()]
    morning, afternoon = (titles + titles[-1:] + ["Point d'avancement"])[:2]
    return {
        "objectives": " ; ".join(dict.fromkeys(titles)) or "Point d'avancement",
        "agenda_morning": f"9 h – 12 h 30 : {morning}, avec la direction et le responsable",
        "agenda_afternoon": f"14 h – 17 h : {afternoon}, atelier avec l'équipe",
        "preparation": PREPARATION[(day.number - 1) % len(PREPARATION)],
        "deliverables": "Compte rendu de la journée et actions décidées",
    }


def _evening(date: datetime.date | None) -> datetime.datetime:
    """17:30 on the day, Morocco's time, or now if the day is today (or has no date)."""
    if date is None:
        return timezone.now()
    here = timezone.get_default_timezone()
    end = datetime.datetime.combine(date, datetime.time(17, 30), tzinfo=here)
    return min(end, timezone.now())


def _plan(t0: Assessment, consultant: User, rng: random.Random, stage: str) -> None:
    """The roadmap and the eight days, taken as far as the demo stage says: every day with its
    agenda, preparation and invited people; the days held marked and signed off."""
    plan = accompaniment_services.plan_propose(assessment=t0)
    start = t0.visit_date + datetime.timedelta(days=14)
    start += datetime.timedelta(days=(1 - start.weekday()) % 7)  # on Tuesdays, week after week
    for day in plan.days.prefetch_related("slots__item__action"):
        accompaniment_services.plan_day_update(
            day=day, date=start + datetime.timedelta(days=7 * (day.number - 1)), **_day_agenda(day)
        )
        for name, role in DAY_PEOPLE[: 2 + day.number % 2]:
            accompaniment_services.plan_day_invite(day=day, name=name, role=role)
    if stage == "plan-draft":
        return
    accompaniment_services.plan_agree(plan=plan)
    logged = {"plan-agreed": 0, "plan-progress": rng.randint(2, 5)}.get(stage, 8)
    for day in plan.days.order_by("number")[:logged]:
        items = [s.item for s in day.slots.all() if s.item is not None]
        day = accompaniment_services.plan_day_log(
            day=day,
            by=consultant,
            outcome="postponed" if rng.random() < 0.1 and stage != "followed" else "done",
            achieved=rng.choice(DAY_NOTES),
            attendees="Directeur·rice général·e\nResponsable production",
            hours=Decimal(rng.choice([6, 7, 7.5, 8])),
            completed=items[:1],
        )
        if day.outcome == PlanDay.Outcome.DONE:
            invited = list(day.participants.order_by("id"))
            accompaniment_services.plan_day_attendance(day=day, present={p.pk for p in invited[:2]})
            accompaniment_services.plan_day_sign(  # at the end of the day held
                day=day, by=consultant, pme_signatory=invited[0].name, at=_evening(day.date)
            )
    if stage == "followed":
        accompaniment_services.plan_complete(plan=plan)


def _answer(
    assessment: Assessment,
    consultant: User,
    rng: random.Random,
    base: float,
    before: dict[int, int | None],
    share: float,
) -> dict[int, int | None]:
    """Answer a share of the questions; a follow-up gains on a third of them."""
    levels: dict[int, int | None] = {}
    axis_offset: dict[int, float] = {}
    questions = applicable_questions(assessment)
    for question in questions[: max(1, int(len(questions) * share))]:
        offset = axis_offset.setdefault(question.axis_id, rng.uniform(-1.2, 1.2))
        if question.id in before:
            previous = before[question.id]
            level = previous if previous is None else min(5, previous + rng.choice([0, 0, 1, 1, 2]))
        elif rng.random() < 0.05:
            level = None
        else:
            level = max(0, min(5, round(base + offset + rng.uniform(-0.8, 0.8))))
        services.answer_record(
            assessment=assessment,
            question=question,
            by=consultant,
            level=level,
            not_applicable=level is None,
            comment=_comment(rng, level),
        )
        levels[question.id] = level
    return levels


COMMENTS = {
    0: "Aucune pratique observée lors de la visite.",
    1: "Initiatives ponctuelles, non formalisées.",
    2: "Pratique en place dans l'atelier principal ; à étendre.",
    3: "Outil numérique utilisé au quotidien ; données fiables.",
    4: "Bonne intégration entre services, suivie en réunion hebdomadaire.",
    5: "Pratique exemplaire, à partager avec le cluster.",
}


def _comment(rng: random.Random, level: int | None) -> str:
    if level is None:
        return "Sans objet pour ce site."
    return COMMENTS[level] if rng.random() < 0.6 else ""
