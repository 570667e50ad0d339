"""Synthetic test data (never real people): councils, agencies, users of every role, children
and cases at each stage of the pathway."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from convene.cases.models import Case, Child, Concerns, Contact, Engagement
from convene.people.models import Agency, Council, Role, Team, User
from convene.strategy.models import StrategyDiscussion

LONDON = ZoneInfo("Europe/London")
PASSWORD = "correct-horse-battery-staple"


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Testshire Council {n}")
    procedure = "sheffield"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    kind = Agency.Kind.POLICE


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Assessment team {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A council social worker unless told otherwise; `partner_user` for agencies."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    role = Role.SOCIAL_WORKER
    council = factory.SubFactory(CouncilFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def partner_user(role: str = Role.POLICE_OFFICER, agency: Agency | None = None) -> User:
    kind = {
        Role.POLICE_OFFICER: Agency.Kind.POLICE,
        Role.HEALTH_PROFESSIONAL: Agency.Kind.HEALTH,
        Role.EDUCATION_SAFEGUARDING_LEAD: Agency.Kind.SCHOOL,
    }[role]
    return UserFactory(role=role, council=None, agency=agency or AgencyFactory(kind=kind))


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    council = factory.SubFactory(CouncilFactory)
    given_name = factory.Sequence(lambda n: f"Testchild{n}")
    family_name = "Example"
    date_of_birth = date(2018, 5, 1)
    sex = Child.Sex.UNKNOWN


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    child = factory.SubFactory(ChildFactory)
    council = factory.SelfAttribute("child.council")
    lead_social_worker = None


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    received_at = factory.LazyFunction(timezone.now)
    referrer_name = "A. Referrer"
    referrer_role = "Class teacher"
    consent = Contact.Consent.GIVEN
    presenting_issues = "Synthetic presenting issues."
    reason_and_impact = "Synthetic reason and impact."
    recorded_by = factory.SubFactory(UserFactory, council=factory.SelfAttribute("..case.council"))


class ConcernsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concerns

    case = factory.SubFactory(CaseFactory)
    identified_at = factory.LazyFunction(timezone.now)
    concerns = factory.LazyFunction(lambda: ["physical_abuse"])
    summary = "Synthetic summary of concerns."
    recorded_by = factory.SubFactory(UserFactory, council=factory.SelfAttribute("..case.council"))


class StrategyDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StrategyDiscussion

    case = factory.SubFactory(CaseFactory)
    concerns = factory.SubFactory(ConcernsFactory, case=factory.SelfAttribute("..case"))
    form = "meeting"
    scheduled_for = factory.LazyFunction(lambda: timezone.now() + timedelta(hours=2))


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Engagement

    case = factory.SubFactory(CaseFactory)
    user = factory.LazyFunction(partner_user)
    purpose = "Invited to the strategy discussion"
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    granted_by = factory.SubFactory(UserFactory, council=factory.SelfAttribute("..case.council"))


class StrategyActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "strategy.StrategyAction"

    discussion = factory.SubFactory(StrategyDiscussionFactory)
    what = "Synthetic action: visit the family."
    purpose = "Synthetic purpose."
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=5))


def held_strategy_discussion(
    case: Case, held_at: datetime, outcome: str = "section_47", **fields: object
) -> StrategyDiscussion:
    """Concerns identified three hours before a strategy discussion held at `held_at` with
    its outcome recorded (the engine then counts the record and conference clocks from it)."""
    recorder = {"recorded_by": case.lead_social_worker} if case.lead_social_worker else {}
    concerns = ConcernsFactory(case=case, identified_at=held_at - timedelta(hours=3), **recorder)
    fields.setdefault("enquiry", "single" if outcome == "section_47" else "")
    return StrategyDiscussionFactory(
        case=case,
        concerns=concerns,
        scheduled_for=held_at,
        held_at=held_at,
        outcome=outcome,
        decisions_recorded_at=held_at,
        **fields,
    )
