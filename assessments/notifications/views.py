"""The user's account page: the language of their e-mails and which kinds they receive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.access import AuthedRequest
from assessments.notifications.forms import MailPreferencesForm
from assessments.notifications.selectors import mail_preference_of
from assessments.notifications.services import mail_preferences_save


@login_required
@require_http_methods(["GET", "POST"])
def account(request: AuthedRequest) -> HttpResponse:
    preference = mail_preference_of(request.user)
    form = MailPreferencesForm(request.POST or None, user=request.user, preference=preference)
    if request.method == "POST" and form.is_valid():
        mail_preferences_save(
            user=request.user, language=form.cleaned_data["language"], muted=form.muted()
        )
        messages.success(request, _("Your e-mail preferences are saved."))
        return redirect("assessments:account")
    return render(request, "assessments/notifications/account.html", {"form": form})
