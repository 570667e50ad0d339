"""What the API's write endpoints share: a JSON body turned into the data the page's own Django
form is bound to, the form's errors turned back into the body's field names, and the actions'
exceptions turned into statuses.

The forms stay the one place that says what is valid: a JSON body is only translated into what
a browser would post (a date "2026-11-03" into its day, month and year boxes, true and false
into the radios' values, a list into a formset's rows), then bound to the page's form.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from django import forms
from django.utils.datastructures import MultiValueDict
from rest_framework import status
from rest_framework.response import Response

from convene.actions import ActionError, ConcurrentEditError

Errors = dict[str, list[str]]
NON_FIELD = "non_field_errors"
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
MAX_ROWS = 20  # as many rows as the page's "Add another" allows


class Invalid(Exception):
    """Bad input: answered 400 with every message, nothing changed."""

    def __init__(self, errors: Errors) -> None:
        super().__init__("Invalid input")
        self.errors = errors


def key(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"  # the radios' values; a checkbox reads them too
    return str(value)


def _date_parts(value: Any) -> tuple[str, str, str]:
    """An ISO date as the day, month and year boxes; anything else in all three boxes, so
    that the form says the date must be a real date."""
    if value == "":
        return ("", "", "")
    match = ISO_DATE.match(value) if isinstance(value, str) else None
    if match is None:
        return (_text(value),) * 3
    year, month, day = match.groups()
    return (day, month, year)


def put(
    fields: Mapping[str, forms.Field],
    prefix: str,
    values: Any,
    data: MultiValueDict,
    path: str,
    errors: Errors,
    *,
    also: frozenset[str] = frozenset(),
) -> None:
    """Put the body's `values` for these form fields into `data` as a browser would post
    them (each name with the form's `prefix`). A name that is not a field (nor in `also`) is
    refused, so a misspelt field is never silently ignored."""
    if values is None:
        values = {}
    if not isinstance(values, Mapping):
        errors[path or NON_FIELD] = ["Must be an object"]
        return
    for name in values:
        if name not in fields and name not in also:
            errors[key(path, str(name))] = ["Not a field of this request"]
    for name, field in fields.items():
        if name not in values or values[name] is None:
            continue
        value = values[name]
        posted = f"{prefix}-{name}" if prefix else name
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            for suffix, part in zip(widget.widgets_names, _date_parts(value), strict=True):
                data[posted + suffix] = part
        elif isinstance(value, list):
            data.setlist(posted, [_text(item) for item in value])
        else:
            data[posted] = _text(value)


def form_errors(
    form: forms.BaseForm, path: str, rename: Callable[[str], str] = lambda name: name
) -> Errors:
    """The form's messages under the body's names (`path`.field)."""
    found: Errors = {}
    for name, messages in form.errors.items():
        where = (path or NON_FIELD) if name == "__all__" else key(path, rename(name))
        found.setdefault(where, []).extend(messages)
    return found


def rows(body: Any, name: str, allowed: frozenset[str], errors: Errors) -> list[dict[str, Any]]:
    """A list of rows in the body, each naming its record by `id` and the `version` it was
    read at (a version is always required: without one a change made meanwhile could not be
    detected)."""
    listed = body.get(name) if isinstance(body, Mapping) else None
    if not isinstance(listed, list) or not listed:
        errors[name] = [f"List at least one of the {name.replace('_', ' ')}"]
        return []
    found: list[dict[str, Any]] = []
    seen: set[int] = set()
    for index, row in enumerate(listed):
        where = f"{name}.{index}"
        if not isinstance(row, Mapping):
            errors[where] = ["Must be an object"]
            continue
        for field in row:
            if field not in allowed | {"id", "version"}:
                errors[key(where, str(field))] = ["Not a field of this request"]
        record_id, version = row.get("id"), row.get("version")
        if not isinstance(record_id, int) or isinstance(record_id, bool):
            errors[key(where, "id")] = ["Enter the id, a whole number"]
            continue
        if record_id in seen:
            errors[key(where, "id")] = [f"{record_id} is listed more than once"]
        seen.add(record_id)
        if not isinstance(version, int) or isinstance(version, bool):
            errors[key(where, "version")] = [
                "Enter the version of the record as you read it, a whole number"
            ]
        found.append({"index": index, **row})
    return found


def check_keys(body: Any, allowed: frozenset[str], errors: Errors) -> None:
    if not isinstance(body, Mapping):
        errors[NON_FIELD] = ["The request body must be a JSON object"]
        return
    for name in body:
        if name not in allowed:
            errors[str(name)] = ["Not a field of this request"]


def answer(change: Callable[[], Response], stale: Callable[[Any], str] = lambda _: "") -> Response:
    """Run the change: bad input 400, a rule it breaks 400, a record changed since the
    client read it 409 Conflict (naming the stale row's version field), all with nothing
    changed. PermissionDenied (403) and Http404 (404) are answered by DRF."""
    try:
        return change()
    except Invalid as error:
        return Response({"errors": error.errors}, status=status.HTTP_400_BAD_REQUEST)
    except ConcurrentEditError as error:
        message = str(error)
        return Response(
            {"detail": message, "errors": {stale(error.record) or "version": [message]}},
            status=status.HTTP_409_CONFLICT,
        )
    except ActionError as error:
        return Response({"errors": {NON_FIELD: [str(error)]}}, status=status.HTTP_400_BAD_REQUEST)
