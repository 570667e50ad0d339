"""Django system checks: a mistake in a procedure file stops start-up with a clear message
(`convene runserver`, `convene migrate` and `convene check` run the checks), rather than a
server error on the first case page of that council."""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register

from convene.rules.procedure import ProcedureError, load_all


@register()
def check_procedures(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        load_all()
    except ProcedureError as error:
        return [Error(f"A procedure file is wrong: {error}", id="convene.E001")]
    return []
