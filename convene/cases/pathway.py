"""The stages of a case's pathway, for the task list on the case page: contact, decision,
concerns, strategy discussion, section 47 enquiry, initial conference.

A stage's status comes from the records (done or not) and, while it is not done, from its
clock (due or overdue), so the page never shows a deadline the engine did not derive.
Links to other apps' pages are built only if those pages exist (`optional_url`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from convene.cases.labels import label
from convene.cases.models import Case
from convene.cases.templatetags.convene_tags import clock_due, date_and_time, optional_url
from convene.cases.timeline import CaseClocks

COMPLETED = "completed"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
CANNOT_START = "cannot_start"
DUE = "due"
OVERDUE = "overdue"

STATUS_TEXT = {
    COMPLETED: "Completed",
    IN_PROGRESS: "In progress",
    NOT_STARTED: "Not yet started",
    CANNOT_START: "Cannot start yet",
    DUE: "Due",
    OVERDUE: "Overdue",
}
# GOV.UK task list: completed and "cannot start yet" are plain text; the rest are tags.
STATUS_TAG = {
    IN_PROGRESS: "govuk-tag--light-blue",
    NOT_STARTED: "govuk-tag--blue",
    DUE: "govuk-tag--blue",
    OVERDUE: "govuk-tag--red",
}


@dataclass(frozen=True)
class Stage:
    key: str
    name: str
    status: str
    hint: str = ""
    url: str = ""

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    @property
    def tag_class(self) -> str:
        return STATUS_TAG.get(self.status, "")


def _open_status(
    clocks: CaseClocks | None, clock_id: str, default: str = NOT_STARTED
) -> tuple[str, str]:
    """The status and hint of a stage not done yet, from its clock if the procedure sets one."""
    clock = clocks.latest(clock_id) if clocks is not None else None
    if clock is None or clock.state not in ("due", "overdue"):
        return default, ""
    return (OVERDUE if clock.state == "overdue" else DUE), f"Due by {clock_due(clock)}"


def case_stages(case: Case, clocks: CaseClocks | None, *, can_edit: bool) -> list[Stage]:
    """Expects the case's contact, concerns, strategy discussions, enquiries and initial
    conferences to be loaded (see `views.case_with_records`)."""
    stages: list[Stage] = []
    contact = getattr(case, "contact", None)

    if contact is not None:
        stages.append(
            Stage(
                "contact",
                "Contact",
                COMPLETED,
                f"Received {date_and_time(contact.received_at)}",
            )
        )
    else:
        stages.append(Stage("contact", "Contact", NOT_STARTED))

    decision_url = reverse("contact_decision", args=[case.pk]) if contact is not None else ""
    if contact is None:
        stages.append(Stage("decision", "Decision on the contact", CANNOT_START))
    elif contact.decision:
        stages.append(
            Stage(
                "decision",
                "Decision on the contact",
                COMPLETED,
                contact.get_decision_display(),
                decision_url,
            )
        )
    else:
        status, hint = _open_status(clocks, "contact_decision")
        stages.append(
            Stage(
                "decision",
                "Decision on the contact",
                status,
                hint,
                decision_url if can_edit else "",
            )
        )

    all_concerns = list(case.concerns.all())
    latest_concerns = all_concerns[-1] if all_concerns else None
    concerns_url = reverse("concerns_new", args=[case.pk]) if can_edit else ""
    if latest_concerns is not None:
        count = len(all_concerns)
        hint = ", ".join(label(code) for code in latest_concerns.concerns)
        if count > 1:
            hint = f"{count} sets of concerns recorded. Latest: {hint}"
        stages.append(
            Stage("concerns", "Concerns of significant harm", COMPLETED, hint, concerns_url)
        )
    else:
        stages.append(
            Stage("concerns", "Concerns of significant harm", NOT_STARTED, "", concerns_url)
        )

    discussions = list(case.strategy_discussions.all())
    if latest_concerns is None:
        stages.append(Stage("strategy", "Strategy discussion", CANNOT_START))
    else:
        for_latest = [d for d in discussions if d.concerns_id == latest_concerns.pk]
        held = [d for d in for_latest if d.held_at and d.outcome]
        if held:
            discussion = held[-1]
            stages.append(
                Stage(
                    "strategy",
                    "Strategy discussion",
                    COMPLETED,
                    f"Held {date_and_time(discussion.held_at)}: {label(discussion.outcome)}",
                    optional_url("strategy_detail", case.pk, discussion.pk),
                )
            )
        elif for_latest:
            discussion = for_latest[-1]
            status, hint = _open_status(clocks, "strategy_discussion", IN_PROGRESS)
            scheduled = f"Arranged for {date_and_time(discussion.scheduled_for)}"
            stages.append(
                Stage(
                    "strategy",
                    "Strategy discussion",
                    status,
                    f"{scheduled}. {hint}" if hint else scheduled,
                    optional_url("strategy_detail", case.pk, discussion.pk),
                )
            )
        else:
            status, hint = _open_status(clocks, "strategy_discussion")
            stages.append(
                Stage(
                    "strategy",
                    "Strategy discussion",
                    status,
                    hint,
                    optional_url("strategy_new", case.pk, latest_concerns.pk) if can_edit else "",
                )
            )

    enquiries = list(case.section_47_enquiries.all())
    section_47_decided = any(d.outcome == "section_47" and d.held_at for d in discussions)
    if enquiries:
        enquiry = enquiries[-1]
        url = optional_url("enquiry_detail", case.pk, enquiry.pk)
        if enquiry.completed_at and enquiry.outcome:
            stages.append(
                Stage(
                    "section_47",
                    "Section 47 enquiry",
                    COMPLETED,
                    enquiry.get_outcome_display(),
                    url,
                )
            )
        else:
            status, hint = _open_status(clocks, "section_47_completion", IN_PROGRESS)
            stages.append(Stage("section_47", "Section 47 enquiry", status, hint, url))
    elif section_47_decided:
        status, hint = _open_status(clocks, "section_47_completion")
        decided = [d for d in discussions if d.outcome == "section_47" and d.held_at][-1]
        # The start page itself refuses, naming who must still authorise, until it is final.
        start_url = optional_url("enquiry_start", case.pk, decided.pk) if can_edit else ""
        stages.append(Stage("section_47", "Section 47 enquiry", status, hint, start_url))
    else:
        stages.append(Stage("section_47", "Section 47 enquiry", CANNOT_START))

    conferences = list(case.initial_conferences.all())
    substantiated = [e for e in enquiries if e.outcome == "substantiated" and e.completed_at]
    if conferences:
        booking = conferences[-1]
        held = [c for c in case.conferences.all() if c.booking_id == booking.pk]
        conference = held[0] if held else None
        if conference is not None and conference.held_at:
            stages.append(
                Stage(
                    "initial_conference",
                    "Initial child protection conference",
                    COMPLETED,
                    f"Held {date_and_time(conference.held_at)}: "
                    f"{conference.get_decision_display().lower()}",
                    optional_url("conference_detail", case.pk, conference.pk),
                )
            )
        else:
            stages.append(
                Stage(
                    "initial_conference",
                    "Initial child protection conference",
                    IN_PROGRESS,
                    f"Booked for {date_and_time(booking.scheduled_for)}",
                    optional_url("conference_detail", case.pk, conference.pk)
                    if conference is not None
                    else optional_url("enquiry_detail", case.pk, booking.enquiry_id),
                )
            )
    elif substantiated:
        status, hint = _open_status(clocks, "initial_conference")
        stages.append(
            Stage(
                "initial_conference",
                "Initial child protection conference",
                status,
                hint,
                optional_url("enquiry_detail", case.pk, substantiated[-1].pk),
            )
        )
    else:
        stages.append(
            Stage("initial_conference", "Initial child protection conference", CANNOT_START)
        )
    plans = list(case.plans.all())
    if plans:
        plan = plans[0]  # the newest
        stages.append(
            Stage(
                "plan",
                "Child protection plan",
                COMPLETED if plan.ended_at else IN_PROGRESS,
                f"Ended {date_and_time(plan.ended_at)}"
                if plan.ended_at
                else f"Since {date_and_time(plan.started_at)}",
                optional_url("plan_detail", case.pk, plan.pk),
            )
        )
    return stages


def concerns_with_strategy(case: Case, *, can_edit: bool) -> list[dict[str, Any]]:
    """Each set of concerns with its strategy discussions (and links to them) and, if the user
    may arrange one, the link to arrange one."""
    discussions = list(case.strategy_discussions.all())
    entries = []
    for concerns in case.concerns.all():
        own = [d for d in discussions if d.concerns_id == concerns.pk]
        entries.append(
            {
                "concerns": concerns,
                "discussions": [
                    {"discussion": d, "url": optional_url("strategy_detail", case.pk, d.pk)}
                    for d in own
                ],
                "new_url": (optional_url("strategy_new", case.pk, concerns.pk) if can_edit else ""),
            }
        )
    return entries
