"""Tokens for scripts, the session (with CSRF) for the browser, nothing for strangers."""

import pytest
from django.core.management import CommandError, call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

PMES = "/api/v1/pmes/"


def test_the_api_refuses_anonymous_requests_with_401(world) -> None:
    response = APIClient().get(PMES)
    assert response.status_code == 401
    assert world.company.name not in response.content.decode()


def test_a_wrong_token_is_refused(world) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(PMES).status_code == 401


def test_a_token_opens_the_api_to_its_user(api, world) -> None:
    response = api("consultant").get(PMES)
    assert response.status_code == 200
    assert [p["name"] for p in response.json()["results"]] == ["Atlas Circuits"]


def test_the_browser_session_works_but_writes_need_the_csrf_token(world) -> None:
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(world.users["consultant"])
    assert client.get(PMES).status_code == 200
    response = client.put(
        f"/api/v1/diagnostics/{world.draft.code}/answers/A1/", {"level": 2}, format="json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_api_token_prints_a_new_token_then_the_same_one(world, capsys) -> None:
    call_command("api_token", "consultant")
    first = capsys.readouterr().out.strip()
    call_command("api_token", "consultant")
    assert capsys.readouterr().out.strip() == first
    assert Token.objects.get(user=world.users["consultant"]).key == first


def test_api_token_reset_revokes_the_old_token(world, capsys) -> None:
    call_command("api_token", "consultant")
    old = capsys.readouterr().out.strip()
    call_command("api_token", "consultant", "--reset")
    new = capsys.readouterr().out.strip()
    assert new != old
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    assert client.get(PMES).status_code == 401


def test_api_token_names_an_unknown_user(db) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", "nobody")
