"""The `convene` command: Django's manage.py plus Convene's own commands.

`convene evaluate` and `convene procedure` run the rules engine without starting Django, so
they start fast; every other command is Django's (`convene migrate`, `convene runserver`, ...).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv if argv is None else argv
    command = argv[1] if len(argv) > 1 else None
    if command == "evaluate":
        from convene.cli import evaluate

        sys.exit(evaluate.main(argv[2:]))
    if command == "procedure":
        from convene.cli import procedure

        sys.exit(procedure.main(argv[2:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "convene.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(argv)
    except ImproperlyConfigured as error:  # a bad setting: its one-line message, no traceback
        sys.stderr.write(f"convene: {error}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
