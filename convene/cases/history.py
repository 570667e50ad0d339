"""A case's history for people: what happened, when, and who recorded it.

Built from the same records as the engine's timeline (`timeline.case_events`). Where a record
does not say who made a change (a discussion marked as held, a record circulated, a child
seen), the author is read from the audit log: the first change that set that field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from convene.cases.labels import label
from convene.cases.models import Case, Contact
from convene.cases.templatetags.convene_tags import date_and_time


@dataclass(frozen=True)
class HistoryEvent:
    at: datetime
    what: str
    detail: str
    who: Any  # a User, or None when nobody is recorded (records imported or made by a script)


def _authors(records: list[Any]) -> dict[tuple[int, int, str], Any]:
    """(content type id, record id, field) -> the user whose change first set that field."""
    if not records:
        return {}
    condition = Q()
    for record in records:
        content_type = ContentType.objects.get_for_model(type(record))
        condition |= Q(content_type_id=content_type.pk, object_pk=str(record.pk))
    authors: dict[tuple[int, int, str], Any] = {}
    entries = LogEntry.objects.filter(condition).select_related("actor").order_by("timestamp", "pk")
    for entry in entries:
        for field, change in (entry.changes or {}).items():
            new = change[1] if isinstance(change, list | tuple) and len(change) == 2 else change
            if new in (None, "None", ""):
                continue
            key = (entry.content_type_id, int(entry.object_pk), field)
            authors.setdefault(key, entry.actor)
    return authors


def case_history(case: Case) -> list[HistoryEvent]:
    """The case's events in time order. Expects the case's contact, concerns, strategy
    discussions, enquiries and initial conferences to be loaded (with their authors)."""
    contact: Contact | None = getattr(case, "contact", None)
    discussions = list(case.strategy_discussions.all())
    enquiries = list(case.section_47_enquiries.all())
    conferences = list(case.initial_conferences.all())
    records: list[Any] = [*discussions, *enquiries]
    if contact is not None:
        records.append(contact)
    authors = _authors(records)

    def author(record: Any, field: str, fallback: Any = None) -> Any:
        content_type = ContentType.objects.get_for_model(type(record))
        return authors.get((content_type.pk, record.pk, field)) or fallback

    events: list[HistoryEvent] = []
    if contact is not None:
        events.append(
            HistoryEvent(
                contact.received_at,
                "Contact received",
                f"From {contact.referrer_name}"
                + (f", {contact.referrer_role}" if contact.referrer_role else "")
                + (f" ({contact.referrer_agency})" if contact.referrer_agency else ""),
                contact.recorded_by,
            )
        )
        if contact.referrer_acknowledged_at:
            events.append(
                HistoryEvent(
                    contact.referrer_acknowledged_at,
                    "Referrer acknowledged",
                    "",
                    author(contact, "referrer_acknowledged_at"),
                )
            )
        if contact.decided_at:
            events.append(
                HistoryEvent(
                    contact.decided_at,
                    "Decision on the contact",
                    contact.get_decision_display(),
                    contact.decided_by,
                )
            )
    for concerns in case.concerns.all():
        events.append(
            HistoryEvent(
                concerns.identified_at,
                "Concerns of significant harm identified",
                ", ".join(label(code) for code in concerns.concerns),
                concerns.recorded_by,
            )
        )
    for discussion in discussions:
        if discussion.held_at:
            detail = label(discussion.form)
            if discussion.outcome:
                detail += f". Outcome: {label(discussion.outcome)}"
            events.append(
                HistoryEvent(
                    discussion.held_at,
                    "Strategy discussion held",
                    detail,
                    author(discussion, "held_at", discussion.chair),
                )
            )
        if discussion.record_circulated_at:
            events.append(
                HistoryEvent(
                    discussion.record_circulated_at,
                    "Strategy discussion record circulated",
                    "",
                    author(discussion, "record_circulated_at", discussion.record_finalised_by),
                )
            )
    for enquiry in enquiries:
        if enquiry.child_seen_at:
            seen = "Seen alone" if enquiry.seen_alone else "Not seen alone"
            events.append(
                HistoryEvent(
                    enquiry.child_seen_at,
                    "Child seen",
                    seen,
                    author(enquiry, "child_seen_at", enquiry.lead_social_worker),
                )
            )
        if enquiry.completed_at and enquiry.outcome:
            events.append(
                HistoryEvent(
                    enquiry.completed_at,
                    "Section 47 enquiry completed",
                    enquiry.get_outcome_display(),
                    author(enquiry, "completed_at", enquiry.lead_social_worker),
                )
            )
    for conference in conferences:
        events.append(
            HistoryEvent(
                conference.booked_at,
                "Initial child protection conference booked",
                f"For {date_and_time(conference.scheduled_for)}",
                conference.booked_by,
            )
        )
    events.sort(key=lambda event: event.at)
    return events
