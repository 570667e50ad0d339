"""`/healthz`: is this instance able to serve? 200 "OK" when the database answers, else 503."""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure to reach the database means "not healthy"
        logger.warning("Health check failed: the database did not answer (%s)", type(exc).__name__)
        return HttpResponse("Database unavailable", status=503, content_type="text/plain")
    return HttpResponse("OK", content_type="text/plain")
