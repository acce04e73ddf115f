"""Tokens for scripts, the session (with CSRF) for the browser, nothing for strangers."""

import datetime
import hashlib
import re

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken
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


def test_api_token_prints_a_working_token_stored_only_as_its_hash(world, capsys) -> None:
    call_command("api_token", "consultant")
    key = capsys.readouterr().out.strip()
    assert works(key)
    stored = AuthToken.objects.get(user=world.users["consultant"])
    assert key not in {stored.digest, stored.token_key}
    assert stored.digest == hashlib.sha512(key.encode()).hexdigest()


@pytest.mark.parametrize("options", [[], ["--reset"]])
def test_api_token_replaces_the_old_token_each_time(world, capsys, options) -> None:
    call_command("api_token", "consultant")
    old = capsys.readouterr().out.strip()
    call_command("api_token", "consultant", *options)
    new = capsys.readouterr().out.strip()
    assert new != old
    assert works(new)
    assert not works(old)
    assert AuthToken.objects.filter(user=world.users["consultant"]).count() == 1


def test_api_token_names_an_unknown_user(db) -> None:
    with pytest.raises(CommandError, match="nobody"):
        call_command("api_token", "nobody")


def token_of(response) -> str:  # type: ignore[no-untyped-def]
    key = re.search(r'id="token-key" value="([0-9a-f]{64})"', response.content.decode())
    assert key is not None, "the new token is shown"
    return key.group(1)


def works(key: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client.get(PMES).status_code == 200


def test_a_user_makes_replaces_and_revokes_their_token_on_their_page(world) -> None:
    browser = Client()
    browser.force_login(world.users["consultant"])
    page = browser.get("/account/api-token/")
    assert page.status_code == 200
    assert "Vous n’avez pas de jeton" in page.content.decode()

    first = token_of(browser.post("/account/api-token/", {"issue": ""}))
    assert works(first)
    again = browser.get("/account/api-token/").content.decode()
    assert first not in again  # shown once, when created
    assert 'id="token-state"' in again

    second = token_of(browser.post("/account/api-token/", {"issue": ""}))
    assert second != first
    assert works(second)
    assert not works(first)

    assert browser.post("/account/api-token/", {"revoke": ""}).status_code == 302
    assert not works(second)
    assert not AuthToken.objects.filter(user=world.users["consultant"]).exists()


def test_the_token_page_is_for_logged_in_users_and_their_own_token(world) -> None:
    assert Client().get("/account/api-token/").status_code == 302  # to the login page
    theirs, key = AuthToken.objects.create(user=world.users["other_consultant"])
    browser = Client()
    browser.force_login(world.users["consultant"])
    browser.post("/account/api-token/", {"revoke": ""})
    assert AuthToken.objects.filter(pk=theirs.pk).exists()  # another user's token is untouched
    page = browser.get("/account/api-token/").content.decode()
    assert key not in page
    assert theirs.token_key not in page


def test_an_expired_token_is_refused_with_its_date_and_what_to_do(world, settings, capsys) -> None:
    settings.API_TOKEN_DAYS = 30
    call_command("api_token", "consultant")
    key = capsys.readouterr().out.strip()
    AuthToken.objects.filter(user=world.users["consultant"]).update(
        created=timezone.now() - datetime.timedelta(days=31)
    )
    assert works(key)  # its lifetime was fixed when it was made
    AuthToken.objects.filter(user=world.users["consultant"]).update(
        expiry=timezone.now() - datetime.timedelta(days=1)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    refused = client.get(PMES, HTTP_ACCEPT_LANGUAGE="fr")
    assert refused.status_code == 401
    assert "expiré" in refused.json()["detail"]
    assert "Accès à l’API" in refused.json()["detail"]
    browser = Client()
    browser.force_login(world.users["consultant"])
    assert "expiré" in browser.get("/account/api-token/").content.decode()
    # the command replaces an expired token rather than printing a dead one
    call_command("api_token", "consultant")
    fresh = capsys.readouterr().out.strip()
    assert fresh != key
    assert works(fresh)


def test_too_many_requests_are_slowed_down_with_a_clear_answer(world, settings) -> None:
    settings.API_THROTTLE_RATES = {"user": "3/min"}
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=world.users['manager'])[1]}"
    )
    for _attempt in range(3):
        assert client.get(PMES).status_code == 200
    slowed = client.get(PMES)
    assert slowed.status_code == 429
    assert int(slowed["Retry-After"]) > 0
    assert slowed.json()["detail"]
    # another user has their own count
    assert works(AuthToken.objects.create(user=world.users["staff"])[1])


def test_a_cache_that_cannot_be_reached_lets_requests_in(world, settings) -> None:
    settings.API_THROTTLE_RATES = {"user": "3/min"}
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    key = AuthToken.objects.create(user=world.users["manager"])[1]
    assert all(works(key) for _attempt in range(4))  # not throttled, and never a 500


def test_a_script_chooses_its_language_with_accept_language(world) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    english = client.get(PMES, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert english["Content-Language"] == "en"
    assert english.json()["detail"] == "Invalid token."
    assert client.get(PMES)["Content-Language"] == "fr"  # no header: French
    client.cookies["django_language"] = "fr"  # the cookie, when there is one, wins
    assert client.get(PMES, HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "fr"
    # the app's pages keep French whatever the browser says
    assert Client().get("/login/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "fr"


def test_a_wrong_token_is_refused_in_the_users_language(world) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    assert client.get(PMES).json()["detail"] == "Jeton invalide."
