"""Fixtures of the plan half's tests: a booked initial conference, and the plan its holding
makes (tests/web/plan_support.py)."""

from __future__ import annotations

import pytest

from convene.conferences.models import Conference
from convene.plans.models import ChildProtectionPlan
from tests.web.plan_support import _hold, booked_initial_conference


@pytest.fixture
def conference(cast) -> Conference:
    return booked_initial_conference(cast)


@pytest.fixture
def plan(cast, conference) -> ChildProtectionPlan:
    assert _hold(cast, conference).status_code == 302
    return ChildProtectionPlan.objects.get()
