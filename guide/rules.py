"""Which guide a user opens first: the one of their role (anyone signed in may read any)."""

from django.contrib.auth.models import AnonymousUser, User

from assessments.roles import Role, roles_of

# The first role a user holds, in this order, names their guide; an administrator reads the
# coordinator's (the operator's guide is docs/operations.md, linked from every guide).
GUIDE_OF_ROLE = (
    (Role.COORDINATOR, "coordinator"),
    (Role.ADMIN, "coordinator"),
    (Role.CLUSTER_STAFF, "cluster_staff"),
    (Role.CONSULTANT, "consultant"),
    (Role.PME_MANAGER, "pme_manager"),
)


def guide_of(user: User | AnonymousUser) -> str:
    held = roles_of(user)
    return next((guide for role, guide in GUIDE_OF_ROLE if role in held), "consultant")
