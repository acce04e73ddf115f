"""Fill a database for the load benchmark: N consultants, each with a PME and a draft diagnostic.

Prints one line per consultant: "<session key> <assessment code> <first axis code>",
so that the load generator starts logged in (no login throttling in the way).
"""

import os
import sys

import django

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

import datetime  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from assessments import services  # noqa: E402
from assessments.models import Cluster  # noqa: E402
from assessments.roles import Role  # noqa: E402
from assessments.selectors import applicable_questions  # noqa: E402
from diagnostics.selectors import framework_version_latest  # noqa: E402


def main(count: int) -> None:
    version = framework_version_latest()
    assert version is not None, "load the framework first"
    group, _ = Group.objects.get_or_create(name=Role.CONSULTANT)
    cluster, _ = Cluster.objects.get_or_create(
        code="load",
        defaults={"name": "Cluster de charge", "sector": "electronics", "region": "CSE"},
    )
    # As the policy wants (assessments.rules.can_create_company_in): a consultant registers PMEs
    # only in a cluster they already work in, so the cluster's staff registers each PME and
    # assigns its consultant.
    staff, _ = User.objects.get_or_create(username="load-staff")
    staff.groups.add(Group.objects.get_or_create(name=Role.CLUSTER_STAFF)[0])
    cluster.staff.add(staff)
    axis = version.axes.order_by("order").first()
    assert axis is not None, "the framework has no axis"
    for n in range(count):
        user, _ = User.objects.get_or_create(username=f"load{n}")
        user.groups.add(group)
        company = services.company_create(
            by=staff,
            consultants=[user],
            cluster=cluster,
            name=f"PME charge {n}",
            ice=f"{900000000000000 + n}",
            sector="electronics",
            region="CSE",
            city="Casablanca",
            headcount="10-49",
        )
        assessment = services.assessment_start(
            company=company, consultant=user, visit_date=datetime.date(2026, 10, 1)
        )
        for question in applicable_questions(assessment)[:30]:
            services.answer_record(assessment=assessment, question=question, by=user, level=n % 6)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        print(session.session_key, assessment.code, axis.code)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 50)
