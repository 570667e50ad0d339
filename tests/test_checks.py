"""A mistake in a procedure file stops the web application at start (Django's system checks)."""

from __future__ import annotations

from django.core.management import call_command
from django.core.management.base import SystemCheckError

from convene import checks
from tests.cli.test_evaluate_cli import _broken_darlington


def test_the_shipped_procedures_pass_the_system_check():
    assert checks.check_procedures() == []


def test_a_typo_in_a_procedure_file_fails_the_system_check(monkeypatch):
    monkeypatch.setattr(checks, "load_all", _broken_darlington)
    [error] = checks.check_procedures()
    assert error.id == "convene.E001"
    assert "darlington.toml" in error.msg and "24 hourz" in error.msg
    try:
        call_command("check")
    except SystemCheckError as failure:
        assert "convene.E001" in str(failure)
    else:
        raise AssertionError("convene check passed with a broken procedure file")
