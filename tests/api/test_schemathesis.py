"""schemathesis against the live OpenAPI schema, as each role with its token.

Written with schemathesis's Python API (``as_strategy`` + hypothesis) rather than its
pytest plugin, whose 4.x ``parametrize`` does not run under pytest 9.

Every operation gets generated requests (valid and invalid); no answer may be a server
error, and every answer must match the schema (status, content type, body). Path
parameters are often replaced by real codes (ours and the other cluster's), so that the
generated requests reach real objects, not only 404s.
"""

import time
import zlib
from collections import Counter
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from assessments.accompaniment.models import PlanSlot
from assessments.models import Evidence
from reports.documents.models import Report
from reports.monitoring.models import Activity, Indicator, IndicatorValue, Period
from tests.api.conftest import World
from tests.api.test_activities_api import activities_world
from tests.api.test_documents_api import documents_world
from tests.api.test_evidence_api import PDF, attach
from tests.api.test_indicators_api import se_world

pytestmark = pytest.mark.django_db(transaction=True)

ROLES = ["consultant", "manager", "staff", "coordinator"]
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 5  # per operation and mode: the whole run stays under a minute


def real_values(world: World) -> dict[str, list[str]]:
    """Path parameter values that name real objects, per resource."""
    slots = PlanSlot.objects.filter(day__plan__in=[world.plan, world.other_plan])
    items = [
        i.code for a in (world.submitted, world.other_submitted) for i in a.roadmap.items.all()
    ]
    return {
        "clusters": [world.cluster.code, world.other_cluster.code],
        "pmes": [str(world.company.code), str(world.other_company.code)],
        "diagnostics": [
            str(a.code)
            for a in (world.draft, world.submitted, world.other_draft, world.other_submitted)
        ],
        "plans": [str(world.plan.code), str(world.other_plan.code)],
        "roadmap-actions": [str(code) for code in items],
        "evidence": [str(code) for code in Evidence.objects.values_list("code", flat=True)],
        "slot_id": [str(pk) for pk in slots.values_list("pk", flat=True)],
        "question": ["A1", "A2", "B1", "B2"],
        "number": ["1", "2", "8"],
        "framework": ["small"],
        "version": ["1"],
        "indicators": list(Indicator.objects.values_list("code", flat=True)[:4]),
        "periods": ["2026-Q3", "TOTAL"],
        "indicator-values": [str(c) for c in IndicatorValue.objects.values_list("code", flat=True)],
        "activities": [str(c) for c in Activity.objects.values_list("code", flat=True)],
        "documents": [str(c) for c in Report.objects.values_list("code", flat=True)],
    }


@pytest.fixture(autouse=True)
def se_values(world: World) -> None:
    """The logframe, and an S&E value in each cluster and for the programme."""
    se_world(world)
    assert Period.objects.filter(code="2026-Q3").exists()


@pytest.fixture(autouse=True)
def se_documents(world: World, settings, tmp_path) -> None:
    """An activity and a ready PDF roadmap in each cluster."""
    settings.MEDIA_ROOT = settings.DATA_DIR = tmp_path
    activities_world(world)
    documents_world(world)


@pytest.fixture(autouse=True)
def evidence(world: World, settings, tmp_path) -> None:
    """An image and a document on each cluster's draft, stored out of the way."""
    settings.MEDIA_ROOT = tmp_path
    for draft in (world.draft, world.other_draft):
        attach(draft, world)
        attach(draft, world, "rapport.pdf", PDF)


def pick(pool: list[str], generated: object) -> str | None:
    """A real value for most generated ones, chosen from the value so that replays agree."""
    index = zlib.crc32(repr(generated).encode()) % (len(pool) + 1)
    return pool[index] if index < len(pool) else None


def operations(live_server, world: World) -> list[Any]:
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    values = real_values(world)

    @schema.hook
    def map_path_parameters(context, path_parameters: dict[str, Any] | None) -> Any:
        if not path_parameters:
            return path_parameters
        resource = context.operation.path.split("/")[3]
        for name, generated in path_parameters.items():
            real = pick(values.get(resource if name == "code" else name, []), generated)
            if real is not None:
                path_parameters[name] = real
        return path_parameters

    return [result.ok() for result in schema.get_all_operations()]


FUZZ = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def test_no_role_gets_a_server_error_or_an_answer_outside_the_schema(live_server, world) -> None:
    tokens = {role: AuthToken.objects.create(user=world.users[role])[1] for role in ROLES}
    calls: Counter[int] = Counter()
    failures: list[str] = []
    started = time.monotonic()
    api = operations(live_server, world)
    for operation in api:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @FUZZ
            @given(case=operation.as_strategy(generation_mode=mode, hooks=operation.schema.hooks))
            def fuzz(case) -> None:
                for role in ROLES:
                    headers = {"Authorization": f"Token {tokens[role]}"}
                    response = case.call_and_validate(headers=headers, checks=CHECKS)
                    calls[response.status_code] += 1

            try:
                fuzz()
            except Unsatisfiable:
                continue  # nothing in this operation can be made invalid (e.g. a GET by code)
            except Exception as failure:  # every operation is tried; all failures are reported
                failures.append(f"{operation.label} ({mode.value}): {failure}")
    elapsed = time.monotonic() - started
    print(
        f"\nschemathesis: {sum(calls.values())} requests, {len(api)} operations, 4 roles, "
        f"{elapsed:.1f} s; statuses {dict(sorted(calls.items()))}"
    )
    assert not failures, "\n\n".join(failures)
    assert len(api) >= 30
    # The generated requests did reach real objects, and were refused where they should be.
    assert {200, 400, 403, 404} <= set(calls)
