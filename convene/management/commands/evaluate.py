"""`convene evaluate` as a Django management command (also reachable as manage.py evaluate)."""

import sys

from django.core.management.base import BaseCommand

from convene.cli import evaluate


class Command(BaseCommand):
    help = "Derive a case's statutory clocks from its timeline (docs/timeline-contract.md)."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(evaluate.main(argv[2:]))

    def add_arguments(self, parser):  # for `convene help evaluate`
        parser.add_argument("args", nargs="*")

    def handle(self, *args, **options):
        code = evaluate.main(list(args))
        if code:
            sys.exit(code)
