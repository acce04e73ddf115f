"""The screenshots of the user guides, and the labels each guide names on that page.

``tests/e2e/test_guide_screenshots.py`` opens each page on the demo data as the role's demo
user, fails if a label is not on the page, and saves the screenshot as
``docs/guide/img/<language>/<name>.png``; ``tests/guide/test_guides.py`` checks that each
guide shows its screenshots and names their labels word for word.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from assessments.accompaniment.models import Plan
from assessments.models import Assessment, Company


@dataclass(frozen=True)
class Label:
    kind: str  # an ARIA role ("link", "button", "heading") or "text"
    fr: str
    en: str

    def text(self, language: str) -> str:
        return self.fr if language == "fr" else self.en


@dataclass(frozen=True)
class Shot:
    name: str
    guide: str
    username: str
    url: Callable[[], str]
    labels: tuple[Label, ...]


def _draft() -> Assessment:
    return Assessment.objects.filter(consultant__username="consultant1", status="draft")[0]


def _planned() -> Plan:
    return Plan.objects.filter(
        assessment__consultant__username="consultant1", status="completed"
    ).order_by("id")[0]


def _own_t0() -> Assessment:
    return Assessment.objects.filter(
        company__managers__username="pme-ce3m-1", kind="T0", status="validated"
    )[0]


def _own_company() -> Company:
    return _own_t0().company


CONSULTANT, STAFF, COORDINATOR, MANAGER = "consultant1", "staff-ce3m", "coordinateur", "pme-ce3m-1"

SHOTS: tuple[Shot, ...] = (
    Shot(
        "consultant-pmes",
        "consultant",
        CONSULTANT,
        lambda: reverse("assessments:company_list"),
        (Label("link", "Ajouter une PME", "Register a PME"),),
    ),
    Shot(
        "consultant-pme",
        "consultant",
        CONSULTANT,
        lambda: _planned().assessment.company.get_absolute_url(),
        (
            Label("link", "Lancer un diagnostic de suivi (T1)", "Start a follow-up (T1)"),
            Label("link", "Ouvrir le plan", "Open the plan"),
        ),
    ),
    Shot(
        "consultant-axis",
        "consultant",
        CONSULTANT,
        lambda: reverse("assessments:assessment_resume", args=[_draft().code]),
        (
            Label("text", "Répondre au clavier", "Answering with the keyboard"),
            Label("button", "Question suivante sans réponse", "Next unanswered question"),
        ),
    ),
    Shot(
        "consultant-diagnostic",
        "consultant",
        CONSULTANT,
        lambda: reverse("assessments:assessment_detail", args=[_draft().code]),
        (
            Label("button", "Soumettre le diagnostic", "Submit the diagnostic"),
            Label("link", "Reprendre le questionnaire", "Continue the questionnaire"),
        ),
    ),
    Shot(
        "consultant-results",
        "consultant",
        CONSULTANT,
        lambda: reverse("assessments:results", args=[_planned().assessment.code]),
        (
            Label("link", "Feuille de route et plan", "Roadmap and plan"),
            Label("button", "Générer le PDF", "Generate the PDF"),
        ),
    ),
    Shot(
        "consultant-roadmap",
        "consultant",
        CONSULTANT,
        lambda: reverse("assessments:roadmap", args=[_planned().assessment.code]),
        (
            Label("button", "Recalculer la proposition", "Recompute the proposal"),
            Label("link", "Rédiger la synthèse", "Write the synthesis"),
        ),
    ),
    Shot(
        "consultant-plan",
        "consultant",
        CONSULTANT,
        lambda: reverse("assessments:plan_detail", args=[_planned().code]),
        (Label("link", "Imprimer le plan pour la PME", "Print the plan for the PME"),),
    ),
    Shot(
        "consultant-day",
        "consultant",
        CONSULTANT,
        lambda: reverse("assessments:plan_day_edit", args=[_planned().code, 1]),
        (Label("link", "Imprimer la feuille de la journée", "Print the day sheet"),),
    ),
    Shot(
        "staff-home",
        "cluster_staff",
        STAFF,
        lambda: reverse("assessments:home"),
        (
            Label("heading", "Diagnostics à valider", "Diagnostics to validate"),
            Label("link", "Suivi-évaluation", "Monitoring and evaluation"),
        ),
    ),
    Shot(
        "staff-dashboard",
        "cluster_staff",
        STAFF,
        lambda: reverse("reports:se_dashboard"),
        (
            Label("button", "Enregistrer les valeurs calculées", "Save computed values"),
            Label("button", "Préparer la note", "Prepare the brief"),
            Label("link", "Cadre logique (Excel)", "Logframe (Excel)"),
            Label("link", "Données détaillées (CSV)", "Tidy data (CSV)"),
        ),
    ),
    Shot(
        "staff-activities",
        "cluster_staff",
        STAFF,
        lambda: reverse("reports:se_activities"),
        (Label("link", "Enregistrer une activité", "Record an activity"),),
    ),
    Shot(
        "coordinator-dashboard",
        "coordinator",
        COORDINATOR,
        lambda: reverse("reports:se_dashboard"),
        (
            Label("link", "Valeurs à approuver", "Values to approve"),
            Label("link", "Périodes", "Periods"),
            Label("link", "Cadre logique (Excel)", "Logframe (Excel)"),
        ),
    ),
    Shot(
        "coordinator-approvals",
        "coordinator",
        COORDINATOR,
        lambda: reverse("reports:se_approvals"),
        (
            Label("button", "Approuver la sélection…", "Approve the selected…"),
            Label("button", "Renvoyer la sélection…", "Return the selected…"),
        ),
    ),
    Shot(
        "coordinator-periods",
        "coordinator",
        COORDINATOR,
        lambda: reverse("reports:se_periods"),
        (Label("link", "Verrouiller…", "Lock…"),),
    ),
    Shot(
        "manager-home",
        "pme_manager",
        MANAGER,
        lambda: reverse("assessments:home"),
        (
            Label("heading", "Auto-évaluation", "Self-assessment"),
            Label("heading", "Vos résultats", "Your results"),
        ),
    ),
    Shot(
        "manager-self-assessment",
        "pme_manager",
        MANAGER,
        lambda: reverse("assessments:self_assessment", args=[_own_company().code]),
        (
            Label(
                "button",
                "Commencer une nouvelle auto-évaluation",
                "Start a new self-assessment",
            ),
        ),
    ),
    Shot(
        "manager-results",
        "pme_manager",
        MANAGER,
        lambda: reverse("assessments:results", args=[_own_t0().code]),
        (
            Label(
                "heading",
                "Le regard du dirigeant à côté de celui du consultant",
                "The manager's view beside the consultant's",
            ),
            Label("link", "Feuille de route et plan", "Roadmap and plan"),
        ),
    ),
)
