"""/healthz: 200 "OK" while the database answers, 503 when it does not."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client


@pytest.mark.django_db
def test_healthz_answers_ok_when_the_database_answers(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"OK"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_does_not(client: Client) -> None:
    with mock.patch.object(
        connection, "cursor", side_effect=OperationalError("connection refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"Database unavailable"


@pytest.mark.django_db
def test_healthz_answers_head_requests(client: Client) -> None:
    assert client.head("/healthz").status_code == 200


def test_healthz_refuses_writes(client: Client) -> None:
    assert client.post("/healthz").status_code == 405
