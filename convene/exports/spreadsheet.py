"""CSV for spreadsheets, safe to open: a cell that a spreadsheet would read as a formula is
written as text."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.http import HttpResponse

# A spreadsheet treats a cell starting with one of these as a formula (OWASP's list: a tab or
# carriage return can hide one too).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """The cell's text, with a leading apostrophe if a spreadsheet would run it as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_response(filename: str, header: list[str], rows: Iterable[list[object]]) -> HttpResponse:
    """A CSV attachment (UTF-8 with a byte order mark, so that Excel reads names correctly),
    never kept in a cache."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
