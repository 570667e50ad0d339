"""Long lists a page at a time, with GOV.UK pagination links (templates/work/_pagination.html).

Page links carry only the page number: a list's filters never put personal data in a URL."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: Any, per_page: int, *, number: Any = None
) -> tuple[Page, dict[str, str | None]]:
    """The page asked for by ?page= or `number` (the last for a number too high, the first for
    nonsense) and the query strings of the previous and next pages."""
    page = Paginator(items, per_page).get_page(number or request.GET.get("page"))
    links = {
        "previous": f"?page={page.previous_page_number()}" if page.has_previous() else None,
        "next": f"?page={page.next_page_number()}" if page.has_next() else None,
    }
    return page, links
