"""A case's change history, from django-auditlog's LogEntry rows, in words people can read.

A case's record is the case, its child (and the child's household and agencies), and every
record that hangs off the case: contact, concerns, engagements, strategy discussions and what
belongs to them, enquiries and conferences. The records are found by their links to the case,
so a model added later that links to a case, a child or a strategy discussion is included
without a change here. A record deleted outright is no longer linked, so its history drops out
of this page (auditlog keeps it); Convene marks records removed rather than deleting them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.text import capfirst

from convene.cases.models import Case, Child
from convene.people.models import User

# The apps whose records make up a child's case (people's records are not part of it).
CASE_APPS = frozenset({"cases", "strategy", "enquiries"})
ACTIONS = {
    LogEntry.Action.CREATE: "Created",
    LogEntry.Action.UPDATE: "Changed",
    LogEntry.Action.DELETE: "Deleted",
    LogEntry.Action.ACCESS: "Viewed",
}
BLANK = "(blank)"


def _foreign_keys(model: type[models.Model]) -> list[models.ForeignKey]:
    return [f for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)]


def _lookup(model: type[models.Model]) -> tuple[str, str] | None:
    """How a model's rows link to a case: ("case", path) to the Case, or ("child", path) to
    the Child; None if they do not."""
    if model is Case:
        return ("case", "pk")
    if model is Child:
        return ("child", "pk")
    keys = _foreign_keys(model)
    for key in keys:
        if key.related_model is Case:
            return ("case", key.name)
    for key in keys:
        if key.related_model is Child:
            return ("child", key.name)
    # One step further: records of a strategy discussion, of an enquiry...
    for key in keys:
        for inner in _foreign_keys(key.related_model):
            if inner.related_model is Case:
                return ("case", f"{key.name}__{inner.name}")
    return None


def case_models() -> list[tuple[type[models.Model], str, str]]:
    """Every audited model of a case's record, with how its rows link to a case."""
    found = []
    for model in auditlog.get_models():
        if model._meta.app_label not in CASE_APPS:
            continue
        link = _lookup(model)
        if link is not None:
            found.append((model, *link))
    return found


def case_log_entries(case: Case) -> QuerySet[LogEntry]:
    """Every LogEntry of the case's records, newest first, in one query."""
    linked = case_models()
    types = ContentType.objects.get_for_models(*(model for model, _, _ in linked))
    query = Q()
    for model, kind, path in linked:
        target = case.pk if kind == "case" else case.child_id
        if path == "pk":
            ids: Any = [target]
        else:
            ids = model._default_manager.filter(**{path: target}).values("pk")
        query |= Q(content_type=types[model], object_id__in=ids)
    return (
        LogEntry.objects.filter(query)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    entry: LogEntry
    record: str
    action: str
    changes: list[Change]

    @property
    def who(self) -> str:
        actor = self.entry.actor
        if actor is not None:
            return actor.full_name
        return self.entry.actor_email or "Not recorded (a system change)"

    @property
    def role(self) -> str:
        actor = self.entry.actor
        return actor.get_role_display() if actor is not None else ""


# Bookkeeping, not part of the record people read.
HIDDEN_FIELDS = frozenset({"id", "version"})


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _shown(model: type[models.Model] | None, name: str) -> bool:
    """Whether a logged field is one people read: not the id or version, and not a reverse
    relation (which auditlog lists on creation, with no value)."""
    if name in HIDDEN_FIELDS:
        return False
    if model is None:
        return True
    try:
        return isinstance(model._meta.get_field(name), models.Field)
    except FieldDoesNotExist:
        return True


def _display(field: models.Field | None, value: Any, names: dict[str, str]) -> str:
    """One old or new value as auditlog stored it (a string), for people to read."""
    if value is None or value in ("None", ""):
        return BLANK
    value = str(value)
    if field is None:
        return value
    if isinstance(field, models.JSONField):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        if isinstance(parsed, list):
            return ", ".join(str(item).replace("_", " ") for item in parsed) or BLANK
        return value
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return {"True": "Yes", "False": "No"}.get(value, value)
    if isinstance(field, models.ForeignKey):
        if field.related_model is User:
            return names.get(value, f"User {value}")
        if field.related_model is Case and value.isdigit():
            return f"CV-{int(value):06d}"
        return f"{capfirst(field.related_model._meta.verbose_name)} {value}"
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, timezone.get_current_timezone())
        return formats.date_format(timezone.localtime(moment), "j F Y, H:i")
    if isinstance(field, models.DateField):
        try:
            return formats.date_format(datetime.fromisoformat(value).date(), "j F Y")
        except ValueError:
            return value
    return value


def describe(entries: list[LogEntry]) -> list[HistoryEntry]:
    """Log entries (one page of them) in words: one query for the people named in them."""
    user_fields = []
    for entry in entries:
        model = entry.content_type.model_class()
        for name, values in (entry.changes_dict or {}).items():
            field = _field(model, name)
            if (
                isinstance(values, list | tuple)
                and isinstance(field, models.ForeignKey)
                and field.related_model is User
            ):
                user_fields.extend(str(v) for v in values if str(v).isdigit())
    names = {
        str(pk): full_name
        for pk, full_name in User.objects.filter(pk__in=set(user_fields)).values_list(
            "pk", "full_name"
        )
    }
    described = []
    for entry in entries:
        model = entry.content_type.model_class()
        if model is Case:
            record = f"Case {entry.object_repr}"
        elif model is not None:
            record = f"{capfirst(model._meta.verbose_name)} (record {entry.object_pk})"
        else:
            record = f"Record {entry.object_pk}"
        changes = []
        for name, values in (entry.changes_dict or {}).items():
            if not _shown(model, name):
                continue
            field = _field(model, name)
            if not isinstance(values, list | tuple):
                # A many-to-many change is a dict of objects added or removed.
                changes.append(Change(name, "", str(values)))
                continue
            old, new = (list(values) + [None, None])[:2]
            label = capfirst(str(field.verbose_name)) if field is not None else name
            before, after = _display(field, old, names), _display(field, new, names)
            if entry.action == LogEntry.Action.CREATE:
                # A new record: only the values it was created with, and only those given.
                if after == BLANK:
                    continue
                before = ""
            elif entry.action == LogEntry.Action.DELETE:
                before, after = "", before
            changes.append(Change(label, before, after))
        described.append(HistoryEntry(entry, record, ACTIONS.get(entry.action, "Changed"), changes))
    return described
