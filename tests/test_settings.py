"""convene/settings.py: configuration from environment variables, and clear refusals."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from django.core.exceptions import ImproperlyConfigured

# Fifty characters of many kinds, as `secrets.token_urlsafe(50)` gives (made up for tests).
GOOD_KEY = "tS9-qL2vXw_8bRk3ZpYc7mNf4HjD6aGe1uVoK5iQz0sWxE_rT-yU"

_SPEC = importlib.util.find_spec("convene.settings")
assert _SPEC is not None and _SPEC.origin is not None
SETTINGS_FILE = _SPEC.origin
VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "ALLOWED_HOSTS",
    "LOG_LEVEL",
    "EMAIL_BACKEND",
    "EMAIL_PORT",
    "GOVUK_NOTIFY_API_KEY",
    "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID",
    "TASKS_BACKEND",
)


def load_settings(monkeypatch: pytest.MonkeyPatch, **env: str) -> ModuleType:
    """Execute settings.py afresh, as a separate module, under exactly these variables."""
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.spec_from_file_location("convene_settings_under_test", SETTINGS_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def refusal(monkeypatch: pytest.MonkeyPatch, **env: str) -> str:
    with pytest.raises(ImproperlyConfigured) as excinfo:
        load_settings(monkeypatch, **env)
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_defaults_are_for_development_on_sqlite(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch)
    assert settings.DEBUG is True
    assert settings.SECRET_KEY.startswith("django-insecure-")
    assert settings.ALLOWED_HOSTS == ["127.0.0.1", "localhost"]
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == settings.BASE_DIR / "var" / "convene.sqlite3"
    assert (settings.BASE_DIR / "var").is_dir()


@pytest.mark.parametrize("value", ["true", "TRUE", "1", "yes", "Yes", "on", " On "])
def test_debug_accepts_the_true_spellings(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    assert load_settings(monkeypatch, DEBUG=value).DEBUG is True


@pytest.mark.parametrize("value", ["false", "False", "0", "no", "NO", "off", "Off"])
def test_debug_accepts_the_false_spellings(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    settings = load_settings(monkeypatch, DEBUG=value, SECRET_KEY=GOOD_KEY)
    assert settings.DEBUG is False


@pytest.mark.parametrize("value", ["maybe", "2", "enabled", "t"])
def test_a_bad_debug_value_names_the_variable_and_the_accepted_values(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    message = refusal(monkeypatch, DEBUG=value)
    assert message.startswith(f"DEBUG={value!r} ")
    assert "true, false, 1, 0, yes, no, on, off" in message


def test_debug_off_without_a_secret_key_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    message = refusal(monkeypatch, DEBUG="off")
    assert message.startswith("SECRET_KEY is not set")
    assert "DEBUG off" in message


def test_debug_off_with_a_blank_secret_key_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert refusal(monkeypatch, DEBUG="off", SECRET_KEY="  ").startswith("SECRET_KEY is not set")


def test_debug_off_uses_the_given_secret_key_and_secure_cookies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings = load_settings(monkeypatch, DEBUG="off", SECRET_KEY=GOOD_KEY)
    assert settings.SECRET_KEY == GOOD_KEY
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.ALLOWED_HOSTS == []


def test_debug_on_cookies_work_over_plain_http(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch, DEBUG="on")
    assert settings.SESSION_COOKIE_SECURE is False
    assert settings.CSRF_COOKIE_SECURE is False


def test_allowed_hosts_is_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch, ALLOWED_HOSTS=" convene.example.gov.uk, 10.0.0.5 ,")
    assert settings.ALLOWED_HOSTS == ["convene.example.gov.uk", "10.0.0.5"]


def test_database_url_selects_postgresql(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch, DATABASE_URL="postgres://convene:pw@db.internal:5432/cp")
    database = settings.DATABASES["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5432, "cp")


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "ftp://files.example/db",
        "postgres://user:hunter2@host:notaport/db",
        "mysql://user:hunter2@host/db",
        "postgres://user:hunter2@host:5432/",
    ],
)
def test_a_bad_database_url_names_the_variable_and_hides_the_password(
    monkeypatch: pytest.MonkeyPatch, url: str
) -> None:
    message = refusal(monkeypatch, DATABASE_URL=url)
    assert message.startswith("DATABASE_URL ")
    assert "hunter2" not in message


def test_passwords_are_hashed_with_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings(monkeypatch)
    assert settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_django_start_up_stops_with_the_message(tmp_path: Path) -> None:
    """The whole path a command takes: django.setup() in a new interpreter."""
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env |= {"DJANGO_SETTINGS_MODULE": "convene.settings", "DEBUG": "sometimes"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    last_line = result.stderr.strip().splitlines()[-1]
    assert last_line == (
        "django.core.exceptions.ImproperlyConfigured: DEBUG='sometimes' is not understood: "
        "use one of true, false, 1, 0, yes, no, on, off (any case)."
    )


def test_emails_are_printed_not_sent_in_development(monkeypatch) -> None:
    settings = load_settings(monkeypatch, DEBUG="true")
    assert settings.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


def test_a_bad_email_port_is_named(monkeypatch) -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT"):
        load_settings(monkeypatch, DEBUG="true", EMAIL_PORT="twenty-five")


def test_gov_uk_notify_needs_its_key_and_template(monkeypatch) -> None:
    message = refusal(monkeypatch, EMAIL_BACKEND="convene.notify.NotifyEmailBackend")
    assert "GOVUK_NOTIFY_API_KEY" in message and "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID" in message
    settings = load_settings(
        monkeypatch,
        EMAIL_BACKEND="convene.notify.NotifyEmailBackend",
        GOVUK_NOTIFY_API_KEY="synthetic-key",
        GOVUK_NOTIFY_EMAIL_TEMPLATE_ID="f33517ff-2a88-4f6e-b855-c550268ce08a",
    )
    assert settings.GOVUK_NOTIFY_EMAIL_TEMPLATE_ID == "f33517ff-2a88-4f6e-b855-c550268ce08a"


def test_background_work_runs_at_once_unless_queued_in_the_database(monkeypatch) -> None:
    backend = load_settings(monkeypatch).TASKS["default"]["BACKEND"]
    assert backend == "django_tasks.backends.immediate.ImmediateBackend"
    queued = load_settings(monkeypatch, TASKS_BACKEND="Database").TASKS["default"]["BACKEND"]
    assert queued == "django_tasks_db.DatabaseBackend"
    assert "immediate or database" in refusal(monkeypatch, TASKS_BACKEND="celery")


@pytest.mark.parametrize("key", ["short-but-varied-0123456789", "k" * 64, "abab" * 20])
def test_debug_off_with_a_weak_secret_key_refuses_to_start(
    monkeypatch: pytest.MonkeyPatch, key: str
) -> None:
    assert refusal(monkeypatch, DEBUG="off", SECRET_KEY=key).startswith(
        "SECRET_KEY is too short or too simple"
    )


def test_the_convene_command_says_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in VARIABLES}
    env |= {"DEBUG": "off"}  # and no SECRET_KEY
    convene = Path(sys.executable).with_name("convene")
    result = subprocess.run(
        [str(convene), "check"], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("convene: SECRET_KEY is not set: with DEBUG off")
