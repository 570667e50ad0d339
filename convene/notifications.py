"""Emails to people, sent in the background once the change that caused them has committed.

Actions call `queue_email` inside their transaction: nothing is sent for a change that rolled
back, and a slow or broken mail service never slows or undoes the change. The task runs on the
backend TASKS_BACKEND names (see settings): at once in development and tests, or from the
database by `convene db_worker` in production. Emails carry no personal data (no child's name,
only a case number and a link), so neither the task queue nor the mail service holds any.
"""

from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task


class EmailNotSent(Exception):
    """Raised in place of the mail service's own error, whose text may name the recipient."""


@task()
def send_email(recipient: str, subject: str, body: str) -> None:
    try:
        send_mail(subject, body, None, [recipient])
    except Exception as error:
        # The task's result keeps the error: keep the recipient's address out of it.
        raise EmailNotSent(f"The email could not be sent ({type(error).__name__}).") from None


def queue_email(recipient: str, subject: str, body: str) -> None:
    """Send the email once the current transaction commits."""
    transaction.on_commit(lambda: send_email.enqueue(recipient, subject, body))
