"""`convene timelines [--council NAME] [--output FILE]`: every case's timeline as JSON Lines,
in the contract's input form (docs/timeline-contract.md), each line carrying the case's
`reference` as the pages show it. `convene evaluate --batch` reads the file and echoes the
reference, so a council can re-derive and audit every clock outside the web application.

The lines hold the child's circumstances the rules need (date of birth, hospital, ...) and
the events' dates: no name, address or free text.
"""

from __future__ import annotations

import sys
from typing import IO, Any

import orjson
from django.core.management.base import BaseCommand, CommandError, CommandParser

from convene.cases.models import Case
from convene.cases.timeline import case_timeline, with_timeline_relations
from convene.people.models import Council

CHUNK = 2000


def timeline_lines(cases: Any) -> Any:
    """One JSON line per case, in case order, the reference first."""
    for case in with_timeline_relations(cases.order_by("pk")).iterator(chunk_size=CHUNK):
        yield orjson.dumps({"reference": case.reference, **case_timeline(case)}) + b"\n"


class Command(BaseCommand):
    help = "Write every case's timeline as JSON Lines in the contract's input form."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--council", metavar="NAME", help="only this council's cases")
        parser.add_argument("--output", metavar="FILE", help="write here (default: stdout)")

    def handle(self, *args: Any, council: str | None, output: str | None, **options: Any) -> None:
        cases = Case.objects.all()
        if council is not None:
            found = Council.objects.filter(name__iexact=council.strip()).first()
            if found is None:
                names = ", ".join(Council.objects.order_by("name").values_list("name", flat=True))
                raise CommandError(f"no council called {council!r}: the councils are {names}")
            cases = cases.filter(council=found)
        if output is None:
            self._write(cases, sys.stdout.buffer)
            return
        try:
            with open(output, "wb") as target:
                count = self._write(cases, target)
        except OSError as error:
            raise CommandError(f"cannot write {output}: {error.strerror}") from None
        self.stderr.write(f"Wrote {count} timelines to {output}.")

    def _write(self, cases: Any, target: IO[bytes]) -> int:
        count = 0
        for line in timeline_lines(cases):
            target.write(line)
            count += 1
        target.flush()
        return count
