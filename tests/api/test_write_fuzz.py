"""Hostile bodies on the API's writes: never a 500, and a refusal changes nothing (hypothesis).

The bodies mix what breaks naive code: digits of other scripts, over-long strings, deep
nesting, wrong types, NUL characters, nulls.
"""

import pytest
from django.apps import apps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

WATCHED = [
    "assessments.Company",
    "assessments.HistoricalCompany",
    "assessments.Answer",
    "assessments.HistoricalAnswer",
    "assessments.AxisTarget",
    "reports.Activity",
    "reports.Participant",
    "reports.IndicatorValue",
]

digits = st.text(alphabet="0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹０１２３", min_size=1, max_size=20)
hostile_text = st.one_of(
    digits,
    st.text(max_size=30),
    st.text(min_size=1, max_size=3).map(lambda t: t * 3_000),  # far past any column
    st.just("a\x00b"),
)
# JSON has no NaN nor infinity: the test client refuses to encode them (ValueError).
finite = st.floats(allow_nan=False, allow_infinity=False)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), finite, hostile_text)
nested = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(hostile_text, inner, max_size=3),
)
deep = st.integers(min_value=21, max_value=60).map(lambda n: {"name": _nest(n)})


def _nest(levels: int) -> object:
    value: object = "x"
    for _level in range(levels):
        value = [value]
    return value


def _fields(*names: str) -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries({}, optional={name: st.one_of(scalars, nested) for name in names})


PME = ("name", "ice", "cluster", "sector", "region", "city", "headcount", "consultants", "reason")
ACTIVITY = ("kind", "title", "date", "cluster", "hours", "participants", "evidence_link")
ANSWER = ("level", "not_applicable", "comment", "revision")
bodies = st.one_of(_fields(*PME), _fields(*ACTIVITY), _fields(*ANSWER), deep)


def _fingerprint() -> tuple[int, ...]:
    return tuple(apps.get_model(label).objects.count() for label in WATCHED)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    body=bodies,
    target=st.integers(min_value=0, max_value=4),
    role=st.sampled_from(["consultant", "staff", "coordinator"]),
)
def test_a_hostile_body_is_refused_cleanly_or_accepted(world, body, target, role) -> None:
    writes = [
        ("post", "/api/v1/pmes/"),
        ("patch", f"/api/v1/pmes/{world.company.code}/"),
        ("post", "/api/v1/activities/"),
        ("put", f"/api/v1/diagnostics/{world.draft.code}/answers/A1/"),
        ("put", f"/api/v1/diagnostics/{world.draft.code}/targets/"),
    ]
    method, url = writes[target]
    before = _fingerprint()
    response = getattr(client_for(world.users[role]), method)(url, body, format="json")
    assert response.status_code < 500, response.content[:300]
    if response.status_code >= 400:
        assert response.headers["Content-Type"] == "application/json"
        assert "detail" in response.json()
        assert _fingerprint() == before
