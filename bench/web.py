"""Response times of the case page and "My work" (and managers' pages) for 20,000 children.

    .venv/bin/python bench/web.py [--children 20000] [--requests 200] [--keep FILE]

Loads the synthetic demo (convene/demo.py) into a fresh SQLite database in a temporary
directory (or DATABASE_URL if set, e.g. a PostgreSQL database made for the purpose), with
10,000 children in each of its two councils and a realistic caseload of about 20 children per
social worker, then requests pages through Django's test client (the whole stack: middleware,
sessions, access checks, audit rows, the rules engine, templates) and prints the 50th and 95th
percentile response times. Nothing is timed against a threshold: the figures are for reading.
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


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--children", type=int, default=20_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--keep", help="keep the SQLite database at this path")
    options = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="convene-bench-")
    if not os.environ.get("DATABASE_URL"):
        path = options.keep or os.path.join(workdir, "bench.sqlite3")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from auditlog.context import disable_auditlog
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from convene.cases.models import Case
    from convene.demo import demo_exists, load_demo
    from convene.people.models import Role, Team, User

    setup_test_environment()  # the test client's "testserver" host is allowed
    call_command("migrate", verbosity=0)
    if not demo_exists():
        started = time.perf_counter()
        # The change log is for people's edits; a bulk synthetic load would only bloat it.
        with disable_auditlog():
            load_demo(children_per_council=options.children // 2, children_per_social_worker=20)
        print(f"Loaded {Case.objects.count():,} children in {time.perf_counter() - started:.0f} s")

    rng = random.Random(1)
    workers = list(User.objects.filter(role=Role.SOCIAL_WORKER, council__isnull=False))
    case_ids = list(Case.objects.values_list("pk", flat=True))
    samples: dict[str, list[float]] = {"case page": [], "my work": []}
    clients: dict[int, Client] = {}

    def client_for(user: User) -> Client:
        if user.pk not in clients:
            clients[user.pk] = Client()
            clients[user.pk].force_login(user)
        return clients[user.pk]

    for _ in range(options.requests):
        worker = rng.choice(workers)
        case = Case.objects.filter(council_id=worker.council_id, pk=rng.choice(case_ids)).first()
        if case is not None:
            started = time.perf_counter()
            response = client_for(worker).get(f"/cases/{case.pk}/")
            samples["case page"].append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        response = client_for(worker).get("/")
        samples["my work"].append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code

    # Managers' pages, a few times each: every open case of a team or a council is evaluated.
    # A team of eight social workers (a manager may open any team of the council).
    team = Team.objects.filter(name__startswith="Caseload team").first()
    team_url = f"/team/?team={team.pk}" if team else "/team/"
    managers = {
        "team view": (team_url, User.objects.filter(role=Role.TEAM_MANAGER).first()),
        "council": ("/council/", User.objects.filter(role=Role.SERVICE_MANAGER).first()),
        "case list": ("/cases/", rng.choice(workers)),
    }
    for page, (url, manager) in managers.items():
        samples[page] = []
        for _ in range(max(5, options.requests // 20)):
            started = time.perf_counter()
            response = client_for(manager).get(url)
            samples[page].append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code

    print(f"Council of {len(case_ids):,} children, {len(workers):,} social workers")
    for page, times in samples.items():
        print(
            f"{page:>10}: p50 {1000 * statistics.median(times):6.1f} ms   "
            f"p95 {1000 * percentile(times, 0.95):6.1f} ms   ({len(times)} requests)"
        )


if __name__ == "__main__":
    main()
