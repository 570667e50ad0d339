"""Signing in with email and password; every page needs a signed-in user."""

from __future__ import annotations

import pytest
from django.test import Client

from convene.people.models import Role
from tests.factories import PASSWORD, UserFactory


@pytest.mark.django_db
def test_a_signed_out_visitor_is_sent_to_sign_in(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_a_social_worker_signs_in_with_email_and_password_and_sees_my_work(cast) -> None:
    client = Client()
    user = cast[Role.SOCIAL_WORKER]
    response = client.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "My work" in page.content.decode()


def test_a_wrong_password_is_refused_and_keeps_the_email_typed(cast) -> None:
    client = Client()
    user = cast[Role.SOCIAL_WORKER]
    response = client.post("/sign-in/", {"username": user.email, "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body
    assert f'value="{user.email}"' in body


def test_passwords_are_hashed_with_argon2(settings, db) -> None:
    import convene.settings as project  # the project's own setting, not the tests' fast one

    settings.PASSWORD_HASHERS = project.PASSWORD_HASHERS
    user = UserFactory()
    assert user.password.startswith("argon2")


# The sign-in lockout (convene/people/signin.py): per account, and per account from one address.


def _sign_in(client: Client, email: str, password: str, address: str = "10.0.0.1"):
    return client.post("/sign-in/", {"username": email, "password": password}, REMOTE_ADDR=address)


def _page(response) -> str:
    """The page without its CSRF token and script nonce, which differ on every response."""
    import re

    page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
    return re.sub(r'nonce="[^"]+"', "", page)


def test_five_wrong_passwords_lock_the_account_even_against_the_right_password(cast) -> None:
    client = Client()
    user = cast[Role.SOCIAL_WORKER]
    for _ in range(5):
        assert _sign_in(client, user.email, "wrong password").status_code == 200
    locked = _sign_in(client, user.email, PASSWORD)
    assert locked.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_a_locked_account_looks_exactly_like_a_wrong_password(cast) -> None:
    user = cast[Role.SOCIAL_WORKER]
    wrong = _sign_in(Client(), user.email, "wrong password", address="10.0.0.9")
    client = Client()
    for _ in range(5):
        _sign_in(client, user.email, "wrong password")
    with_right_password = _sign_in(client, user.email, PASSWORD)
    with_wrong_password = _sign_in(client, user.email, "wrong password")
    for locked in (with_right_password, with_wrong_password):
        assert locked.status_code == wrong.status_code == 200
        assert _page(locked) == _page(wrong)
        assert locked.get("Content-Type") == wrong.get("Content-Type")
    assert "There is a problem" in _page(wrong)


def test_the_account_can_still_sign_in_from_another_address(cast) -> None:
    user = cast[Role.SOCIAL_WORKER]
    attacker = Client()
    for _ in range(5):
        _sign_in(attacker, user.email, "wrong password", address="203.0.113.7")
    assert _sign_in(attacker, user.email, PASSWORD, address="203.0.113.7").status_code == 200
    colleague = Client()
    assert _sign_in(colleague, user.email, PASSWORD, address="10.0.0.1").status_code == 302


def test_ten_wrong_passwords_from_many_addresses_lock_the_account_everywhere(cast) -> None:
    user = cast[Role.SOCIAL_WORKER]
    for number in range(10):
        _sign_in(Client(), user.email, "wrong password", address=f"198.51.100.{number}")
    elsewhere = Client()
    assert _sign_in(elsewhere, user.email, PASSWORD, address="10.9.9.9").status_code == 200
    assert "_auth_user_id" not in elsewhere.session


def test_nine_wrong_passwords_from_many_addresses_do_not_lock_the_account(cast) -> None:
    user = cast[Role.SOCIAL_WORKER]
    for number in range(9):
        _sign_in(Client(), user.email, "wrong password", address=f"198.51.100.{number}")
    assert _sign_in(Client(), user.email, PASSWORD, address="10.9.9.9").status_code == 302


def test_colleagues_sharing_an_address_are_not_locked_by_each_others_mistakes(cast) -> None:
    office = "10.20.30.40"
    for role in (Role.TEAM_MANAGER, Role.SERVICE_MANAGER, Role.BUSINESS_SUPPORT):
        for _ in range(5):
            _sign_in(Client(), cast[role].email, "wrong password", address=office)
    social_worker = cast[Role.SOCIAL_WORKER]
    assert _sign_in(Client(), social_worker.email, PASSWORD, address=office).status_code == 302


def test_an_email_typed_in_capitals_is_the_same_account_and_the_same_lock(cast) -> None:
    user = cast[Role.SOCIAL_WORKER]
    client = Client()
    for variant in ("wrong", "WRONG", " wrong", "Wrong", "wRONG"):
        email = user.email.upper() if variant.isupper() else f" {user.email.title()} "
        _sign_in(client, email, "wrong password")
    assert _sign_in(client, user.email, PASSWORD).status_code == 200
    assert _sign_in(Client(), user.email.upper(), PASSWORD, address="10.1.1.1").status_code == 302


def test_the_lock_lifts_after_an_hour(cast) -> None:
    import datetime as dt

    import time_machine

    user = cast[Role.SOCIAL_WORKER]
    start = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        client = Client()
        for _ in range(5):
            _sign_in(client, user.email, "wrong password")
        assert _sign_in(client, user.email, PASSWORD).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=59), tick=False):
        assert _sign_in(client, user.email, PASSWORD).status_code == 200
    with time_machine.travel(start + dt.timedelta(minutes=121), tick=False):
        assert _sign_in(client, user.email, PASSWORD).status_code == 302


def test_the_lockout_page_outside_the_sign_in_form_is_the_sign_in_page_with_its_error(
    cast, rf
) -> None:
    from django.contrib.sessions.middleware import SessionMiddleware

    from convene.people.signin import locked_out_response

    user = cast[Role.SOCIAL_WORKER]
    request = rf.post("/sign-in/", {"username": user.email, "password": PASSWORD})
    SessionMiddleware(lambda r: None).process_request(request)
    response = locked_out_response(request, None, {"username": user.email})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
