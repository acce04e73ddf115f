"""Roles are Django groups; these names are the contract with fixtures and tests."""

from django.contrib.auth.models import AnonymousUser, User
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    PME_MANAGER = "pme_manager", _("PME manager")
    CLUSTER_STAFF = "cluster_staff", _("Cluster staff")
    COORDINATOR = "coordinator", _("Programme coordinator")
    ADMIN = "admin", _("Administrator")


def roles_of(user: User | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached: set[str] | None = getattr(user, "_role_cache", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(Role.ADMIN)
        # One query per request object, however many checks a page makes.
        setattr(user, "_role_cache", cached)  # noqa: B010
    return cached


def sees_everything(user: User | AnonymousUser) -> bool:
    return bool(roles_of(user) & {Role.COORDINATOR, Role.ADMIN})
