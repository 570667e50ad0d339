"""Every route, opened by every kind of user, with GET and with an empty POST: the exact answer
each may get, from one table of who may see and who may act.

The users: one of each role of the cast's council (its social worker leads the case), a social
worker of another council, a police officer, a health professional and an education
safeguarding lead each with a live engagement on the case (the officer is the discussion's
police invitee), the cast's own partner users with no engagement, a partner whose engagement
has expired, one whose engagement was revoked, and a visitor who has not signed in.

The case has a record at every stage: a contact, a strategy meeting held, decided (a joint
section 47 enquiry), its record finalised and circulated to the police officer, an action for
the health professional, the enquiry substantiated and its conference booked.

The rules the table encodes:
- signed out: the sign-in page for pages (302), 403 for the API;
- not allowed to know the case exists (another council, no live engagement): 404;
- may see the case but not do this: 403;
- allowed: 200 for a page; an empty POST gives the page again with its errors (200, nothing
  saved) or a redirect (302) where nothing needs filling in;
- a route that does not take the method: 405, before anything about the case is looked up.

Every route must be in ROUTES: a new route without an expectation fails the test.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from auditlog.models import LogEntry
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from convene.cases.models import Case, HouseholdMember
from convene.conferences.models import Amendment, Attendee, Conference, ExclusionRequest
from convene.enquiries.models import InitialConference, Section47Enquiry
from convene.people.models import ClosureDay, Role
from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, PlanItem
from convene.strategy.models import Circulation, Invitee, StrategyDiscussion
from tests.factories import (
    CaseFactory,
    ContactFactory,
    EngagementFactory,
    StrategyActionFactory,
    UserFactory,
    held_strategy_discussion,
)

SKIPPED = {"logout"}  # signs the user out of the rest of the walk

# --- who -------------------------------------------------------------------------------------

SW, TM, SM = Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.SERVICE_MANAGER
CHAIR, SUPPORT, ADMIN = Role.CONFERENCE_CHAIR, Role.BUSINESS_SUPPORT, Role.ADMINISTRATOR
POLICE_ENGAGED, HEALTH_ENGAGED, EDUCATION_ENGAGED = (
    "engaged police officer",
    "engaged health professional",
    "engaged education lead",
)
EXPIRED, REVOKED = "partner whose engagement expired", "partner whose engagement was revoked"
OTHER_COUNCIL, ANONYMOUS = "other council's social worker", "visitor not signed in"
UNENGAGED = (Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL, Role.EDUCATION_SAFEGUARDING_LEAD)

WHO = [
    *sorted(Role.values),
    OTHER_COUNCIL,
    POLICE_ENGAGED,
    HEALTH_ENGAGED,
    EDUCATION_ENGAGED,
    EXPIRED,
    REVOKED,
    ANONYMOUS,
]

# --- groups: who may see, who may act ---------------------------------------------------------

# The case's council's staff with casework. The administrator sees no child's record: 404.
STAFF = frozenset({SW, TM, SM, CHAIR, SUPPORT})
ENGAGED = frozenset({POLICE_ENGAGED, HEALTH_ENGAGED, EDUCATION_ENGAGED})
VIEW = STAFF | ENGAGED  # may know the case exists: can_user_view_case
EDIT = frozenset({SW, TM, SM})  # social work practitioners: can_user_edit_case
MINUTE = EDIT | {SUPPORT, CHAIR}  # can_user_record_meeting
MANAGER = frozenset({TM, SM})  # can_user_authorise_as_manager, see record views, allocate
LEAD_OR_MANAGER = frozenset({SW, TM, SM})  # can_user_manage_engagements (SW leads the case)
BOOKER = frozenset({SW, TM, SM, SUPPORT})  # can_user_book_conference
# The social worker recorded the decisions (four eyes); the officer is the police invitee.
AUTHORISER = MANAGER | {POLICE_ENGAGED}
# Minute-takers, and partners whose agency has an invitee row (police and health are invited).
INFORM = MINUTE | {POLICE_ENGAGED, HEALTH_ENGAGED}
COMPLETE = MINUTE | {HEALTH_ENGAGED}  # the action is the health professional's
# A partner's need to know (convene/need_to_know.py): the police officer (invited by name, sent
# the record) and the health professional (their trust invited) see the discussion and the
# enquiry it decided; the education lead, engaged but not invited, is told neither exists.
NOT_INVITED = frozenset({EDUCATION_ENGAGED})
TOOK_PART = VIEW - NOT_INVITED
RECIPIENT = STAFF | {POLICE_ENGAGED}  # the circulated record was sent to the officer
# Signed-in users who are not about a case.
SIGNED_IN = frozenset(WHO) - {ANONYMOUS}
CASEWORK = SIGNED_IN - {ADMIN}  # can_user_list_cases: everyone but the administrator
COUNCIL_PRACTITIONER = EDIT | {OTHER_COUNCIL}  # can_user_record_contact: their own council
COUNCIL_MANAGER = MANAGER  # can_user_see_team
COUNCIL_ADMIN = frozenset({ADMIN})  # can_user_administer_council
EVERYONE = frozenset(WHO)
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Route:
    """Who may GET and who may POST (None: the route does not take the method), and what an
    allowed user gets. `case`: about one case (404 for anyone who may not know it exists).
    `refused`: what someone who may see the case but not this gets."""

    get: frozenset[str] | None
    post: frozenset[str] | None
    get_ok: int = 200
    post_ok: int = 200
    case: bool = True
    refused: int = 403
    public: bool = False  # no sign-in needed
    api: bool = False
    post_as_get: bool = False  # a POST is answered as a GET (opening it may record a read)
    # May see the case but may not know this record exists: 404 (need_to_know.py).
    hidden_from: frozenset[str] = frozenset()


def page(get, post=None, **kw) -> Route:
    return Route(get, post, **kw)


def api(get=VIEW, post=None, *, case=True, hidden_from=frozenset()) -> Route:
    # An empty POST to a recording endpoint is bad input: 400, nothing saved.
    return Route(get, post, case=case, api=True, post_ok=400, hidden_from=hidden_from)


DISCUSSION = {"hidden_from": NOT_INVITED}  # a strategy discussion's page or record
PLAN = {"hidden_from": ENGAGED}  # a conference none of them is invited to, and the plan
CHAIR_OR_SUPPORT = frozenset({CHAIR, SUPPORT})  # record a conference's outcome


GENERAL = {"case": False}

ROUTES: dict[str, Route] = {
    # Not about a case.
    "healthz": page(EVERYONE, None, public=True, **GENERAL),
    "login": Route(EVERYONE, EVERYONE, public=True, case=False),  # signed in: see below
    "my_work": page(SIGNED_IN, **GENERAL),
    "case_list": page(CASEWORK, CASEWORK, **GENERAL),  # a search, answered with its results
    "team_work": page(COUNCIL_MANAGER, **GENERAL),
    "council_overview": page(COUNCIL_MANAGER, **GENERAL),
    "contact_new": page(COUNCIL_PRACTITIONER, COUNCIL_PRACTITIONER, **GENERAL),
    # The council's administration, for its administrators.
    "administration": page(COUNCIL_ADMIN, COUNCIL_ADMIN, **GENERAL),
    "people_list": page(COUNCIL_ADMIN, COUNCIL_ADMIN, **GENERAL),
    "person_new": page(COUNCIL_ADMIN, COUNCIL_ADMIN, **GENERAL),
    "person_detail": page(COUNCIL_ADMIN, COUNCIL_ADMIN, **GENERAL),
    "person_active": page(None, COUNCIL_ADMIN, post_ok=302, **GENERAL),
    "person_set_password_email": page(None, COUNCIL_ADMIN, post_ok=302, **GENERAL),
    "team_list": page(COUNCIL_ADMIN, COUNCIL_ADMIN, **GENERAL),
    "team_rename": page(COUNCIL_ADMIN, COUNCIL_ADMIN, **GENERAL),
    "closure_day_list": page(COUNCIL_ADMIN, COUNCIL_ADMIN, **GENERAL),
    "closure_day_remove": page(None, COUNCIL_ADMIN, post_ok=302, **GENERAL),
    # A new person's emailed link (here with a token that is not valid): no sign-in.
    "set_password": Route(EVERYONE, EVERYONE, public=True, case=False),
    "set_password_done": Route(EVERYONE, None, public=True, case=False),
    # The case, the contact, the child and household, access.
    "case_detail": page(VIEW, VIEW, post_as_get=True),
    "contact_decision": page(VIEW, EDIT),
    "referrer_acknowledged": page(None, MINUTE, post_ok=302),
    "child_edit": page(EDIT, EDIT),
    "household_member_new": page(EDIT, EDIT),
    "household_member_edit": page(EDIT, EDIT),
    "concerns_new": page(EDIT, EDIT),
    "agency_involvement_new": page(EDIT, EDIT),
    # The timeline, its clocks and the chronology: social care's own record.
    "case_timeline_view": page(STAFF, STAFF, post_as_get=True),
    "case_access": page(STAFF, LEAD_OR_MANAGER),
    "engagement_revoke": page(None, LEAD_OR_MANAGER, post_ok=302),
    "case_allocate": page(MANAGER, MANAGER),
    "record_views": page(MANAGER),
    "case_history": page(MANAGER),
    "case_chronology_csv": page(STAFF),
    # The strategy discussion.
    "strategy_new": page(EDIT, EDIT),
    "strategy_detail": page(TOOK_PART, TOOK_PART, post_as_get=True, **DISCUSSION),
    "strategy_plan": page(EDIT, EDIT),
    "strategy_invitees": page(EDIT, EDIT),
    "strategy_invitee_edit": page(EDIT, EDIT),
    "strategy_invitee_remove": page(EDIT, EDIT),
    "strategy_attendance": page(MINUTE, MINUTE, **DISCUSSION),
    "strategy_information": page(TOOK_PART, INFORM, **DISCUSSION),
    "strategy_agenda": page(MINUTE, MINUTE, **DISCUSSION),
    "strategy_analysis": page(MINUTE, MINUTE, **DISCUSSION),
    "strategy_decisions": page(EDIT, EDIT),
    # The health professional's action: theirs to see and complete.
    "strategy_actions": page(TOOK_PART, MINUTE, **DISCUSSION),
    "strategy_action_complete": page(None, COMPLETE, post_ok=302, **DISCUSSION),
    "strategy_authorise": page(TOOK_PART, AUTHORISER, **DISCUSSION),
    # An empty POST names no step of the record page: 404 ("No such step").
    "strategy_record": page(MINUTE, MINUTE, post_ok=404),
    "strategy_record_circulated": page(RECIPIENT, RECIPIENT, refused=404, post_as_get=True),
    "strategy_record_pdf": page(RECIPIENT, refused=404),
    # The section 47 enquiry and conference: partners who took part in the discussion read them.
    "enquiry_start": page(EDIT, EDIT, get_ok=302, post_ok=302),  # started: to the enquiry
    "enquiry_detail": page(TOOK_PART, **DISCUSSION),
    "enquiry_child_seen": page(EDIT, EDIT, **DISCUSSION),
    "enquiry_outcome": page(EDIT, EDIT, **DISCUSSION),
    "conference_book": page(BOOKER, BOOKER, **DISCUSSION),
    "conference_delay_agree": page(MANAGER, MANAGER, **DISCUSSION),
    # Conferences held and the plan: social care's pages (a partner invited by name to a
    # conference reads it; none is here).
    "conference_detail": page(STAFF, **PLAN),
    # The matrix's conference is not yet held: no record to download (tested when held in
    # tests/web/test_conference_record_pdf.py).
    "conference_record_pdf": page(STAFF, get_ok=404, **PLAN),
    "conference_parents_copy_pdf": page(STAFF, get_ok=404, **PLAN),
    "conference_reports": page(MINUTE, MINUTE, **PLAN),
    "conference_invite": page(MINUTE, MINUTE, **PLAN),
    "conference_outcome": page(CHAIR_OR_SUPPORT, CHAIR_OR_SUPPORT, **PLAN),
    "conference_adjourn": page(CHAIR_OR_SUPPORT, CHAIR_OR_SUPPORT, **PLAN),
    # An empty POST names nothing to circulate: a message, back to the conference.
    "conference_circulate": page(None, MINUTE, post_ok=302, **PLAN),
    "review_book": page(BOOKER, BOOKER, **PLAN),
    "transfer_in": page(BOOKER, BOOKER),
    "exclusion_request": page(MINUTE, MINUTE, **PLAN),
    "exclusion_decide": page({CHAIR}, {CHAIR}, **PLAN),
    "amendment_new": page(MINUTE, MINUTE, **PLAN),
    # Views not sought at this conference: back to it with a message.
    "agency_views": page(MINUTE, MINUTE, get_ok=302, post_ok=302, **PLAN),
    "family_meeting": page(CHAIR_OR_SUPPORT, CHAIR_OR_SUPPORT, **PLAN),
    "agency_report": page(MINUTE, MINUTE, **PLAN),
    "amendment_decide": page({CHAIR}, {CHAIR}, **PLAN),
    "plan_detail": page(STAFF, **PLAN),
    "plan_item_new": page(EDIT, EDIT, **PLAN),
    "plan_item_status": page(None, EDIT, post_ok=302, **PLAN),
    "core_group_new": page(MINUTE, MINUTE, **PLAN),
    "visit_new": page(EDIT, EDIT, **PLAN),
    "plan_end": page(EDIT, EDIT, **PLAN),
    "plan_move": page(EDIT, EDIT, **PLAN),
    # The matrix's plan has no version distributed: 404 (tests/web/test_plan_versions.py).
    "plan_version": page(STAFF, get_ok=404, **PLAN),
    # No move recorded yet: back to the plan with a message.
    "receiving_conference": page(EDIT, EDIT, get_ok=302, post_ok=302, **PLAN),
    "core_group_frequency": page(MANAGER, MANAGER, **PLAN),
    # An empty POST has no version: refused with a message, back to the plan.
    "plan_distributed": page(None, MINUTE, post_ok=302, **PLAN),
    # The API: reads filtered by cases_visible_to; the first steps of the pathway recorded
    # with the same predicates as their pages.
    "api-root": api(SIGNED_IN, case=False),
    "api-schema": Route(EVERYONE, None, public=True, case=False),
    "api-docs": Route(EVERYONE, None, public=True, case=False),
    **{
        f"api-{kind}-{suffix}": api(SIGNED_IN, case=False) if suffix == "list" else api(VIEW)
        for kind in (
            "case",
            "child",
            "contact",
            "concerns",
            "strategy-discussion",
            "section-47-enquiry",
            "initial-conference",
            "conference",
            "plan",
        )
        for suffix in ("list", "detail")
    },
    "api-case-clocks": api(STAFF),
    # Conferences and plans: social care's (no partner is invited by name here).
    "api-conference-detail": api(STAFF, hidden_from=ENGAGED),
    "api-plan-detail": api(STAFF, hidden_from=ENGAGED),
    "api-plan-visits": api(None, EDIT, hidden_from=ENGAGED),
    "api-plan-core_groups": api(None, MINUTE, hidden_from=ENGAGED),
    # The contact: a partner sees only their own agency's referral (none here).
    "api-contact-detail": api(STAFF, hidden_from=ENGAGED),
    "api-concerns-detail": api(TOOK_PART, hidden_from=NOT_INVITED),
    "api-strategy-discussion-detail": api(TOOK_PART, hidden_from=NOT_INVITED),
    "api-section-47-enquiry-detail": api(TOOK_PART, hidden_from=NOT_INVITED),
    "api-initial-conference-detail": api(TOOK_PART, hidden_from=NOT_INVITED),
    # Replaces the generated entry above: the contacts list also records a contact.
    "api-contact-list": api(SIGNED_IN, COUNCIL_PRACTITIONER, case=False),
    "api-contact-decision": api(None, EDIT, hidden_from=ENGAGED),
    "api-case-concerns": api(None, EDIT),
    "api-strategy-discussion-attendance": api(None, MINUTE, hidden_from=NOT_INVITED),
    "api-strategy-discussion-information": api(None, INFORM, hidden_from=NOT_INVITED),
}


def expected(route: Route, who: str, method: str) -> int:
    allowed = route.get if method == "GET" else route.post
    if who == ANONYMOUS and not route.public:
        return 403 if route.api else 302
    if allowed is None:
        return 405
    if route.case and (who not in VIEW or who in route.hidden_from):
        return 404
    if who not in allowed:
        return route.refused
    return route.get_ok if method == "GET" else route.post_ok


# --- the URL resolver's routes ----------------------------------------------------------------


def _routes() -> dict[str, str]:
    """Every named route (not the admin's) and its pattern."""
    found: dict[str, str] = {}

    def walk(patterns: list, prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if "admin" not in str(pattern.pattern):
                    walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.setdefault(pattern.name, prefix + str(pattern.pattern))

    walk(get_resolver().url_patterns, "")
    return {name: route for name, route in found.items() if name not in SKIPPED}


def test_every_route_has_an_expectation_for_each_kind_of_user() -> None:
    unclassified = sorted(set(_routes()) - set(ROUTES))
    assert unclassified == [], f"routes with no expectation in ROUTES: {unclassified}"
    gone = sorted(set(ROUTES) - set(_routes()))
    assert gone == [], f"expectations for routes that no longer exist: {gone}"


# --- the records ------------------------------------------------------------------------------


def _case_with_every_record(council, worker, team=None) -> dict[str, object]:
    now = timezone.now()
    case = CaseFactory(child__council=council, lead_social_worker=worker, team=team)
    ContactFactory(case=case, recorded_by=worker)
    discussion = held_strategy_discussion(
        case,
        now - timedelta(days=2),
        enquiry="joint",
        decisions_recorded_by=worker,
        record_finalised_at=now - timedelta(days=1),
        record_finalised_by=worker,
        record_circulated_at=now - timedelta(days=1),
    )
    enquiry = Section47Enquiry.objects.create(
        case=case,
        strategy_discussion=discussion,
        lead_social_worker=worker,
        kind="joint",
        started_at=now - timedelta(days=2),
        child_seen_at=now - timedelta(days=1),
        seen_alone=True,
        parental_permission=Section47Enquiry.Permission.OBTAINED,
        outcome=Section47Enquiry.Outcome.SUBSTANTIATED,
        outcome_reasons="Synthetic: substantiated.",
        completed_at=now - timedelta(hours=5),
    )
    conference = InitialConference.objects.create(
        case=case,
        enquiry=enquiry,
        scheduled_for=now + timedelta(days=5),
        venue="Synthetic Room 1",
        booked_by=worker,
        booked_at=now,
    )
    held = Conference.objects.create(
        case=case,
        kind=Conference.Kind.INITIAL,
        booking=conference,
        scheduled_for=now - timedelta(days=1),
        held_at=now - timedelta(days=1),
        decision="plan",
        category="neglect",
        quorate=True,
    )
    plan = ChildProtectionPlan.objects.create(
        case=case,
        conference=held,
        category="neglect",
        lead_social_worker=worker,
        started_at=now - timedelta(days=1),
    )
    item = PlanItem.objects.create(
        plan=plan,
        outcome="Synthetic outcome",
        action="Synthetic action",
        who="Parent",
        by_when=now.date() + timedelta(days=30),
    )
    review = Conference.objects.create(
        case=case, kind=Conference.Kind.REVIEW, plan=plan, scheduled_for=now + timedelta(days=60)
    )
    parent = Attendee.objects.create(conference=review, party="parent", name="Synthetic Parent")
    exclusion = ExclusionRequest.objects.create(
        conference=review,
        family_member=parent,
        grounds=["interfere"],
        evidence="Synthetic",
        requested_by=worker,
    )
    return {
        "case": case,
        "discussion": discussion,
        "enquiry": enquiry,
        "conference": conference,
        "plan": plan,
        "item": item,
        "review": review,
        "exclusion": exclusion,
        "meeting": CoreGroupMeeting.objects.create(
            plan=plan, held_at=now, attended="Synthetic", minutes="Synthetic", recorded_by=worker
        ),
        "agency_attendee": Attendee.objects.create(
            conference=review, party="agency", name="Synthetic GP", organisation="Surgery"
        ),
        "amendment": Amendment.objects.create(
            conference=review,
            asked_by="Synthetic Parent",
            received_at=now,
            correction="Synthetic",
            recorded_by=worker,
        ),
    }


@dataclass
class World:
    users: dict[str, object]
    urls: dict[str, str]
    # The records each list endpoint holds, by endpoint, for each case.
    main: dict[str, object]
    unengaged: dict[str, object]
    elsewhere: dict[str, object]


API_DETAIL_ROUTES = (
    "-detail",
    "-clocks",
    "-decision",
    "-concerns",
    "-attendance",
    "-information",
    "-visits",
    "-core_groups",
)


@pytest.fixture
def world(cast) -> World:
    worker = cast[SW]
    main = _case_with_every_record(cast.council, worker, cast.team)
    case: Case = main["case"]
    discussion: StrategyDiscussion = main["discussion"]
    today = timezone.localdate()
    police = UserFactory(role=Role.POLICE_OFFICER, council=None, agency=cast.police)
    health = UserFactory(role=Role.HEALTH_PROFESSIONAL, council=None, agency=cast.trust)
    education = UserFactory(role=Role.EDUCATION_SAFEGUARDING_LEAD, council=None, agency=cast.school)
    expired = UserFactory(role=Role.HEALTH_PROFESSIONAL, council=None, agency=cast.trust)
    revoked = UserFactory(role=Role.POLICE_OFFICER, council=None, agency=cast.police)
    engagements = {
        user: EngagementFactory(case=case, user=user, granted_by=worker)
        for user in (police, health, education)
    }
    EngagementFactory(
        case=case,
        user=expired,
        granted_by=worker,
        starts_on=today - timedelta(days=40),
        ends_on=today - timedelta(days=1),
    )
    EngagementFactory(case=case, user=revoked, granted_by=worker, revoked_at=timezone.now())
    police_invitee = Invitee.objects.create(
        discussion=discussion,
        attendee="police",
        basis=Invitee.Basis.REQUIRED,
        user=police,
        agency=cast.police,
        attendance=Invitee.Attendance.PRESENT,
    )
    Invitee.objects.create(
        discussion=discussion,
        attendee="health",
        basis=Invitee.Basis.REQUIRED,
        agency=cast.trust,
        attendance=Invitee.Attendance.PRESENT,
    )
    Circulation.objects.create(discussion=discussion, invitee=police_invitee, user=police)
    action = StrategyActionFactory(discussion=discussion, assigned_to=health)
    member = HouseholdMember.objects.create(
        child=case.child, name="Synthetic Parent", relationship="Mother"
    )
    closure = ClosureDay.objects.create(
        council=cast.council, day=today + timedelta(days=60), reason="Synthetic closure"
    )
    # For the API lists: a case of the council no partner is engaged on, another council's.
    unengaged = _case_with_every_record(cast.council, worker)
    other_worker = cast.other_council_social_worker
    elsewhere = _case_with_every_record(other_worker.council, other_worker)

    users = {role: cast[role] for role in Role.values}
    users.update(
        {
            OTHER_COUNCIL: other_worker,
            POLICE_ENGAGED: police,
            HEALTH_ENGAGED: health,
            EDUCATION_ENGAGED: education,
            EXPIRED: expired,
            REVOKED: revoked,
            ANONYMOUS: None,
        }
    )
    ids = {
        "case_id": case.pk,
        "concerns_id": discussion.concerns_id,
        "discussion_id": discussion.pk,
        "invitee_id": police_invitee.pk,
        "action_id": action.pk,
        "enquiry_id": main["enquiry"].pk,
        "engagement_id": engagements[education].pk,
        "member_id": member.pk,
        "person_id": worker.pk,
        "team_id": cast.team.pk,
        "closure_id": closure.pk,
        "conference_id": main["review"].pk,
        "plan_id": main["plan"].pk,
        "item_id": main["item"].pk,
        "exclusion_id": main["exclusion"].pk,
        "amendment_id": main["amendment"].pk,
        "attendee_id": main["agency_attendee"].pk,
        "meeting_id": main["meeting"].pk,
        "number": 1,  # a plan version (none is distributed here)
        "uidb64": "MQ",
        "token": "not-a-valid-token",
    }
    api_pk = {
        "case": case.pk,
        "child": case.child_id,
        "contact": case.contact.pk,
        "concerns": discussion.concerns_id,
        "strategy-discussion": discussion.pk,
        "section-47-enquiry": main["enquiry"].pk,
        "initial-conference": main["conference"].pk,
        "conference": main["review"].pk,
        "plan": main["plan"].pk,
    }
    urls: dict[str, str] = {}
    for name, pattern in _routes().items():
        if name.startswith("api-") and name.endswith(API_DETAIL_ROUTES):
            kind = name.removeprefix("api-").rsplit("-", 1)[0]
            urls[name] = reverse(name, kwargs={"pk": api_pk[kind]})
            continue
        keys = [key for key in ids if f"<int:{key}>" in pattern or f"<{key}>" in pattern]
        urls[name] = reverse(name, kwargs={key: ids[key] for key in keys})
    return World(users, urls, main, unengaged, elsewhere)


@pytest.fixture(autouse=True)
def no_pdf_rendering(monkeypatch) -> None:
    """Who may download the record is the question here, not WeasyPrint's output (seconds a
    document): the PDF's bytes are stubbed."""
    try:
        from convene.exports import pdf
    except ImportError:  # pragma: no cover - the exports app not installed
        return
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7 synthetic")


def _client(world: World, who: str) -> Client:
    client = Client()
    if world.users[who] is not None:
        client.force_login(world.users[who])
    return client


def _answer(client: Client, method: str, url: str):
    """The response, with whatever the request changed rolled back (the next request sees
    the same records); and whether it changed anything audited (opening a circulated record
    records when it was first read; an empty POST that is answered with the form saves
    nothing)."""
    changes = LogEntry.objects.count()
    with transaction.atomic():
        response = client.get(url) if method == "GET" else client.post(url, {})
        changed = LogEntry.objects.count() != changes
        transaction.set_rollback(True)
    return response, changed


@pytest.mark.parametrize("who", WHO)
def test_every_route_answers_each_user_exactly_as_the_table_says(world, who) -> None:
    client = _client(world, who)
    wrong = {}
    for name, url in world.urls.items():
        route = ROUTES[name]
        for method in ("GET", "POST"):
            want = expected(route, who, method)
            if name == "login" and who != ANONYMOUS:
                want = 302  # signed in already: on to My work
            response, changed = _answer(client, method, url)
            got = response.status_code
            if got != want:
                wrong[f"{method} {name}"] = f"{got}, expected {want}"
            elif got == 302 and who == ANONYMOUS:
                if not response["Location"].startswith(reverse("login")):
                    wrong[f"{method} {name}"] = f"redirected to {response['Location']}"
            elif method == "POST" and not route.post_as_get and got != 302 and changed:
                wrong[f"{method} {name}"] = f"{got}, but something was changed"
    assert wrong == {}, f"{who}: {wrong}"


# --- the API's lists --------------------------------------------------------------------------

LISTS = {
    "cases": lambda records: records["case"].pk,
    "children": lambda records: records["case"].child_id,
    "contacts": lambda records: records["case"].contact.pk,
    "concerns": lambda records: records["discussion"].concerns_id,
    "strategy-discussions": lambda records: records["discussion"].pk,
    "section-47-enquiries": lambda records: records["enquiry"].pk,
    "initial-conferences": lambda records: records["conference"].pk,
    "conferences": lambda records: sorted(
        Conference.objects.filter(case=records["case"]).values_list("pk", flat=True)
    ),
    "plans": lambda records: records["plan"].pk,
}


def _visible_cases(world: World, who: str) -> list[dict[str, object]]:
    if who in STAFF:
        return [world.main, world.unengaged]
    if who == OTHER_COUNCIL:
        return [world.elsewhere]
    if who in ENGAGED:
        return [world.main]
    return []  # partners with no live engagement


# The lists whose records a partner sees only by their need to know: who among the engaged.
PARTNER_LISTS = {
    "contacts": frozenset(),  # nobody's own agency referred the child
    "concerns": TOOK_PART & ENGAGED,
    "strategy-discussions": TOOK_PART & ENGAGED,
    "section-47-enquiries": TOOK_PART & ENGAGED,
    "initial-conferences": TOOK_PART & ENGAGED,
    "conferences": frozenset(),
    "plans": frozenset(),
}


@pytest.mark.parametrize("who", [who for who in WHO if who != ANONYMOUS])
def test_each_api_list_holds_exactly_the_records_the_user_may_see(world, who) -> None:
    client = _client(world, who)
    for endpoint, record_id in LISTS.items():
        response = client.get(f"/api/{endpoint}/")
        assert response.status_code == 200
        got = sorted(row["id"] for row in response.json()["results"])
        cases = _visible_cases(world, who)
        if who in ENGAGED and endpoint in PARTNER_LISTS and who not in PARTNER_LISTS[endpoint]:
            cases = []
        want = sorted(
            pk
            for records in cases
            for pk in (record_id(records) if endpoint == "conferences" else [record_id(records)])
        )
        assert got == want, f"{who}: /api/{endpoint}/"


def test_a_visitor_not_signed_in_lists_nothing_from_the_api(world) -> None:
    client = Client()
    for endpoint in LISTS:
        assert client.get(f"/api/{endpoint}/").status_code == 403


# --- groups of fields: what each may see of a case they may see (convene/need_to_know.py) -----

POLICE_OR_HEALTH = STAFF | {POLICE_ENGAGED, HEALTH_ENGAGED}
# Each group of the child's fields, who sees it, and a value of it the case page would show.
FIELD_GROUPS = {
    "identity": (VIEW, "Testchild"),
    "communication": (VIEW, "Synthetic Welsh"),
    "address": (POLICE_OR_HEALTH, "1 Synthetic Street"),
    "education": (STAFF | {EDUCATION_ENGAGED}, "A123456789012"),
    "health": (STAFF | {HEALTH_ENGAGED}, "Synthetic asthma"),
    "household": (POLICE_OR_HEALTH, "Synthetic Parent"),
    "social_care": (STAFF, "Synthetic ethnicity"),
}
# The referrer's identity and account: no partner here is of the referrer's agency.
REFERRAL = (STAFF, "A. Referrer")
# An agency's information in the discussion: the police officer has been sent the record, so
# reads both; the health professional only their own trust's until it is sent to them.
INFORMATION = {
    "police": (STAFF | {POLICE_ENGAGED}, "Synthetic police information"),
    "health": (STAFF | {POLICE_ENGAGED, HEALTH_ENGAGED}, "Synthetic health information"),
}


@pytest.fixture
def detailed_world(world) -> World:
    from convene.need_to_know import CHILD_FIELDS

    assert set(FIELD_GROUPS) == set(CHILD_FIELDS)
    child = world.main["case"].child
    child.first_language, child.address, child.upn = "Synthetic Welsh", "1 Synthetic Street", ""
    child.upn, child.disability, child.ethnicity = "A123456789012", "Synthetic asthma", ""
    child.ethnicity = "Synthetic ethnicity"
    child.save()
    discussion = world.main["discussion"]
    for invitee in discussion.invitees.all():
        invitee.information_shared = f"Synthetic {invitee.attendee} information"
        invitee.save()
    return world


@pytest.mark.parametrize("who", sorted(VIEW))
def test_each_user_sees_exactly_the_groups_of_fields_their_need_to_know_allows(
    detailed_world, who
) -> None:
    from convene.need_to_know import CHILD_FIELDS

    world = detailed_world
    client = _client(world, who)
    case = world.main["case"]
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    child = client.get(f"/api/children/{case.child_id}/").json()
    for group, (allowed, shown) in FIELD_GROUPS.items():
        assert (shown in page) == (who in allowed), f"{who}: {group} on the case page"
        for name in CHILD_FIELDS[group]:
            assert (name in child) == (who in allowed), f"{who}: {name} in /api/children/"
    allowed, shown = REFERRAL
    assert (shown in page) == (who in allowed), f"{who}: the referrer on the case page"
    contact = client.get(f"/api/contacts/{case.contact.pk}/")
    assert (contact.status_code == 200) == (who in allowed), f"{who}: /api/contacts/"


@pytest.mark.parametrize("who", sorted(VIEW))
def test_each_user_reads_only_the_agencies_information_circulated_to_them(
    detailed_world, who
) -> None:
    world = detailed_world
    client = _client(world, who)
    discussion = world.main["discussion"]
    page = client.get(reverse("strategy_detail", args=[discussion.case_id, discussion.pk]))
    api = client.get(f"/api/strategy-discussions/{discussion.pk}/")
    if who in NOT_INVITED:
        assert (page.status_code, api.status_code) == (404, 404)
        return
    body = page.content.decode()
    shared = {row["attendee"]: row["information_shared"] for row in api.json()["invitees"]}
    for attendee, (allowed, text) in INFORMATION.items():
        assert (text in body) == (who in allowed), f"{who}: {attendee} on the page"
        assert (shared[attendee] == text) == (who in allowed), f"{who}: {attendee} in the API"
