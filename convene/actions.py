"""What every `do_*` action shares.

An action makes one change in one transaction: it checks the record has not changed since the
user's page was drawn (`check_version`), saves it (`save_versioned` bumps the version; the
audit row is written by django-auditlog's signal inside the same transaction), and queues any
notification with `transaction.on_commit`, so nothing is sent for a change that rolled back.
Views only parse input, check access and call actions.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class ConcurrentEditError(Exception):
    """Someone else changed the record after the user's page was drawn."""

    def __init__(self, record: models.Model) -> None:
        super().__init__(
            "Someone else changed this record while you were editing it. Your changes have not "
            "been saved: check the record as it is now, then make your changes again."
        )
        self.record = record


class ActionError(Exception):
    """A change the rules do not allow, with a message for the user."""


def check_version(record: Any, submitted_version: int | None) -> None:
    """Compare the version the user's form was drawn from with the saved one, reading the
    saved one under a row lock so that two saves cannot both pass the check."""
    saved = (
        type(record)
        .objects.select_for_update()
        .filter(pk=record.pk)
        .values_list("version", flat=True)
        .first()
    )
    if submitted_version is None or saved != submitted_version:
        raise ConcurrentEditError(record)


def save_versioned(record: Any, update_fields: list[str] | None = None) -> None:
    record.version = (record.version or 0) + 1
    if update_fields is not None:
        update_fields = [*update_fields, "version"]
    record.save(update_fields=update_fields)
