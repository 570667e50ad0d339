"""Who viewed a child's record, and when. Changes are logged by django-auditlog."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class RecordView(models.Model):
    class Channel(models.TextChoices):
        PAGE = "page", "Web page"
        API = "api", "API"
        EXPORT = "export", "Export"
        LIST = "list", "In a list"
        SEARCH = "search", "In search results"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    child = models.ForeignKey("cases.Child", on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    # The view or endpoint name, never a URL with query parameters.
    what = models.CharField(max_length=100)
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["child", "-viewed_at"])]
