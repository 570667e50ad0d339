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
