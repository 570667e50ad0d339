"""`convene demo`: load synthetic demonstration data (once) and print the sign-ins."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from convene.demo import DEMO_PASSWORD, demo_exists, demo_sign_ins, load_demo


class Command(BaseCommand):
    help = "Load synthetic demonstration data (two councils, partners, ~60 children)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--children", type=int, default=30, help="children per council (default 30)"
        )

    def handle(self, *args: Any, children: int, **options: Any) -> None:
        if demo_exists():
            self.stdout.write("The demonstration data is already loaded.")
        else:
            load_demo(children_per_council=children)
            self.stdout.write(f"Loaded the demonstration data: {2 * children} children.")
        self.stdout.write(f"\nDemo sign-ins (every password is {DEMO_PASSWORD}):")
        for role, place, email in demo_sign_ins():
            self.stdout.write(f"  {email:<48} {role} – {place}")
