"""`convene demo`: load synthetic demonstration data (once) and print the sign-ins."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from convene.cases.models import Case
from convene.demo import DEMO_PASSWORD, demo_exists, demo_sign_ins, load_demo


class Command(BaseCommand):
    help = (
        "Load synthetic demonstration data (three councils on three procedures, partners, "
        "~80 children)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children",
            type=int,
            default=30,
            help="children in each of the two larger councils (default 30)",
        )

    def handle(self, *args: Any, children: int, **options: Any) -> None:
        if demo_exists():
            self.stdout.write("The demonstration data is already loaded.")
        else:
            started = time.perf_counter()
            load_demo(children_per_council=children)
            seconds = time.perf_counter() - started
            self.stdout.write(
                f"Loaded the demonstration data: {Case.objects.count()} children "
                f"in {seconds:.1f} s."
            )
        self.stdout.write(f"\nDemo sign-ins (every password is {DEMO_PASSWORD}):")
        for role, place, email in demo_sign_ins():
            self.stdout.write(f"  {email:<48} {role} – {place}")
