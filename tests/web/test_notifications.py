"""Emails: queued with the change that causes them, sent once it commits, by the task backend,
through SMTP or GOV.UK Notify, never with a recipient's address in an error."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.db import transaction
from django.test import override_settings

from convene.notifications import EmailNotSent, queue_email, send_email
from convene.notify import NotifyEmailBackend

NOTIFY = {
    "EMAIL_BACKEND": "convene.notify.NotifyEmailBackend",
    "GOVUK_NOTIFY_API_KEY": (
        "convene_test-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0"
    ),
    "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID": "f33517ff-2a88-4f6e-b855-c550268ce08a",
}


@pytest.fixture
def notify_calls(monkeypatch):
    calls: list[dict] = []

    def send_email_notification(self, **fields):
        calls.append(fields)
        if fields["email_address"].startswith("refused"):
            raise RuntimeError(f"400 - {fields['email_address']} is not a valid address")
        return {"id": "synthetic"}

    monkeypatch.setattr(
        "notifications_python_client.notifications.NotificationsAPIClient.send_email_notification",
        send_email_notification,
    )
    return calls


@override_settings(**NOTIFY)
def test_notify_sends_each_recipient_the_template_with_the_subject_and_body(notify_calls):
    message = EmailMessage("A record is waiting", "Sign in to read it.", None, ["a@x.invalid"])
    message.cc = ["b@x.invalid"]
    assert NotifyEmailBackend().send_messages([message]) == 2
    assert notify_calls == [
        {
            "email_address": address,
            "template_id": NOTIFY["GOVUK_NOTIFY_EMAIL_TEMPLATE_ID"],
            "personalisation": {"subject": "A record is waiting", "body": "Sign in to read it."},
        }
        for address in ("a@x.invalid", "b@x.invalid")
    ]


@override_settings(**NOTIFY)
def test_notify_refusals_raise_unless_told_to_fail_silently(notify_calls, caplog):
    message = EmailMessage("Subject", "Body", None, ["refused@x.invalid", "a@x.invalid"])
    with pytest.raises(RuntimeError):
        NotifyEmailBackend().send_messages([message])
    with caplog.at_level(logging.WARNING):
        assert NotifyEmailBackend(fail_silently=True).send_messages([message]) == 1
    assert "refused@x.invalid" not in caplog.text
    assert "Notify refused an email" in caplog.text


@override_settings(GOVUK_NOTIFY_API_KEY=None, GOVUK_NOTIFY_EMAIL_TEMPLATE_ID=None)
def test_notify_without_its_key_refuses_to_start():
    with pytest.raises(ImproperlyConfigured, match="GOVUK_NOTIFY_API_KEY"):
        NotifyEmailBackend()


@override_settings(**NOTIFY)
def test_send_mail_goes_through_notify_when_it_is_the_backend(notify_calls):
    send_email.call("a@x.invalid", "Subject", "Body")
    assert [call["email_address"] for call in notify_calls] == ["a@x.invalid"]


def test_an_email_queued_in_a_change_is_sent_once_the_change_commits(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        queue_email("a@x.invalid", "A record is waiting", "Sign in to read it.")
        assert mail.outbox == []
    assert [(m.to, m.subject) for m in mail.outbox] == [(["a@x.invalid"], "A record is waiting")]


def test_nothing_is_sent_for_a_change_that_rolled_back(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                queue_email("a@x.invalid", "Subject", "Body")
                raise ValueError("the change failed")
        except ValueError:
            pass
    assert callbacks == [] and mail.outbox == []


@override_settings(**NOTIFY)
def test_a_failed_email_fails_its_task_without_naming_the_recipient(notify_calls):
    with pytest.raises(EmailNotSent) as excinfo:
        send_email.call("refused@x.invalid", "Subject", "Body")
    assert "refused@x.invalid" not in str(excinfo.value)
    assert excinfo.value.__cause__ is None and excinfo.value.__suppress_context__
    result = send_email.enqueue("refused@x.invalid", "Subject", "Body")
    assert result.status == "FAILED"
    assert all("refused@x.invalid" not in error.traceback for error in result.errors)
