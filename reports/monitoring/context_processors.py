from django.http import HttpRequest

from reports.monitoring.rules import se_in_navigation


def se_navigation(request: HttpRequest) -> dict[str, bool]:
    """Whether the navbar links to the S&E dashboard (cluster staff, coordinator, admin)."""
    user = getattr(request, "user", None)
    return {"show_se_dashboard": user is not None and bool(se_in_navigation(user))}
