"""`convene procedure` as a Django management command (also reachable as manage.py procedure)."""

import sys

from django.core.management.base import BaseCommand

from convene.cli import procedure


class Command(BaseCommand):
    help = "List, show and compare the procedures the rules engine applies."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(procedure.main(argv[2:]))

    def add_arguments(self, parser):
        parser.add_argument("args", nargs="*")

    def handle(self, *args, **options):
        code = procedure.main(list(args))
        if code:
            sys.exit(code)
