"""Response times of the case page and "My work" (and managers' pages) for 20,000 children.

    .venv/bin/python bench/web.py [--children 20000] [--requests 200] [--keep FILE]
    .venv/bin/python bench/web.py --reuse FILE [--requests 200]
    .venv/bin/python bench/web.py --database-url postgres://.../empty_bench_db

Loads the synthetic demo (convene/demo.py) into a fresh SQLite database in a temporary
directory: one council of 20,000 children with a realistic caseload of about 20 children per
social worker, and a small second council (200 children) whose cases the first council's staff
must never see. Then requests pages as the large council's staff through Django's test client
(the whole stack: middleware, sessions, access checks, audit rows, the rules engine, templates)
and prints the 50th and 95th percentile response times. Nothing is timed against a threshold:
the figures are for reading.

DATABASE_URL is ignored: a database is used only when named with --database-url (e.g. a
PostgreSQL database made for the purpose), and only if it is empty, so that existing data is
never timed in place of the benchmark's, nor mixed with it.

--reuse FILE times again against a database kept with --keep (the load is skipped); the kept
database is marked as the benchmark's by a FILE.loaded file written once it is loaded, and
--reuse refuses a database without one. The requests add sessions and record-view rows to it.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SECOND_COUNCIL = 200  # children in the small council next door


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def loaded_marker(path: str) -> Path:
    """Written next to a database kept with --keep once the load has finished."""
    return Path(f"{path}.loaded")


def database_url(options: argparse.Namespace) -> str:
    if options.database_url:
        return options.database_url
    if options.reuse:
        if not Path(options.reuse).exists() or not loaded_marker(options.reuse).exists():
            sys.exit(
                f"bench/web.py: {options.reuse} is not a database kept with --keep "
                f"(no {loaded_marker(options.reuse).name} beside it)."
            )
        return f"sqlite:///{Path(options.reuse).resolve()}"
    if options.keep:
        if Path(options.keep).exists():
            sys.exit(f"bench/web.py: {options.keep} already exists: name a new file to keep.")
        return f"sqlite:///{Path(options.keep).resolve()}"
    workdir = tempfile.mkdtemp(prefix="convene-bench-")
    return f"sqlite:///{os.path.join(workdir, 'bench.sqlite3')}"


def refuse_unless_empty() -> None:
    """Stop if the database already holds people or cases: they are not the benchmark's.
    (A migrated database with nothing else in it is empty.)"""
    from django.db import connection

    from convene.cases.models import Case, Child
    from convene.people.models import Agency, Council, User

    tables = set(connection.introspection.table_names())
    for model in (Council, Agency, User, Child, Case):
        if model._meta.db_table in tables and model.objects.exists():
            sys.exit(
                f"bench/web.py: the database is not empty ({model._meta.verbose_name_plural} "
                "are in it). Give --database-url an empty database made for the benchmark, or "
                "leave it out to use a fresh SQLite file."
            )


def long_plan_case(council: object, worker: object) -> int:
    """A case two years into a child protection plan: 50 visits, 24 core group meetings and
    4 review conferences (issue 9's yardstick). Made once; a kept database reuses it."""
    from datetime import timedelta

    from django.utils import timezone

    from convene.cases.models import Case
    from convene.conferences.models import Attendee, Conference
    from convene.plans.models import ChildProtectionPlan, CoreGroupMeeting, PlanItem, Visit

    existing = ChildProtectionPlan.objects.filter(case__council=council, visits__isnull=False)
    found = existing.values_list("case_id", flat=True).first()
    if found is not None:
        return found
    case = Case.objects.filter(council=council, lead_social_worker=worker).first()
    started = timezone.now() - timedelta(days=730)
    conference = Conference.objects.create(
        case=case,
        kind="initial",
        scheduled_for=started,
        held_at=started,
        decision="plan",
        category="neglect",
        quorate=True,
    )
    plan = ChildProtectionPlan.objects.create(
        case=case,
        conference=conference,
        category="neglect",
        lead_social_worker=worker,
        started_at=started,
    )
    Visit.objects.bulk_create(
        Visit(
            plan=plan,
            visited_at=started + timedelta(days=14 * n + 7),
            place="home",
            child_seen=True,
            bedroom_seen=n % 3 == 0,
            visited_by=worker,
        )
        for n in range(50)
    )
    CoreGroupMeeting.objects.bulk_create(
        CoreGroupMeeting(
            plan=plan,
            held_at=started + timedelta(days=30 * n + 9),
            attended="Synthetic",
            minutes="Synthetic",
            recorded_by=worker,
        )
        for n in range(24)
    )
    PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            outcome="Synthetic",
            action="Synthetic",
            who="Parent",
            by_when=(started + timedelta(days=60 * n)).date(),
        )
        for n in range(8)
    )
    for n in range(4):
        at = started + timedelta(days=91 + 182 * n)
        review = Conference.objects.create(
            case=case,
            kind="review",
            plan=plan,
            scheduled_for=at,
            held_at=at,
            decision="continue",
            quorate=True,
        )
        Attendee.objects.create(conference=review, party="agency", name="Synthetic")
    return case.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=20_000, help="in the measured council")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", help="keep the SQLite database at this (new) path")
    parser.add_argument("--database-url", help="an EMPTY database to use instead of SQLite")
    parser.add_argument("--reuse", help="time again against a database kept with --keep")
    options = parser.parse_args()
    if options.reuse and (options.keep or options.database_url):
        parser.error("--reuse times a kept database: give neither --keep nor --database-url")

    os.environ["DATABASE_URL"] = database_url(options)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from auditlog.context import disable_auditlog
    from django.core.management import call_command
    from django.db.models import Count
    from django.test import Client
    from django.test.utils import setup_test_environment

    from convene.cases.access import cases_visible_to
    from convene.cases.models import Case
    from convene.demo import STAGES, load_demo
    from convene.people.models import Council, Role, Team, User

    setup_test_environment()  # the test client's "testserver" host is allowed
    if options.reuse:
        call_command("migrate", verbosity=0)  # any migration added since it was kept
        # The kept load's large council: the one with the most children.
        measured = Council.objects.annotate(size=Count("cases")).order_by("-size")[0]
        print(f"Reusing {options.reuse}: {Case.objects.count():,} children")
    else:
        refuse_unless_empty()
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        # The change log is for people's edits; a bulk synthetic load would only bloat it.
        with disable_auditlog():
            demo = load_demo(
                children_per_council=options.children,
                children_in_second_council=SECOND_COUNCIL,
                children_per_social_worker=20,
                # Two children at each stage made through the actions; the rest written directly.
                through_actions=2 * len(STAGES),
            )
        print(f"Loaded {Case.objects.count():,} children in {time.perf_counter() - started:.0f} s")
        if options.keep:
            loaded_marker(options.keep).write_text(f"{options.children} children\n")
        measured = demo.councils[0].council
    rng = random.Random(1)
    workers = list(User.objects.filter(role=Role.SOCIAL_WORKER, council=measured))
    samples: dict[str, list[float]] = {"case page": [], "my work": []}
    clients: dict[int, Client] = {}
    openable: dict[int, list[int]] = {}

    def client_for(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    def cases_of(user: User) -> list[int]:
        """The cases this user may open: every request is a page they would be shown."""
        if user.pk not in openable:
            openable[user.pk] = list(cases_visible_to(user).values_list("pk", flat=True))
        return openable[user.pk]

    for _ in range(options.requests):
        worker = rng.choice(workers)
        case_id = rng.choice(cases_of(worker))
        started = time.perf_counter()
        response = client_for(worker).get(f"/cases/{case_id}/")
        samples["case page"].append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        response = client_for(worker).get("/")
        samples["my work"].append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code

    # A case two years into a plan: its case page and its plan page.
    lead = workers[0]
    long_case = long_plan_case(measured, lead)
    plan_id = Case.objects.get(pk=long_case).plans.values_list("pk", flat=True).first()
    for page, url in (
        ("long plan case page", f"/cases/{long_case}/"),
        ("plan page", f"/cases/{long_case}/plans/{plan_id}/"),
    ):
        samples[page] = []
        for _ in range(max(20, options.requests // 4)):
            started = time.perf_counter()
            response = client_for(lead).get(url)
            samples[page].append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code

    # Managers' pages, a few times each: every open case of a team or a council is evaluated.
    # A team of eight social workers (a manager may open any team of the council).
    team = Team.objects.filter(council=measured, name__startswith="Caseload team").first()
    team_url = f"/team/?team={team.pk}" if team else "/team/"
    managers = {
        "team view": (team_url, User.objects.get(role=Role.TEAM_MANAGER, council=measured)),
        "council": ("/council/", User.objects.get(role=Role.SERVICE_MANAGER, council=measured)),
        "case list": ("/cases/", rng.choice(workers)),
    }
    for page, (url, manager) in managers.items():
        samples[page] = []
        for _ in range(max(5, options.requests // 20)):
            started = time.perf_counter()
            response = client_for(manager).get(url)
            samples[page].append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code

    children = Case.objects.filter(council=measured).count()
    print(
        f"Council of {children:,} children, {len(workers):,} social workers "
        f"(and a second council of {Case.objects.exclude(council=measured).count():,})"
    )
    for page, times in samples.items():
        print(
            f"{page:>19}: p50 {1000 * statistics.median(times):6.1f} ms   "
            f"p95 {1000 * percentile(times, 0.95):6.1f} ms   ({len(times)} requests)"
        )


if __name__ == "__main__":
    main()
