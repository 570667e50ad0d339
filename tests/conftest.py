"""Fixtures shared by the web application's tests: a council with a user of every role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import settings

from convene.people.models import Agency, Council, Role, Team, User
from tests.factories import AgencyFactory, CouncilFactory, TeamFactory, UserFactory

# No time limit on a property test's example: speed is measured by bench/, never by a test,
# and a loaded CI machine must not fail a correct test.
settings.register_profile("convene", deadline=None)
settings.load_profile("convene")


@dataclass
class Cast:
    """One council (Sheffield's procedure), its team and a user of every role, plus partner
    users from a police force, an NHS trust and a school, and a social worker of another
    council."""

    council: Council
    team: Team
    police: Agency
    trust: Agency
    school: Agency
    users: dict[str, User]
    other_council_social_worker: User

    def __getitem__(self, role: str) -> User:
        return self.users[role]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    (tests/web/test_sign_in.py checks that real passwords are hashed with argon2.)"""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def cast(db) -> Cast:
    council = CouncilFactory(name="Testshire", procedure="sheffield")
    team = TeamFactory(council=council, name="Assessment team")
    police = AgencyFactory(name="Testshire Police", kind=Agency.Kind.POLICE)
    trust = AgencyFactory(name="Testshire NHS Trust", kind=Agency.Kind.HEALTH)
    school = AgencyFactory(name="Testshire Primary School", kind=Agency.Kind.SCHOOL)
    for agency in (police, trust, school):
        agency.councils.add(council)
    users: dict[str, User] = {}
    for role in Role:
        if role == Role.POLICE_OFFICER:
            user = UserFactory(role=role, council=None, agency=police)
        elif role == Role.HEALTH_PROFESSIONAL:
            user = UserFactory(role=role, council=None, agency=trust)
        elif role == Role.EDUCATION_SAFEGUARDING_LEAD:
            user = UserFactory(role=role, council=None, agency=school)
        else:
            user = UserFactory(role=role, council=council, team=team)
        users[role] = user
    other = UserFactory(role=Role.SOCIAL_WORKER, council=CouncilFactory(name="Elsewhere"))
    return Cast(council, team, police, trust, school, users, other)


@pytest.fixture
def refill():
    """Fill one of the rules engine's caches for a test, and afterwards put back what it held.
    Caches are filled in place, never replaced: the compiled engine holds them directly."""
    saved: list[tuple[dict, dict]] = []

    def fill(cache: dict, entries: dict) -> dict:
        saved.append((cache, dict(cache)))
        cache.clear()
        cache.update(entries)
        return cache

    yield fill
    for cache, contents in reversed(saved):
        cache.clear()
        cache.update(contents)
