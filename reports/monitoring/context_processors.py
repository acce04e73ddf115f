from functools import cache

from django.http import HttpRequest

from reports.monitoring.models import Programme
from reports.monitoring.rules import se_in_navigation
from reports.monitoring.selectors.programmes import programmes_visible_to


def se_navigation(request: HttpRequest) -> dict[str, object]:
    """Whether the navbar links to the S&E dashboard (cluster staff, coordinator, admin); the
    programme an S&E page works in, and the others its user may switch to (read only when a
    page shows them)."""
    user = getattr(request, "user", None)

    @cache
    def programmes() -> list[Programme]:
        return [] if user is None else list(programmes_visible_to(user).order_by("start", "pk"))

    return {
        "show_se_dashboard": user is not None and bool(se_in_navigation(user)),
        "se_programme": getattr(request, "se_programme", None),
        "se_programmes": programmes,
    }
