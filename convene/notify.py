"""A Django email backend that sends through GOV.UK Notify.

    EMAIL_BACKEND=convene.notify.NotifyEmailBackend
    GOVUK_NOTIFY_API_KEY=...                 the service's API key
    GOVUK_NOTIFY_EMAIL_TEMPLATE_ID=...       a template whose subject is ((subject)) and whose
                                             body is ((body))

Councils already use Notify for their services; through this backend every email Convene sends
(`send_mail` anywhere in the code) goes out as that one template, its subject and body filled
in. Convene's emails never carry personal data, so nothing private is left in Notify's logs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from notifications_python_client.notifications import NotificationsAPIClient

log = logging.getLogger(__name__)


class NotifyEmailBackend(BaseEmailBackend):
    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
        api_key = getattr(settings, "GOVUK_NOTIFY_API_KEY", None)
        self.template_id = getattr(settings, "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID", None)
        if not api_key or not self.template_id:
            raise ImproperlyConfigured(
                "The GOV.UK Notify email backend needs GOVUK_NOTIFY_API_KEY and "
                "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID."
            )
        self.client = NotificationsAPIClient(api_key)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            for address in message.recipients():
                try:
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": message.body},
                    )
                except Exception as error:
                    if not self.fail_silently:
                        raise
                    # The address is not logged: Notify's own log has it.
                    log.warning("GOV.UK Notify refused an email: %s", type(error).__name__)
                else:
                    sent += 1
        return sent
