"""What each user wants by e-mail, and what was sent (so a retried task sends nothing twice)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MailPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preference",
        verbose_name=_("user"),
    )
    # One of settings.LANGUAGES (checked by the service), or blank: the site's language.
    language = models.CharField(_("language of e-mails"), max_length=8, blank=True)
    muted = models.JSONField(_("kinds of e-mail switched off"), default=list, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail preference")
        verbose_name_plural = _("e-mail preferences")
        ordering = ["user"]

    def __str__(self) -> str:
        return str(self.user)


class MailSent(models.Model):
    """One message of one kind about one event to one address, sent once."""

    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(_("event"), max_length=120)
    address = models.EmailField(_("address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    language = models.CharField(_("language"), max_length=8)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("e-mail sent")
        verbose_name_plural = _("e-mails sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "key", "address"],
                name="assessments_mailsent_once",
                violation_error_message=_("This e-mail was already sent to this address."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key} → {self.address}"
