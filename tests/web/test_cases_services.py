"""Adding a service involved with the child after the contact (a GP, a health visitor, ...)."""

from __future__ import annotations

from auditlog.models import LogEntry

from convene.audit.models import RecordView
from convene.cases.models import AgencyInvolvement
from convene.people.models import Role
from tests.web.cases_support import case_in, error_links, signed_in, text_of, title_of


def url(case) -> str:
    return f"/cases/{case.pk}/services/new/"


def test_a_social_worker_adds_a_service_and_sees_it_on_the_case(cast) -> None:
    case = case_in(cast)
    client = signed_in(cast[Role.SOCIAL_WORKER])
    assert f'href="{url(case)}"' in client.get(f"/cases/{case.pk}/").content.decode()
    assert title_of(client.get(url(case))).startswith("Add a service involved")
    response = client.post(
        url(case),
        {
            "service-service": "Health visitor",
            "service-agency": str(cast.trust.pk),
            "service-contact_name": "Synthetic Visitor",
            "service-contact_details": "01234 000000",
        },
    )
    assert response.status_code == 302
    assert response.url == f"/cases/{case.pk}/#services"
    involvement = AgencyInvolvement.objects.get(child=case.child)
    assert (involvement.service, involvement.agency) == ("Health visitor", cast.trust)
    page = text_of(client.get(f"/cases/{case.pk}/"))
    assert "Health visitor" in page and "Testshire NHS Trust" in page
    assert LogEntry.objects.get_for_object(involvement).filter(actor=cast[Role.SOCIAL_WORKER])
    assert RecordView.objects.filter(case=case, what="agency_involvement_new").exists()


def test_a_service_needs_its_name_and_keeps_what_was_typed(cast) -> None:
    case = case_in(cast)
    client = signed_in(cast[Role.SOCIAL_WORKER])
    response = client.post(
        url(case), {"service-service": "", "service-contact_name": "Synthetic Name"}
    )
    assert response.status_code == 200
    assert title_of(response).startswith("Error:")
    assert error_links(response) == [("#id_service-service", "Enter the service")]
    assert 'value="Synthetic Name"' in response.content.decode()
    assert not AgencyInvolvement.objects.exists()


def test_only_the_councils_social_care_staff_may_add_a_service(cast) -> None:
    case = case_in(cast)
    assert signed_in(cast[Role.POLICE_OFFICER]).get(url(case)).status_code == 404
    assert signed_in(cast.other_council_social_worker).get(url(case)).status_code == 404
    response = signed_in(cast[Role.POLICE_OFFICER]).post(url(case), {"service-service": "GP"})
    assert response.status_code == 404
    assert not AgencyInvolvement.objects.exists()
