from django.http import HttpRequest

from assessments.roles import Role, roles_of
from reports.monitoring.rules import se_can_view


def se_navigation(request: HttpRequest) -> dict[str, bool]:
    """Whether the navbar links to the S&E dashboard (cluster staff, coordinator, admin)."""
    user = getattr(request, "user", None)
    if user is None:
        return {"show_se_dashboard": False}
    roles = roles_of(user)
    staff = bool(roles & {Role.CLUSTER_STAFF, Role.COORDINATOR, Role.ADMIN})
    return {"show_se_dashboard": staff and se_can_view(user)}
