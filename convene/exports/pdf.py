"""PDFs with WeasyPrint, from a template and the print stylesheet beside this file. Nothing is
fetched: no fonts, images or stylesheets from the network or the disk, only the HTML given."""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string

STYLESHEET = Path(__file__).with_name("print.css")

# WeasyPrint logs a dozen lines of progress at INFO for every PDF: keep its warnings only.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _no_fetching() -> Any:
    """A WeasyPrint URL fetcher that fetches nothing: a PDF holds only what the template
    rendered, and never waits on the network."""
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            raise ValueError("Convene's PDFs fetch nothing")

    return NoFetching()


@cache
def _stylesheet() -> Any:
    from weasyprint import CSS

    return CSS(string=STYLESHEET.read_text(encoding="utf-8"), url_fetcher=_no_fetching())


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported when first needed: it loads Pango

    document = HTML(string=html, url_fetcher=_no_fetching(), media_type="print")
    # Tagged (PDF/UA), so that a screen reader reads the record in order, with its headings.
    return document.write_pdf(stylesheets=[_stylesheet()], pdf_variant="pdf/ua-1")


def pdf_response(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """The template as a PDF attachment, never kept in a cache."""
    pdf = html_to_pdf(render_to_string(template, context))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
