import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backups.retention import Keep, parse_keep, to_delete

NOW = datetime.datetime(2026, 12, 6, 12, 0, tzinfo=datetime.UTC)


def made(days_ago: list[int]) -> dict[str, datetime.datetime]:
    return {f"b{d}": NOW - datetime.timedelta(days=d) for d in days_ago}


@pytest.mark.parametrize(
    ("text", "keep"),
    [
        ("14", Keep(count=14)),
        ("30d", Keep(days=30)),
        (" 7 days ", Keep(days=7)),
        ("1", Keep(count=1)),
    ],
)
def test_it_reads_a_count_or_a_number_of_days(text: str, keep: Keep) -> None:
    assert parse_keep(text) == keep


@pytest.mark.parametrize("text", ["", "0", "-3", "two", "3w", "1.5"])
def test_it_refuses_anything_else(text: str) -> None:
    with pytest.raises(ValueError, match="number of backups"):
        parse_keep(text)


def test_a_count_deletes_all_but_the_newest_oldest_first() -> None:
    assert to_delete(made([0, 1, 2, 3, 4]), keep=Keep(count=2), now=NOW) == ["b4", "b3", "b2"]


def test_days_delete_what_is_older() -> None:
    assert to_delete(made([0, 1, 5, 40]), keep=Keep(days=3), now=NOW) == ["b40", "b5"]


def test_days_always_keep_the_newest_backup() -> None:
    assert to_delete(made([10, 20]), keep=Keep(days=3), now=NOW) == ["b20"]


# A shared, loaded machine makes even small inputs slow to draw.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    ages=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=40, unique=True),
    count=st.integers(min_value=1, max_value=30),
)
def test_a_count_keeps_exactly_the_newest_n(ages: list[int], count: int) -> None:
    backups = made(ages)
    kept = set(backups) - set(to_delete(backups, keep=Keep(count=count), now=NOW))
    assert kept == {f"b{d}" for d in sorted(ages)[:count]}
