"""The approvers' queue: approve or return in bulk after one confirmation, four eyes kept."""

from decimal import Decimal

import pytest
from django.test import Client

from assessments.roles import Role
from reports.monitoring.models import Indicator, IndicatorValue, Period
from reports.monitoring.services import indicators as services
from reports.monitoring.services.logframe import logframe_load, parse_logframe
from tests.factories import ClusterFactory, UserFactory
from tests.reports.monitoring.test_logframe import LOGFRAME

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(groups):  # type: ignore[no-untyped-def]
    logframe_load(spec=parse_logframe(LOGFRAME))
    ce3m, agro = ClusterFactory(code="ce3m"), ClusterFactory(code="agro")
    staff = UserFactory(username="staff", role=Role.CLUSTER_STAFF)
    ce3m.staff.add(staff)
    agro.staff.add(staff)
    alice = UserFactory(username="alice", role=Role.COORDINATOR)
    bob = UserFactory(username="bob", role=Role.COORDINATOR)

    def submitted(cluster, period: str, by) -> IndicatorValue:  # type: ignore[no-untyped-def]
        where = {
            "indicator": Indicator.objects.get(code="pme-satisfaction"),
            "period": Period.objects.get(code=period),
            "cluster": cluster,
            "by": by,
        }
        services.indicator_value_enter(**where, value=Decimal("4.1"), n=6)
        return services.indicator_value_submit(**where)

    return {
        "alice": alice,
        "bob": bob,
        "ours": submitted(ce3m, "2026-Q3", staff),
        "theirs": submitted(agro, "2026-Q3", staff),
        "alices": submitted(None, "2026-Q3", alice),  # Alice entered and submitted it
        "later": submitted(ce3m, "2026-Q4", staff),
    }


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def status(value: IndicatorValue) -> str:
    return IndicatorValue.objects.get(pk=value.pk).status


def test_bulk_approval_shows_what_it_will_do_before_doing_it(world) -> None:
    chosen = [world["ours"], world["theirs"], world["alices"]]
    page = client_for(world["alice"]).post(
        "/reports/se/approvals/review/",
        {"values": [str(v.code) for v in chosen], "action": "approve"},
    )
    assert page.status_code == 200
    html = page.content.decode()
    will = html[html.index('id="will-review"') : html.index("</table>", html.index("will-review"))]
    skip = html[html.index('id="will-skip"') :]
    assert str(world["ours"].code) in will
    assert str(world["theirs"].code) in will
    assert str(world["alices"].code) not in will
    assert str(world["alices"].code) in skip  # four eyes, said before anything happens
    assert {status(v) for v in chosen} == {"submitted"}  # nothing done yet


def test_bulk_approval_never_approves_a_value_you_entered_or_submitted(world) -> None:
    chosen = [world["ours"], world["theirs"], world["alices"]]
    client = client_for(world["alice"])
    done = client.post(
        "/reports/se/approvals/review/",
        {"values": [str(v.code) for v in chosen], "action": "approve", "confirm": "on"},
        follow=True,
    )
    assert (status(world["ours"]), status(world["theirs"])) == ("approved", "approved")
    assert status(world["alices"]) == "submitted"
    assert status(world["later"]) == "submitted"  # not chosen
    text = done.content.decode()
    assert "2 values approved." in text
    assert "Skipped:" in text
    assert "four eyes" in text
    assert IndicatorValue.objects.get(pk=world["ours"].pk).approved_by == world["alice"]


def test_a_smuggled_code_of_your_own_value_is_still_skipped(world) -> None:
    # A confirmation posted by hand with one's own value among the codes.
    client_for(world["alice"]).post(
        "/reports/se/approvals/review/",
        {"values": [str(world["alices"].code)], "action": "approve", "confirm": "on"},
    )
    assert status(world["alices"]) == "submitted"
    client_for(world["bob"]).post(
        "/reports/se/approvals/review/",
        {"values": [str(world["alices"].code)], "action": "approve", "confirm": "on"},
    )
    assert status(world["alices"]) == "approved"


def test_returning_in_bulk_needs_a_comment_and_keeps_the_selection(world) -> None:
    client = client_for(world["bob"])
    codes = [str(world["ours"].code), str(world["later"].code)]
    refused = client.post("/reports/se/approvals/review/", {"values": codes, "action": "return"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Say what needs changing when returning values." in html
    assert all(
        f'value="{code}" form="bulk-form" id="pick-{code}" checked' in html for code in codes
    )
    client.post(
        "/reports/se/approvals/review/",
        {"values": codes, "action": "return", "comment": "Attach the surveys.", "confirm": "on"},
    )
    assert (status(world["ours"]), status(world["later"])) == ("returned", "returned")
    last = IndicatorValue.objects.get(pk=world["ours"].pk).changes.order_by("-at", "-id").first()
    assert (last.action, last.reason) == ("returned", "Attach the surveys.")


def test_the_queue_filters_by_period_and_scope(world) -> None:
    client = client_for(world["bob"])
    rows = client.get("/reports/se/approvals/?period=2026-Q4").context["rows"]
    assert [v for v, _may in rows] == [world["later"]]
    rows = client.get("/reports/se/approvals/?scope=programme").context["rows"]
    assert [v for v, _may in rows] == [world["alices"]]
    rows = client.get("/reports/se/approvals/?scope=agro").context["rows"]
    assert [v for v, _may in rows] == [world["theirs"]]


def test_only_approvers_review_in_bulk(world) -> None:
    staff = client_for(UserFactory(role=Role.CLUSTER_STAFF))
    refused = staff.post(
        "/reports/se/approvals/review/",
        {"values": [str(world["ours"].code)], "action": "approve", "confirm": "on"},
    )
    assert refused.status_code == 403
    assert status(world["ours"]) == "submitted"


def test_a_malformed_code_is_refused_with_a_message(world) -> None:
    page = client_for(world["bob"]).post(
        "/reports/se/approvals/review/", {"values": ["not-a-code"], "action": "approve"}
    )
    assert page.status_code == 400
    assert "Choose values from the list." in page.content.decode()
