"""Who may do what with clusters, PMEs, diagnostics and PME lists: the one place it is decided.

Named predicates (django-rules), composed with ``&`` and ``|``. Views, the API, services and
templates ask them (``can_edit_company(user, company)`` or ``{% has_perm %}`` with the
permission names registered at the bottom); the selectors' querysets follow the same rules.
"""

import rules
from django.contrib.auth.models import AnonymousUser, User

from assessments.models import Assessment, Cluster, Company
from assessments.roles import Role, roles_of, sees_everything

Viewer = User | AnonymousUser


# Roles


@rules.predicate
def is_coordinator(user: Viewer) -> bool:
    """The programme's coordinator and the administrators: every cluster."""
    return sees_everything(user)


@rules.predicate
def is_consultant(user: Viewer) -> bool:
    return Role.CONSULTANT in roles_of(user)


@rules.predicate
def is_cluster_staff(user: Viewer) -> bool:
    return Role.CLUSTER_STAFF in roles_of(user)


@rules.predicate
def is_pme_manager(user: Viewer) -> bool:
    return Role.PME_MANAGER in roles_of(user)


# Relations of a user to a cluster, a PME, a diagnostic


@rules.predicate
def staffs_cluster(user: Viewer, cluster: Cluster) -> bool:
    return user.pk is not None and cluster.staff.filter(pk=user.pk).exists()


@rules.predicate
def works_in_cluster(user: Viewer, cluster: Cluster) -> bool:
    """A consultant follows at least one PME of the cluster."""
    return user.pk is not None and cluster.companies.filter(consultants=user.pk).exists()


@rules.predicate
def staffs_company(user: Viewer, company: Company) -> bool:
    return bool(staffs_cluster(user, company.cluster))


@rules.predicate
def follows_company(user: Viewer, company: Company) -> bool:
    return user.pk is not None and company.consultants.filter(pk=user.pk).exists()


@rules.predicate
def manages_company(user: Viewer, company: Company) -> bool:
    return user.pk is not None and company.managers.filter(pk=user.pk).exists()


@rules.predicate
def staffs_assessment(user: Viewer, assessment: Assessment) -> bool:
    return bool(staffs_company(user, assessment.company))


@rules.predicate
def follows_assessment(user: Viewer, assessment: Assessment) -> bool:
    return bool(follows_company(user, assessment.company))


@rules.predicate
def manages_assessment(user: Viewer, assessment: Assessment) -> bool:
    return bool(manages_company(user, assessment.company))


@rules.predicate
def is_validated(user: Viewer, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.VALIDATED


@rules.predicate
def is_draft(user: Viewer, assessment: Assessment) -> bool:
    return assessment.status == Assessment.Status.DRAFT


# PMEs

can_create_company = is_coordinator | is_cluster_staff | is_consultant
"""Somewhere: the "register a PME" button. Where exactly is ``can_create_company_in``."""

can_create_company_in = (
    is_coordinator | (is_cluster_staff & staffs_cluster) | (is_consultant & works_in_cluster)
)
"""A consultant registers PMEs only in a cluster they already work in: registering one in
another cluster would open that cluster's S&E data to them."""

can_edit_company = (
    is_coordinator | (is_cluster_staff & staffs_company) | (is_consultant & follows_company)
)
can_assign_people_somewhere = is_coordinator | is_cluster_staff
can_assign_people = is_coordinator | (is_cluster_staff & staffs_company)
"""Who follows a PME (consultants) and who reads it (managers) widens their scope: the
cluster's staff and the coordinator decide it, not the consultant."""


@rules.predicate
def can_move_company(user: Viewer, company: Company) -> bool:
    """Moving a PME to another cluster changes both clusters' indicators: the coordinator
    only, with a reason."""
    return bool(is_coordinator(user))


can_import_companies = is_coordinator | (is_cluster_staff & staffs_cluster)


# Diagnostics

can_run_diagnostics = is_coordinator | (is_consultant & follows_company)
can_answer = is_coordinator | (is_consultant & follows_assessment)
can_validate = is_coordinator | (is_cluster_staff & staffs_assessment)
can_validate_somewhere = is_coordinator | is_cluster_staff
can_reopen = (is_validated & can_validate) | (~is_validated & (can_answer | can_validate))
can_see_full_history = can_answer | can_validate
"""The whole history of a diagnostic, drafts included. A PME's managers see what changed
after it was submitted, of what was shared with them."""


# The roadmap as the PME's action plan

can_edit_roadmap = can_answer
"""Every field of the action plan, the order and the synthesis: the consultant's work."""
can_track_roadmap = can_edit_roadmap | (is_pme_manager & manages_assessment & ~is_draft)
"""Status, dates and status note of each action: also the PME's managers, on their own
company's roadmap (they act on it; the consultant sees what they changed)."""


# The PME's self-assessment

can_self_assess = is_pme_manager & manages_company
"""Answer and submit the company's self-assessment: its own managers, nobody on their behalf."""
can_read_self_assessment = (
    can_self_assess
    | is_coordinator
    | (is_consultant & follows_company)
    | (is_cluster_staff & staffs_company)
)
can_note_divergence = can_answer
"""The note on a question where the manager and the consultant disagree: the consultant's."""


can_use_api = is_coordinator | is_cluster_staff | is_consultant
"""The API is for the programme's integrators and scripts; a PME's managers read the pages."""

PERMISSIONS = {
    "assessments.add_company": can_create_company,
    "assessments.add_company_in_cluster": can_create_company_in,
    "assessments.change_company": can_edit_company,
    "assessments.assign_company_people": can_assign_people,
    "assessments.move_company": can_move_company,
    "assessments.import_companies": can_import_companies,
    "assessments.run_diagnostics": can_run_diagnostics,
    "assessments.answer_assessment": can_answer,
    "assessments.validate_assessment": can_validate,
    "assessments.reopen_assessment": can_reopen,
    "assessments.view_assessment_history": can_see_full_history,
    "assessments.change_roadmap": can_edit_roadmap,
    "assessments.track_roadmap": can_track_roadmap,
    "assessments.self_assess": can_self_assess,
    "assessments.view_self_assessment": can_read_self_assessment,
    "assessments.note_divergence": can_note_divergence,
    "assessments.use_api": can_use_api,
}
for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
