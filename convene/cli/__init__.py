"""Convene's own commands, which need no Django: `convene evaluate`, `convene procedure`."""

from __future__ import annotations

import os
from typing import IO, Any

# The exit status of a command whose reader closed the pipe early (`convene ... | head`): what
# a shell shows for a process ended by SIGPIPE (128 + 13), distinct from the contract's 0, 1, 2.
BROKEN_PIPE = 141


def discard_output(stream: IO[Any]) -> None:
    """After a broken pipe, send whatever is still buffered for `stream` to /dev/null, so that
    neither the command's own flush nor Python's at exit prints a traceback."""
    try:
        fileno = stream.fileno()
    except (AttributeError, OSError, ValueError):  # an in-memory stream: nothing to redirect
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)
