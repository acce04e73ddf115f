"""Who may read the project bank (django-rules). Nobody writes in it: a project is a roadmap
action, changed on its roadmap.

PME managers have no access: the bank sets PMEs side by side, and a manager reads their own
roadmap (PDF, Excel action plan) on their PME's pages.
"""

import rules

from assessments.rules import is_cluster_staff, is_consultant, is_coordinator

can_view_project_bank = is_coordinator | is_cluster_staff | is_consultant
"""The coordinator sees the programme's bank, cluster staff their clusters', a consultant
the projects of the PMEs they follow (``selectors.bank_companies_visible_to``)."""

PERMISSIONS = {"reports.view_project_bank": can_view_project_bank}
for _name, _predicate in PERMISSIONS.items():
    rules.set_perm(_name, _predicate)
