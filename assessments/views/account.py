"""The user's own account: their API token."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from knox.models import AuthToken

from assessments.access import AuthedRequest, require
from assessments.rules import can_use_api
from config.api.tokens import (
    token_expired,
    token_expires_at,
    token_issue,
    token_of,
    token_revoke,
)


@login_required
@require_http_methods(["GET", "POST"])
def api_token(request: AuthedRequest) -> HttpResponse:
    """Create, replace or revoke one's API token. The key is shown once, on creation."""
    require(can_use_api(request.user))
    if request.method == "POST":
        if "revoke" in request.POST:
            if token_revoke(user=request.user):
                messages.success(request, _("Your token is revoked: it no longer works."))
            return redirect("assessments:api_token")
        token, key = token_issue(user=request.user)
        messages.success(
            request, _("Your new token is ready. Copy it now: it will not be shown again.")
        )
        return render(request, "assessments/api_token.html", _context(token, key=key))
    token = token_of(request.user)
    return render(request, "assessments/api_token.html", _context(token, key=None))


def _context(token: AuthToken | None, *, key: str | None) -> dict[str, object]:
    """``key`` only just after creation: the database keeps its hash, not the key."""
    return {
        "token": token,
        "key": key,
        "expires_at": token_expires_at(token) if token is not None else None,
        "expired": token is not None and token_expired(token),
        "token_days": settings.API_TOKEN_DAYS,
    }
