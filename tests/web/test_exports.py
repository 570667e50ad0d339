"""Exports of a child's record: the finalised strategy discussion record as a PDF, and the
case's chronology as CSV. Each is for exactly those who may see the page it comes from, holds
what that page shows them, is logged as a view of the record (channel "export") and is named
by numbers only. All data synthetic."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
import time_machine
from django.urls import reverse

from convene.audit.models import RecordView
from convene.cases.templatetags.convene_tags import date_and_time
from convene.exports import pdf
from convene.exports.spreadsheet import spreadsheet_safe
from convene.people.models import Role
from convene.strategy.models import Circulation, StrategyDiscussion
from tests.factories import EngagementFactory, UserFactory, local
from tests.web.cases_support import add_pathway, case_in
from tests.web.test_cases_timeline import timeline_rows
from tests.web.test_strategy_record import authorise, minute, step
from tests.web.test_strategy_support import (
    AFTER,
    client_for,
    decisions_data,
    make_case,
    plan,
    url,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def monday_afternoon():
    with time_machine.travel(AFTER, tick=False):
        yield


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


def finalised_record(cast, *, circulate: bool = True) -> StrategyDiscussion:
    """A strategy meeting minuted, decided, authorised and finalised (and circulated, to the
    social worker, team manager, police officer and health professional who took part)."""
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    minute(cast, discussion)
    social_worker = cast[Role.SOCIAL_WORKER]
    response = client_for(social_worker).post(
        url("strategy_decisions", discussion),
        decisions_data(discussion, decision_reasons="Synthetic reasons: bruising seen."),
    )
    assert response.status_code == 302
    assert authorise(cast[Role.TEAM_MANAGER], discussion, "strategy_decision").status_code == 302
    assert step(social_worker, discussion, "finalise").status_code == 302
    if circulate:
        assert step(cast[Role.BUSINESS_SUPPORT], discussion, "circulate").status_code == 302
    discussion.refresh_from_db()
    assert discussion.record_finalised_at is not None
    return discussion


def exports(user, case) -> list[RecordView]:
    return list(RecordView.objects.filter(user=user, case=case, channel="export"))


# --- the strategy discussion record as a PDF --------------------------------------------------


def test_the_record_downloads_as_a_pdf_holding_the_record(cast, rendered) -> None:
    discussion = finalised_record(cast)
    worker = cast[Role.SOCIAL_WORKER]
    response = client_for(worker).get(url("strategy_record_pdf", discussion))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Cache-Control"] == "no-store"
    (html,) = rendered
    child = discussion.case.child
    assert f"Case {discussion.case.reference}" in html
    assert f"{child.given_name} {child.family_name}" in html
    assert "Seen by the GP last week." in html  # information shared by health
    assert "Synthetic reasons: bruising seen." in html  # the decision's reasons
    assert "Section 47 enquiry" in html
    assert cast[Role.POLICE_OFFICER].full_name in html  # who took part
    # Only what the record holds: no forms, nothing fetched from elsewhere.
    assert "<form" not in html and "<link" not in html and "<img" not in html


def test_the_pdf_is_named_by_numbers_only(cast) -> None:
    discussion = finalised_record(cast)
    response = client_for(cast[Role.SOCIAL_WORKER]).get(url("strategy_record_pdf", discussion))
    disposition = response["Content-Disposition"]
    reference = discussion.case.reference
    assert disposition == (
        f'attachment; filename="strategy-discussion-record-{reference}-{discussion.pk}.pdf"'
    )
    assert re.fullmatch(r"CV-\d{6}", reference)
    child = discussion.case.child
    assert child.given_name not in disposition and child.family_name not in disposition


def test_every_role_gets_the_circulated_record_as_the_pages_allow(cast) -> None:
    discussion = finalised_record(cast)
    address = url("strategy_record_pdf", discussion)
    expected = {
        # Children's social care and business support minute it (the record page).
        Role.SOCIAL_WORKER: 200,
        Role.TEAM_MANAGER: 200,
        Role.SERVICE_MANAGER: 200,
        Role.CONFERENCE_CHAIR: 200,
        Role.BUSINESS_SUPPORT: 200,
        # The council's administrator sees no child's record.
        Role.ADMINISTRATOR: 404,
        # Partners it was circulated to.
        Role.POLICE_OFFICER: 200,
        Role.HEALTH_PROFESSIONAL: 200,
        # Not engaged on the case: the case does not exist for them.
        Role.EDUCATION_SAFEGUARDING_LEAD: 404,
    }
    assert set(expected) == set(Role)
    for role, status in expected.items():
        user = cast[role]
        response = client_for(user).get(address)
        assert response.status_code == status, role
        assert len(exports(user, discussion.case)) == (1 if status == 200 else 0), role
        page = client_for(user).get(url("strategy_record_circulated", discussion))
        assert page.status_code == status, role  # the same answer as the circulated copy


def test_a_partner_engaged_but_not_sent_the_record_is_told_nothing(cast) -> None:
    discussion = finalised_record(cast)
    teacher = cast[Role.EDUCATION_SAFEGUARDING_LEAD]
    EngagementFactory(case=discussion.case, user=teacher, granted_by=cast[Role.SOCIAL_WORKER])
    client = client_for(teacher)
    assert client.get(url("strategy_record_pdf", discussion)).status_code == 404
    assert client.get(url("strategy_record_circulated", discussion)).status_code == 404
    assert exports(teacher, discussion.case) == []


def test_another_councils_worker_and_the_signed_out_get_nothing(cast, client) -> None:
    discussion = finalised_record(cast)
    address = url("strategy_record_pdf", discussion)
    other = cast.other_council_social_worker
    assert client_for(other).get(address).status_code == 404
    assert exports(other, discussion.case) == []
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={address}"
    assert not RecordView.objects.filter(channel="export").exists()


def test_before_circulation_only_those_who_minute_it_can_download_it(cast) -> None:
    discussion = finalised_record(cast, circulate=False)
    address = url("strategy_record_pdf", discussion)
    assert client_for(cast[Role.BUSINESS_SUPPORT]).get(address).status_code == 200
    # The council's administrator may not know the case exists.
    assert client_for(cast[Role.ADMINISTRATOR]).get(address).status_code == 404
    # A partner who took part: nothing has been sent to them yet.
    assert client_for(cast[Role.POLICE_OFFICER]).get(address).status_code == 404


def test_a_record_not_yet_finalised_cannot_be_downloaded(cast) -> None:
    case, concerns = make_case(cast)
    discussion = plan(cast, case, concerns)
    worker = cast[Role.SOCIAL_WORKER]
    assert client_for(worker).get(url("strategy_record_pdf", discussion)).status_code == 404
    page = client_for(worker).get(url("strategy_record", discussion)).content.decode()
    assert "Download the record (PDF)" not in page
    assert exports(worker, case) == []


def test_a_recipient_downloading_the_record_has_opened_it(cast) -> None:
    discussion = finalised_record(cast)
    police = cast[Role.POLICE_OFFICER]
    assert Circulation.objects.get(discussion=discussion, user=police).first_viewed_at is None
    assert client_for(police).get(url("strategy_record_pdf", discussion)).status_code == 200
    assert Circulation.objects.get(discussion=discussion, user=police).first_viewed_at == AFTER


def test_the_record_pages_link_to_the_pdf(cast) -> None:
    discussion = finalised_record(cast)
    link = f'<a class="govuk-link" href="{url("strategy_record_pdf", discussion)}" download>'
    for user, page in (
        (cast[Role.BUSINESS_SUPPORT], "strategy_record"),
        (cast[Role.POLICE_OFFICER], "strategy_record_circulated"),
    ):
        body = client_for(user).get(url(page, discussion)).content.decode()
        assert link + "Download the record (PDF)</a>" in body


def test_each_download_is_logged_once_as_an_export(cast) -> None:
    discussion = finalised_record(cast)
    health = cast[Role.HEALTH_PROFESSIONAL]
    before = RecordView.objects.count()
    client_for(health).get(url("strategy_record_pdf", discussion))
    assert RecordView.objects.count() == before + 1
    (view,) = exports(health, discussion.case)
    assert (view.what, view.viewed_at, view.child_id) == (
        "strategy_record_pdf",
        AFTER,
        discussion.case.child_id,
    )


# --- the chronology as CSV --------------------------------------------------------------------


def chronology(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that a spreadsheet reads it as UTF-8
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_chronology_has_the_rows_of_the_timeline_page(cast) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast, received_at=local(2026, 11, 2, 9, 0), recorded_by=worker)
    add_pathway(case, worker, local(2026, 11, 2, 10, 0))
    client = client_for(cast[Role.TEAM_MANAGER])
    page = timeline_rows(client.get(f"/cases/{case.pk}/timeline/"))
    response = client.get(f"/cases/{case.pk}/chronology.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == (
        f'attachment; filename="chronology-{case.reference}.csv"'
    )
    header, *rows = chronology(response)
    assert header == ["Date", "Time", "What happened", "Details", "Recorded by"]
    assert len(rows) == len(page) == 7
    for (day, time, what, details, who), (when, shown, page_who) in zip(rows, page, strict=True):
        assert date_and_time(datetime.strptime(f"{day} {time}", "%Y-%m-%d %H:%M")) == when
        assert f"{what} {details}".strip() == shown
        assert who == page_who
    assert rows[0][:3] == ["2026-11-02", "09:00", "Contact received"]
    assert rows[1][:3] == ["2026-11-02", "10:00", "Concerns of significant harm identified"]
    assert rows[-1][2] == "Initial child protection conference booked"


def test_who_may_see_the_timeline_may_download_its_chronology(cast, client) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast, received_at=local(2026, 11, 2, 9, 0), recorded_by=worker)
    police = cast[Role.POLICE_OFFICER]
    EngagementFactory(case=case, user=police, granted_by=worker)
    address = f"/cases/{case.pk}/chronology.csv"
    for role in Role:
        user = cast[role]
        unknown = (Role.HEALTH_PROFESSIONAL, Role.EDUCATION_SAFEGUARDING_LEAD, Role.ADMINISTRATOR)
        # The engaged police officer may know the case, but its timeline is social care's.
        status = 404 if role in unknown else 403 if role == Role.POLICE_OFFICER else 200
        timeline = client_for(user).get(f"/cases/{case.pk}/timeline/")
        assert timeline.status_code == status, role
        assert client_for(user).get(address).status_code == status, role
        assert len(exports(user, case)) == (1 if status == 200 else 0), role
    other = cast.other_council_social_worker
    assert client_for(other).get(address).status_code == 404
    assert exports(other, case) == []
    response = client.get(address)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={address}"


def test_a_download_of_the_chronology_is_logged_once_as_an_export(cast) -> None:
    case = case_in(cast)
    manager = cast[Role.TEAM_MANAGER]
    before = RecordView.objects.count()
    client_for(manager).get(f"/cases/{case.pk}/chronology.csv")
    assert RecordView.objects.count() == before + 1
    (view,) = exports(manager, case)
    assert (view.what, view.child_id) == ("case_chronology_csv", case.child_id)


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text(cast) -> None:
    recorder = UserFactory(council=cast.council, full_name='=HYPERLINK("http://x.test","Open")')
    case = case_in(cast, received_at=local(2026, 11, 2, 9, 0), recorded_by=recorder)
    header, row = chronology(
        client_for(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/chronology.csv")
    )
    assert row[4] == '\'=HYPERLINK("http://x.test","Open")'


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
        ("\t=1+1", "'\t=1+1"),
        ("Contact received", "Contact received"),
        ("2026-11-02", "2026-11-02"),
        ("From A. Referrer = police", "From A. Referrer = police"),
        ("", ""),
        (None, ""),
    ],
)
def test_spreadsheet_safe_neutralises_only_cells_that_start_a_formula(cell, written) -> None:
    assert spreadsheet_safe(cell) == written


def test_the_timeline_page_links_to_the_chronology(cast) -> None:
    case = case_in(cast)
    body = client_for(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/timeline/").content.decode()
    link = f'<a class="govuk-link" href="/cases/{case.pk}/chronology.csv" download>'
    assert link + "Download the chronology (CSV)</a>" in body
