"""People who take part in the programme's activities, and the rules that say who completed
a course (e.g. a trained consultant: the bootcamp and at least 8 of the 12 webinars)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from assessments.models import Cluster, Company
from diagnostics.models import Translated


class Person(models.Model):
    """Someone counted once across every session they attend, attributed to their own
    cluster (and PME); linked to their user account when they have one."""

    class Sex(models.TextChoices):
        FEMALE = "F", _("Woman")
        MALE = "M", _("Man")
        UNKNOWN = "U", _("Not stated")

    class Role(models.TextChoices):
        CONSULTANT = "consultant", _("Consultant")
        PME = "pme", _("PME staff")
        CLUSTER_STAFF = "cluster_staff", _("Cluster staff")
        INSTITUTION = "institution", _("Institution")
        OTHER = "other", _("Other")

    code = models.UUIDField(_("public code"), default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    role = models.CharField(_("role"), max_length=15, choices=Role.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    company = models.ForeignKey(
        Company,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("PME"),
    )
    cluster = models.ForeignKey(
        Cluster,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("own cluster"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="se_person",
        verbose_name=_("user account"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="reports_person_unique_email",
                violation_error_message=_("Another person already has this e-mail."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class CompletionRule(Translated):
    """What completing a course means, as data from the logframe: a role and, per kind of
    activity, the least number of sessions attended (``[{"kind": "bootcamp", "min": 1}]``)."""

    programme = models.ForeignKey(
        "reports.Programme",
        on_delete=models.PROTECT,
        related_name="completion_rules",
        verbose_name=_("programme"),
    )
    code = models.SlugField(_("code"), max_length=40)
    name_fr = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    role = models.CharField(_("role"), max_length=15, choices=Person.Role.choices)
    requirements = models.JSONField(_("sessions required per kind of activity"), default=list)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")
        ordering = ["order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="reports_completionrule_unique_code",
                violation_error_message=_("This programme already has a rule with this code."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return self.tr("name")
