"""Roles are Django groups; these names are the contract with fixtures and tests."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CONSULTANT = "consultant", _("Consultant")
    PME_MANAGER = "pme_manager", _("PME manager")
    CLUSTER_STAFF = "cluster_staff", _("Cluster staff")
    COORDINATOR = "coordinator", _("Programme coordinator")
    ADMIN = "admin", _("Administrator")


def roles_of(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_role_cache", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))  # type: ignore[attr-defined]
        if user.is_superuser:  # type: ignore[attr-defined]
            cached.add(Role.ADMIN)
        user._role_cache = cached  # type: ignore[union-attr]
    return cached


def sees_everything(user: AbstractBaseUser | AnonymousUser) -> bool:
    return bool(roles_of(user) & {Role.COORDINATOR, Role.ADMIN})
