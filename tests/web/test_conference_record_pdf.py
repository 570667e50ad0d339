"""A conference's record as a PDF, and the parent's copy: marked on every page, and without
what the chair marked confidential (a passage of the record, or an agency's report)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from convene.audit.models import RecordView
from convene.conferences.models import Attendee, Conference
from convene.exports import pdf
from convene.people.models import Role
from tests.web.plan_support import _hold
from tests.web.test_enquiries_helpers import client_for

CONFIDENTIAL = "Synthetic: the neighbour who raised the concern asked not to be named."
OPEN_REPORT = "Synthetic: attendance has improved to 90% this half term."
SECRET_REPORT = "Synthetic: a confidential health history of another household member."


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The HTML each PDF was made from (the PDF's text is compressed glyphs, not words)."""
    seen: list[str] = []
    real = pdf.html_to_pdf

    def spy(html: str) -> bytes:
        seen.append(html)
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", spy)
    return seen


@pytest.fixture
def held(cast, conference) -> Conference:
    teacher = conference.attendees.get(name="Synthetic Teacher")
    health = conference.attendees.get(name="Synthetic Health Visitor")
    Attendee.objects.filter(pk=teacher.pk).update(report=OPEN_REPORT)
    Attendee.objects.filter(pk=health.pk).update(report=SECRET_REPORT)
    response = _hold(
        cast,
        conference,
        confidential_information=CONFIDENTIAL,
        **{f"confidential_{health.pk}": "on"},
    )
    assert response.status_code == 302
    conference.refresh_from_db()
    return conference


def _url(name: str, conference: Conference) -> str:
    return reverse(name, args=[conference.case_id, conference.pk])


def test_the_record_holds_everything_and_the_parents_copy_leaves_out_the_confidential(
    cast, held, rendered
) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    record = client.get(_url("conference_record_pdf", held))
    copy = client.get(_url("conference_parents_copy_pdf", held))
    for response in (record, copy):
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert response["Cache-Control"] == "no-store"
    full, parents = rendered
    assert CONFIDENTIAL in full and SECRET_REPORT in full and OPEN_REPORT in full
    assert CONFIDENTIAL not in parents and SECRET_REPORT not in parents
    assert OPEN_REPORT in parents
    assert "Synthetic: the likelihood of significant harm test is met." in parents
    # Marked on every page (the page's top margin) and in its heading.
    assert "@top-center { content: \"Parent's copy" in parents
    assert '<h1 class="govuk-heading-l">Parent\'s copy:' in parents
    assert "Parent's copy" not in full
    reference = held.case.reference
    assert copy["Content-Disposition"] == (
        f'attachment; filename="conference-parents-copy-{reference}-{held.pk}.pdf"'
    )


def test_the_chairs_confidential_marks_are_kept_with_the_outcome(cast, held) -> None:
    assert held.confidential_information == CONFIDENTIAL
    marked = set(held.attendees.filter(report_confidential=True).values_list("name", flat=True))
    assert marked == {"Synthetic Health Visitor"}


def test_only_council_staff_who_record_conferences_take_the_parents_copy(cast, held) -> None:
    police = client_for(cast[Role.POLICE_OFFICER])
    # A partner not invited to the conference is told nothing of it.
    assert police.get(_url("conference_record_pdf", held)).status_code == 404
    assert police.get(_url("conference_parents_copy_pdf", held)).status_code == 404
    manager = client_for(cast[Role.TEAM_MANAGER])
    assert manager.get(_url("conference_record_pdf", held)).status_code == 200


def test_a_conference_not_held_has_no_record_to_download(cast, conference) -> None:
    client = client_for(cast[Role.SOCIAL_WORKER])
    assert client.get(_url("conference_record_pdf", conference)).status_code == 404
    assert client.get(_url("conference_parents_copy_pdf", conference)).status_code == 404


def test_each_download_is_logged_as_an_export_and_linked_from_the_conference(cast, held) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    client = client_for(worker)
    page = client.get(_url("conference_detail", held)).content.decode()
    assert f'href="{_url("conference_parents_copy_pdf", held)}" download' in page
    client.get(_url("conference_parents_copy_pdf", held))
    logged = RecordView.objects.filter(user=worker, case=held.case, channel="export")
    assert list(logged.values_list("what", flat=True)) == ["conference_parents_copy_pdf"]
