"""Partners' access to a case (engagements) and the allocation of its lead social worker."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.utils import timezone

from convene.audit.models import RecordView
from convene.cases.models import Case, Engagement
from convene.people.models import Role
from tests.factories import AgencyFactory, UserFactory, local
from tests.web.cases_support import case_in, engage, error_links, signed_in, text_of, title_of


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def led_case(cast, lead_role=Role.SOCIAL_WORKER) -> Case:
    case = case_in(cast)
    case.lead_social_worker = cast[lead_role]
    case.save()
    return case


def grant_data(user, ends_on, purpose="Invited to the strategy discussion") -> dict[str, str]:
    return {
        "access-user": str(user.pk),
        "access-purpose": purpose,
        "access-ends_on_0": str(ends_on.day),
        "access-ends_on_1": str(ends_on.month),
        "access-ends_on_2": str(ends_on.year),
    }


def test_the_lead_social_worker_gives_a_police_officer_access_who_can_then_see_the_case(
    cast,
) -> None:
    lead = cast[Role.SOCIAL_WORKER]
    officer = cast[Role.POLICE_OFFICER]
    case = led_case(cast)
    assert signed_in(officer).get(f"/cases/{case.pk}/").status_code == 404

    ends_on = timezone.localdate() + timedelta(days=14)
    client = signed_in(lead)
    response = client.post(f"/cases/{case.pk}/access/", grant_data(officer, ends_on))
    assert response.status_code == 302

    engagement = Engagement.objects.get()
    assert (engagement.user, engagement.granted_by, engagement.ends_on) == (officer, lead, ends_on)
    assert LogEntry.objects.get_for_object(engagement).get().actor == lead
    assert signed_in(officer).get(f"/cases/{case.pk}/").status_code == 200
    page = text_of(client.get(response["Location"]))
    assert f"{officer.full_name} has access to this case" in page
    assert "Invited to the strategy discussion" in page


def test_access_ends_after_its_end_date(cast) -> None:
    officer = cast[Role.POLICE_OFFICER]
    case = led_case(cast)
    with time_machine.travel(local(2026, 11, 2, 9, 0), tick=False):
        signed_in(cast[Role.SOCIAL_WORKER]).post(
            f"/cases/{case.pk}/access/", grant_data(officer, local(2026, 11, 6).date())
        )
    with time_machine.travel(local(2026, 11, 6, 17, 0), tick=False):
        assert signed_in(officer).get(f"/cases/{case.pk}/").status_code == 200
    with time_machine.travel(local(2026, 11, 7, 9, 0), tick=False):
        assert signed_in(officer).get(f"/cases/{case.pk}/").status_code == 404
        page = text_of(signed_in(cast[Role.SOCIAL_WORKER]).get(f"/cases/{case.pk}/access/"))
    assert "No partner agency staff have access now." in page
    assert "Past access" in page and officer.full_name in page


def test_access_for_longer_than_90_days_is_refused_and_the_input_kept(cast) -> None:
    case = led_case(cast)
    with time_machine.travel(local(2026, 11, 2, 9, 0), tick=False):
        response = signed_in(cast[Role.SOCIAL_WORKER]).post(
            f"/cases/{case.pk}/access/",
            grant_data(cast[Role.POLICE_OFFICER], local(2027, 3, 1).date(), purpose="Typed"),
        )
    assert response.status_code == 200
    assert title_of(response).startswith("Error: ")
    assert error_links(response) == [
        (
            "#id_access-ends_on_0",
            "The date access ends must be within 90 days, on or before Sun 31 Jan 2027",
        )
    ]
    assert 'value="Typed"' in response.content.decode()
    assert Engagement.objects.count() == 0


def test_access_is_given_only_to_staff_of_agencies_serving_the_area(cast) -> None:
    stranger = UserFactory(role=Role.POLICE_OFFICER, council=None, agency=AgencyFactory())
    case = led_case(cast)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/access/",
        grant_data(stranger, timezone.localdate() + timedelta(days=5)),
    )
    assert [message for _, message in error_links(response)] == [
        "Choose someone from a partner agency that serves this area"
    ]
    assert Engagement.objects.count() == 0


def test_access_already_given_is_not_given_twice(cast) -> None:
    officer = cast[Role.POLICE_OFFICER]
    case = led_case(cast)
    engage(case, officer, cast[Role.SOCIAL_WORKER], days=10)
    response = signed_in(cast[Role.SOCIAL_WORKER]).post(
        f"/cases/{case.pk}/access/", grant_data(officer, timezone.localdate() + timedelta(days=20))
    )
    messages = [message for _, message in error_links(response)]
    assert len(messages) == 1 and "already has access until" in messages[0]
    assert Engagement.objects.count() == 1


def test_removing_access_takes_the_case_away_from_the_partner(cast) -> None:
    officer = cast[Role.POLICE_OFFICER]
    case = led_case(cast)
    engagement = engage(case, officer, cast[Role.SOCIAL_WORKER])
    client = signed_in(cast[Role.TEAM_MANAGER])
    response = client.post(f"/cases/{case.pk}/access/{engagement.pk}/remove/")
    assert response.status_code == 302
    engagement.refresh_from_db()
    assert engagement.revoked_at is not None
    assert signed_in(officer).get(f"/cases/{case.pk}/").status_code == 404
    again = client.post(f"/cases/{case.pk}/access/{engagement.pk}/remove/", follow=True)
    assert "This access has already been removed." in text_of(again)


def test_a_social_worker_who_is_not_the_lead_cannot_give_or_remove_access(cast) -> None:
    case = led_case(cast, lead_role=Role.TEAM_MANAGER)
    other_worker = cast[Role.SOCIAL_WORKER]
    engagement = engage(case, cast[Role.HEALTH_PROFESSIONAL], cast[Role.TEAM_MANAGER])
    client = signed_in(other_worker)
    page = client.get(f"/cases/{case.pk}/access/")
    assert page.status_code == 200
    assert "Give access" not in text_of(page)
    ends_on = timezone.localdate() + timedelta(days=5)
    response = client.post(
        f"/cases/{case.pk}/access/", grant_data(cast[Role.POLICE_OFFICER], ends_on)
    )
    assert response.status_code == 403
    assert client.post(f"/cases/{case.pk}/access/{engagement.pk}/remove/").status_code == 403
    assert Engagement.objects.filter(revoked_at__isnull=True).count() == 1


def test_business_support_sees_who_has_access_but_cannot_change_it(cast) -> None:
    case = led_case(cast)
    engage(case, cast[Role.POLICE_OFFICER], cast[Role.SOCIAL_WORKER])
    client = signed_in(cast[Role.BUSINESS_SUPPORT])
    page = client.get(f"/cases/{case.pk}/access/")
    assert page.status_code == 200
    assert cast[Role.POLICE_OFFICER].full_name in text_of(page)
    assert "Remove access" not in text_of(page)
    assert RecordView.objects.filter(case=case, what="case_access").exists()


def test_partners_never_see_who_else_has_access(cast) -> None:
    case = led_case(cast)
    officer = cast[Role.POLICE_OFFICER]
    engage(case, officer, cast[Role.SOCIAL_WORKER])
    assert signed_in(officer).get(f"/cases/{case.pk}/access/").status_code == 403
    assert "Who has access" not in text_of(signed_in(officer).get(f"/cases/{case.pk}/"))


# --- allocation -------------------------------------------------------------------------------


def test_a_manager_allocates_the_lead_social_worker_and_their_team(cast) -> None:
    manager = cast[Role.TEAM_MANAGER]
    worker = cast[Role.SOCIAL_WORKER]
    case = case_in(cast)
    client = signed_in(manager)
    page = client.get(f"/cases/{case.pk}/allocate/")
    assert page.status_code == 200
    assert RecordView.objects.filter(case=case, what="case_allocate").exists()
    response = client.post(
        f"/cases/{case.pk}/allocate/",
        {"lead_social_worker": str(worker.pk), "team": "", "version": str(case.version)},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.lead_social_worker, case.team, case.version) == (worker, cast.team, 2)
    assert LogEntry.objects.get_for_object(case).filter(actor=manager).exists()
    assert f"Case allocated to {worker.full_name}" in text_of(client.get(response["Location"]))


def test_allocation_from_a_stale_page_is_refused_and_keeps_the_choice(cast) -> None:
    case = case_in(cast)
    client = signed_in(cast[Role.TEAM_MANAGER])
    form = {"lead_social_worker": str(cast[Role.SOCIAL_WORKER].pk), "version": str(case.version)}
    signed_in(cast[Role.SERVICE_MANAGER]).post(
        f"/cases/{case.pk}/allocate/",
        {"lead_social_worker": str(cast[Role.TEAM_MANAGER].pk), "version": str(case.version)},
    )
    response = client.post(f"/cases/{case.pk}/allocate/", form)
    assert response.status_code == 200
    assert "Someone else changed this record" in text_of(response)
    assert f'<option value="{cast[Role.SOCIAL_WORKER].pk}" selected>' in response.content.decode()
    case.refresh_from_db()
    assert case.lead_social_worker == cast[Role.TEAM_MANAGER]


def test_allocation_needs_a_lead_social_worker(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.TEAM_MANAGER]).post(
        f"/cases/{case.pk}/allocate/", {"lead_social_worker": "", "version": str(case.version)}
    )
    assert error_links(response) == [("#id_lead_social_worker", "Choose the lead social worker")]


def test_another_councils_staff_cannot_be_allocated(cast) -> None:
    case = case_in(cast)
    response = signed_in(cast[Role.TEAM_MANAGER]).post(
        f"/cases/{case.pk}/allocate/",
        {
            "lead_social_worker": str(cast.other_council_social_worker.pk),
            "version": str(case.version),
        },
    )
    assert response.status_code == 200
    assert error_links(response)
    case.refresh_from_db()
    assert case.lead_social_worker is None


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.BUSINESS_SUPPORT])
def test_only_managers_allocate(cast, role) -> None:
    case = case_in(cast)
    client = signed_in(cast[role])
    assert client.get(f"/cases/{case.pk}/allocate/").status_code == 403
    response = client.post(
        f"/cases/{case.pk}/allocate/",
        {"lead_social_worker": str(cast[role].pk), "version": str(case.version)},
    )
    assert response.status_code == 403


def _allocation_clock(case: Case):
    from convene.cases.timeline import case_evaluation

    case = Case.objects.select_related("child", "council", "contact").get(pk=case.pk)
    [clock] = [c for c in case_evaluation(case).clocks if c.clock == "assessment_allocation"]
    return clock


def _referred(cast, decided_at) -> Case:
    # Darlington: "allocated within 2 working days" of the referral.
    return case_in(
        cast,
        procedure="darlington",
        received_at=decided_at - timedelta(hours=3),
        decided_at=decided_at,
        decided_by=cast[Role.SOCIAL_WORKER],
        decision="referral_assessment",
    )


def _allocate(cast, case: Case, worker) -> None:
    case.refresh_from_db()
    response = signed_in(cast[Role.TEAM_MANAGER]).post(
        f"/cases/{case.pk}/allocate/",
        {"lead_social_worker": str(worker.pk), "team": "", "version": str(case.version)},
    )
    assert response.status_code == 302


def test_allocating_the_case_meets_the_assessment_allocation_clock_before_christmas(cast):
    # Referral Mon 21 Dec 2026 at 10:00; two working days: due Wed 23 Dec.
    with time_machine.travel(local(2026, 12, 21, 10, 0), tick=False):
        case = _referred(cast, timezone.now())
        assert _allocation_clock(case).state == "due"
    with time_machine.travel(local(2026, 12, 23, 16, 0), tick=False):
        _allocate(cast, case, cast[Role.SOCIAL_WORKER])
        clock = _allocation_clock(case)
    assert (clock.due, clock.state, clock.met.at) == ("2026-12-23", "met", "2026-12-23T16:00")


def test_allocating_after_christmas_is_late_and_reallocating_keeps_the_first_time(cast):
    with time_machine.travel(local(2026, 12, 21, 10, 0), tick=False):
        case = _referred(cast, timezone.now())
    with time_machine.travel(local(2026, 12, 29, 9, 0), tick=False):
        assert _allocation_clock(case).state == "overdue"
        _allocate(cast, case, cast[Role.SOCIAL_WORKER])
    with time_machine.travel(local(2027, 1, 6, 9, 0), tick=False):
        _allocate(cast, case, cast[Role.TEAM_MANAGER])
        clock = _allocation_clock(case)
    assert (clock.due, clock.state, clock.met.at) == ("2026-12-23", "late", "2026-12-29T09:00")


def test_a_case_led_before_the_referral_has_its_assessment_allocated_at_the_referral(cast):
    with time_machine.travel(local(2026, 12, 21, 10, 0), tick=False):
        case = _referred(cast, timezone.now())
        case.allocated_at = timezone.now() - timedelta(days=1)
        case.lead_social_worker = cast[Role.SOCIAL_WORKER]
        case.save()
        clock = _allocation_clock(case)
    assert (clock.state, clock.met.at) == ("met", "2026-12-21T10:00")


# A council's administrator manages people, teams and closure days and sees no child's record.


def test_the_council_administrator_sees_no_child_of_their_council(cast) -> None:
    case = led_case(cast)
    administrator = signed_in(cast[Role.ADMINISTRATOR])
    assert administrator.get("/cases/").status_code == 403
    assert administrator.post("/cases/", {"q": case.child.family_name}).status_code == 403
    assert administrator.get(f"/cases/{case.pk}/").status_code == 404
    assert administrator.get(f"/cases/{case.pk}/chronology.csv").status_code == 404
    for endpoint in ("children", "cases", "contacts"):
        listing = administrator.get(f"/api/{endpoint}/")
        assert listing.status_code == 200
        assert listing.json()["count"] == 0, endpoint
    assert administrator.get(f"/api/children/{case.child.pk}/").status_code == 404
    assert not RecordView.objects.filter(user=cast[Role.ADMINISTRATOR]).exists()


def test_the_council_administrator_has_no_cases_link_and_cannot_record_a_contact(cast) -> None:
    administrator = signed_in(cast[Role.ADMINISTRATOR])
    my_work = text_of(administrator.get("/"))
    assert "Administration" in my_work
    assert "Cases" not in my_work.split("Administration")[0]
    assert administrator.get("/cases/new/").status_code == 403


def test_the_council_administrator_still_administers_the_council(cast) -> None:
    administrator = signed_in(cast[Role.ADMINISTRATOR])
    assert administrator.get("/administration/").status_code == 200
