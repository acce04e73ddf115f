from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from assessments.roles import Role
from diagnostics.framework_io import parse_framework
from diagnostics.models import FrameworkVersion
from diagnostics.services import framework_import

from .factories import ClusterFactory, CompanyFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FRAMEWORK = ROOT / "diagnostics" / "frameworks" / "default.yaml"

SMALL_FRAMEWORK = """
framework: {code: small, version: "1", name: {fr: "Petit", en: "Small"}}
stages:
""" + "".join(
    f'  - {{level: {n}, name: {{fr: "Niveau {n}", en: "Level {n}"}}}}\n' for n in range(6)
) + """
axes:
  - code: A
    order: 1
    weight: 2
    name: {fr: "Axe A", en: "Axis A"}
    questions:
""" + "".join(
    f"""      - code: A{q}
        weight: {w}
        text: {{fr: "Question A{q} ?", en: "Question A{q}?"}}
        levels: {{{", ".join(f'{n}: {{fr: "A{q} niveau {n}", en: "A{q} level {n}"}}' for n in range(6))}}}
"""
    for q, w in ((1, 1), (2, 3))
) + """    actions:
      - {code: A-X1, title: {fr: "Action A1", en: "Action A1"}, requires_level: 0,
         target_level: 2, effort_half_days: 2, impact: 3}
  - code: B
    order: 2
    weight: 1
    name: {fr: "Axe B", en: "Axis B"}
    questions:
      - code: B1
        text: {fr: "Question B1 ?", en: "Question B1?"}
        levels: {""" + ", ".join(
    f'{n}: {{fr: "B1 niveau {n}", en: "B1 level {n}"}}' for n in range(6)
) + """}
      - code: B2
        sectors: [agrifood]
        text: {fr: "Question agro B2 ?", en: "Agri-food question B2?"}
        levels: {""" + ", ".join(
    f'{n}: {{fr: "B2 niveau {n}", en: "B2 level {n}"}}' for n in range(6)
) + """}
    actions: []
"""


@pytest.fixture
def groups(db: None) -> None:
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@pytest.fixture
def small_version(db: None) -> FrameworkVersion:
    version, _created = framework_import(spec=parse_framework(SMALL_FRAMEWORK))
    return version


@pytest.fixture
def default_version(db: None) -> FrameworkVersion:
    version, _created = framework_import(spec=parse_framework(DEFAULT_FRAMEWORK.read_bytes()))
    return version


@pytest.fixture
def consultant(groups: None):
    return UserFactory(username="consultant", role=Role.CONSULTANT)


@pytest.fixture
def other_consultant(groups: None):
    return UserFactory(username="other-consultant", role=Role.CONSULTANT)


@pytest.fixture
def cluster(db: None):
    return ClusterFactory(code="ce3m", name="Cluster CE3M")


@pytest.fixture
def other_cluster(db: None):
    return ClusterFactory(code="agro", name="Cluster Agro")


@pytest.fixture
def company(cluster, consultant):
    return CompanyFactory(cluster=cluster, name="Atlas Circuits", consultants=[consultant])


@pytest.fixture
def other_company(other_cluster, other_consultant):
    return CompanyFactory(
        cluster=other_cluster, name="Huilerie Zitoun", consultants=[other_consultant]
    )


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages in English, so tests read them as written in the code.

    Requests still take their language from the middleware (French by default).
    """
    with translation.override("en"):
        yield
