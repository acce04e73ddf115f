from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from assessments.notifications.kinds import Kind, kinds_for
from assessments.notifications.models import MailPreference

PREFIX = "kind_"


class MailPreferencesForm(forms.Form):
    """The language of one's e-mails and one checkbox per kind that concerns one's role."""

    language = forms.ChoiceField(label=_("Language of my e-mails"), required=False)

    def __init__(self, *args: Any, user: User, preference: MailPreference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preference = preference
        self.kinds: list[Kind] = kinds_for(user)
        language = self.fields["language"]
        assert isinstance(language, forms.ChoiceField)
        language.choices = [("", _("The site's language (French)"))] + list(settings.LANGUAGES)
        language.initial = preference.language
        for kind in self.kinds:
            self.fields[PREFIX + kind.key] = forms.BooleanField(
                label=kind.label, required=False, initial=kind.key not in preference.muted
            )

    def kind_fields(self) -> list[forms.BoundField]:
        return [self[PREFIX + kind.key] for kind in self.kinds]

    def muted(self) -> list[str]:
        """The kinds switched off: those unticked here, and those switched off earlier that
        the user's role no longer shows (they stay off should the role come back)."""
        shown = {kind.key for kind in self.kinds}
        kept = [key for key in self.preference.muted if key not in shown]
        return kept + [k.key for k in self.kinds if not self.cleaned_data[PREFIX + k.key]]
