"""Recording concerns of significant harm; the case page then shows when the strategy
discussion is due, whether it must be a meeting, and who must be invited."""

from __future__ import annotations

import pytest
import time_machine
from auditlog.models import LogEntry

from convene.audit.models import RecordView
from convene.cases.models import Concerns
from convene.people.models import Role
from convene.rules.vocabulary import CONCERN_CODES
from tests.factories import local
from tests.web.cases_support import case_in, engage, error_links, signed_in, text_of, title_of


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def concerns_data(**overrides) -> dict[str, object]:
    data: dict[str, object] = {
        "concerns_serious": ["serious_physical_injury"],
        "concerns_category": ["physical_abuse"],
        "summary": "Synthetic summary: bruising seen by the school nurse.",
        "identified_on_0": "2",
        "identified_on_1": "11",
        "identified_on_2": "2026",
        "identified_time": "11:00",
        "immediate_action_taken": "False",
        "immediate_action_detail": "",
        "forensic_evidence_needed": "False",
    }
    data.update(overrides)
    return data


def test_the_form_offers_every_concern_of_the_contract_in_labelled_groups(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/concerns/new/")
    body = response.content.decode()
    for code in CONCERN_CODES:
        assert f'value="{code}"' in body
    assert body.count('<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">') >= 4
    page = text_of(response)
    assert "Female genital mutilation (FGM)" in page
    assert "Fabricated or induced illness" in page
    assert RecordView.objects.filter(case=case, what="concerns_new").exists()


def test_recording_concerns_shows_when_the_strategy_discussion_is_due_and_who_to_invite(
    cast,
) -> None:
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast, procedure="triborough", received_at=local(2026, 11, 2, 9, 0))
    client = signed_in(worker)
    with time_machine.travel(local(2026, 11, 2, 11, 30), tick=False):
        response = client.post(f"/cases/{case.pk}/concerns/new/", concerns_data())
        assert response.status_code == 302
        assert response["Location"] == f"/cases/{case.pk}/#strategy"
        page = text_of(client.get(response["Location"]))

    concerns = Concerns.objects.get()
    assert concerns.concerns == ["serious_physical_injury", "physical_abuse"]
    assert concerns.identified_at == local(2026, 11, 2, 11, 0)
    assert concerns.recorded_by == worker
    # Tri-borough: the same day for serious physical injury.
    assert "Concerns recorded: the strategy discussion is due by Mon 2 Nov 2026" in page
    assert "The strategy discussion Due Mon 2 Nov 2026 Due" in page
    assert "Same day for concerns indicating a serious risk of harm" in page
    assert "Must take part Social worker Social work manager Police Health" in page
    assert LogEntry.objects.get_for_object(concerns).get().actor == worker


def test_concerns_that_require_a_meeting_say_so_with_the_procedures_words(cast) -> None:
    case = case_in(cast, procedure="sheffield")
    client = signed_in(cast[Role.SOCIAL_WORKER])
    with time_machine.travel(local(2026, 11, 2, 12, 0), tick=False):
        client.post(
            f"/cases/{case.pk}/concerns/new/",
            concerns_data(concerns_serious=[], concerns_exploitation=["female_genital_mutilation"]),
        )
        page = text_of(client.get(f"/cases/{case.pk}/"))
    assert "Must be a meeting" in page
    assert "Meeting for female genital mutilation" in page
    assert "Where there are concerns about Female Genital Mutilation;" in page


def test_immediate_action_needs_its_details(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/concerns/new/", concerns_data(immediate_action_taken="True")
    )
    assert error_links(response) == [
        ("#id_immediate_action_detail", "Enter what immediate action was taken")
    ]
    assert Concerns.objects.count() == 0


def test_concerns_with_nothing_selected_are_refused_and_keep_what_was_typed(cast) -> None:
    case = case_in(cast)
    with time_machine.travel(local(2026, 11, 2, 12, 0), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).post(
            f"/cases/{case.pk}/concerns/new/",
            concerns_data(
                concerns_serious=[],
                concerns_category=[],
                forensic_evidence_needed="",
                identified_time="5pm",
            ),
        )
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert error_links(response) == [
        ("#id_concerns_category_1", "Select at least one concern"),
        ("#id_identified_time", "The time the concerns were identified must be in the past"),
        ("#id_forensic_evidence_needed_1", "Select yes if forensic evidence is needed"),
    ]
    assert "Synthetic summary: bruising seen by the school nurse." in response.content.decode()
    assert Concerns.objects.count() == 0


@pytest.mark.parametrize("role", [Role.BUSINESS_SUPPORT, Role.CONFERENCE_CHAIR])
def test_only_social_care_practitioners_record_concerns(cast, role) -> None:
    case = case_in(cast)
    client = signed_in(cast[role])
    assert client.get(f"/cases/{case.pk}/concerns/new/").status_code == 403
    assert client.post(f"/cases/{case.pk}/concerns/new/", concerns_data()).status_code == 403
    assert Concerns.objects.count() == 0


def test_an_engaged_partner_cannot_record_concerns_here(cast) -> None:
    case = case_in(cast)
    nurse = cast[Role.HEALTH_PROFESSIONAL]
    engage(case, nurse, cast[Role.SOCIAL_WORKER])
    response = signed_in(nurse).post(f"/cases/{case.pk}/concerns/new/", concerns_data())
    assert response.status_code == 403
