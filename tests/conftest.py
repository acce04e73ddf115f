import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import Group
from django.utils import translation

from assessments.roles import Role
from config.celery import app as celery_app
from diagnostics.framework_io import parse_framework
from diagnostics.models import FrameworkVersion
from diagnostics.services import framework_import
from tests.factories import ClusterFactory, CompanyFactory, UserFactory

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FRAMEWORK = ROOT / "diagnostics" / "frameworks" / "default.yaml"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--browser-matrix",
        choices=("full", "one", "fr", "en"),
        default="full",
        help="full: the browser journeys at every screen width and language; one: at 1280 px "
        "in French only; fr, en: at every width in that language only (CI's two runs take one "
        "each, side by side: widths and languages do not depend on the database)",
    )


def _text(fr: str, en: str) -> dict[str, str]:
    return {"fr": fr, "en": en}


def _question(code: str, weight: float = 1, sectors: list[str] | None = None) -> dict:
    return {
        "code": code,
        "weight": weight,
        "text": _text(f"Question {code} ?", f"Question {code}?"),
        "sectors": sectors or [],
        "levels": {n: _text(f"{code} niveau {n}", f"{code} level {n}") for n in range(6)},
    }


# Two axes: A (weight 2; A1 weight 1, A2 weight 3) and B (weight 1; B1, and B2 for
# agri-food PMEs only). Small enough to reason about scores by hand.
SMALL_FRAMEWORK = yaml.safe_dump(
    {
        "framework": {"code": "small", "version": "1", "name": _text("Petit", "Small")},
        "stages": [{"level": n, "name": _text(f"Niveau {n}", f"Level {n}")} for n in range(6)],
        "axes": [
            {
                "code": "A",
                "order": 1,
                "weight": 2,
                "name": _text("Axe A", "Axis A"),
                "questions": [_question("A1"), _question("A2", weight=3)],
                "actions": [
                    {
                        "code": "A-X1",
                        "title": _text("Action A1", "Action A1"),
                        "requires_level": 0,
                        "target_level": 2,
                        "effort_half_days": 2,
                        "impact": 3,
                    }
                ],
            },
            {
                "code": "B",
                "order": 2,
                "weight": 1,
                "name": _text("Axe B", "Axis B"),
                "questions": [_question("B1"), _question("B2", sectors=["agrifood"])],
                "actions": [],
            },
        ],
    },
    allow_unicode=True,
)


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
def _no_api_throttling(settings) -> None:
    """The suite sends many requests as few users; tests/api/test_tokens.py sets rates."""
    settings.API_THROTTLE_RATES = {"user": None}


@pytest.fixture(autouse=True)
def _english_messages():
    """Service messages in English, so tests read them as written in the code.

    Requests still take their language from the middleware (French by default).
    """
    with translation.override("en"):
        yield


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Tasks in-process, as in the embedded default, even when the suite runs with REDIS_URL."""
    saved = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = saved


@pytest.fixture
def redis_url(settings) -> str:
    """A Redis to write to: the suite's REDIS_URL, else db 2 of a local Redis (skip if none)."""
    import redis

    url = settings.REDIS_URL or os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        if os.environ.get("REQUIRE_REALSTACK") == "1":
            pytest.fail(f"REQUIRE_REALSTACK=1 but no Redis answers at {url}")
        pytest.skip(f"no Redis at {url}")
    return url
