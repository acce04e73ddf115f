"""Completion rules as data: the bootcamp and N webinars; partial attendance is not enough."""

import datetime

import pandas as pd
import pytest

from reports.monitoring.indicators import Window, compute
from reports.monitoring.indicators.completion import completed_on, requirements_of
from reports.monitoring.models import CompletionRule
from reports.monitoring.selectors.indicators import indicator_frames
from reports.monitoring.services.activities import activity_create
from tests.factories import ClusterFactory, UserFactory, install_programme

RULE = [{"kind": "bootcamp", "min": 1}, {"kind": "webinar", "min": 2}]


def attendance(rows: list[tuple[str, str, int, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"unit": u, "role": "consultant", "activity_kind": k, "activity_id": a, "date": d}
            for u, k, a, d in rows
        ]
    ).assign(date=lambda f: pd.to_datetime(f["date"]))


def test_the_rule_is_met_on_the_session_that_completes_it() -> None:
    rows = attendance(
        [
            ("amina", "webinar", 1, "2026-03-01"),
            ("amina", "bootcamp", 9, "2026-04-01"),
            ("amina", "webinar", 2, "2026-05-01"),
            ("amina", "webinar", 2, "2026-05-01"),  # the same session twice counts once
            ("sara", "bootcamp", 9, "2026-04-01"),
            ("sara", "webinar", 1, "2026-03-01"),  # one webinar of two: partial
            ("karim", "webinar", 1, "2026-03-01"),
            ("karim", "webinar", 2, "2026-05-01"),  # no bootcamp
        ]
    )
    met = completed_on(rows, "consultant", RULE)
    assert met.to_dict() == {"amina": pd.Timestamp("2026-05-01")}


def test_a_rule_of_another_role_or_without_requirements_is_met_by_nobody() -> None:
    rows = attendance([("amina", "bootcamp", 9, "2026-04-01")])
    assert completed_on(rows, "pme", [{"kind": "bootcamp", "min": 1}]).empty
    assert completed_on(rows, "consultant", []).empty


def test_requirements_read_from_json_text() -> None:
    assert requirements_of('[{"kind": "webinar", "min": 8}]') == [{"kind": "webinar", "min": 8}]


@pytest.mark.django_db
def test_consultants_trained_counts_only_those_who_met_the_rule(groups) -> None:
    CompletionRule.objects.create(
        programme=install_programme(),
        code="consultant-trained",
        name_fr="Consultant formé",
        name_en="Trained consultant",
        role="consultant",
        requirements=RULE,
    )
    coordinator = UserFactory(username="coord", role="coordinator")
    c1, c2 = ClusterFactory(code="ce3m"), ClusterFactory(code="agro")
    amina = {
        "name": "Amina",
        "email": "amina@x.ma",
        "sex": "F",
        "role": "consultant",
        "cluster": c1,
    }
    sara = {"name": "Sara", "email": "sara@x.ma", "sex": "F", "role": "consultant", "cluster": c2}
    sessions = [
        ("bootcamp", datetime.date(2026, 4, 1), [amina, sara]),
        ("webinar", datetime.date(2026, 3, 1), [amina, sara]),
        ("webinar", datetime.date(2026, 5, 1), [amina]),
    ]
    for number, (kind, date, people) in enumerate(sessions):
        activity_create(
            by=coordinator,
            cluster=None,
            kind=kind,
            title=f"S{number}",
            date=date,
            evidence_link="https://example.org/l",
            participants=people,
        )
    to_date = Window(None, datetime.date(2026, 12, 31))
    trained = compute("consultants-trained", indicator_frames(), to_date, ["cluster"])
    assert (trained.value, trained.n) == (1, 1)
    assert {c.category: c.value for c in trained.breakdown} == {"ce3m": 1}
    assert compute("consultants-trained", indicator_frames(cluster=c2), to_date, []).value == 0
    before = Window(None, datetime.date(2026, 4, 30))
    assert compute("consultants-trained", indicator_frames(), before, []).value == 0
    in_may = Window(datetime.date(2026, 5, 1), datetime.date(2026, 5, 31))
    assert compute("consultants-trained", indicator_frames(), in_may, []).value == 1
