"""Django settings for Convene, read from environment variables.

Every setting a deployment may change is an environment variable with a development default:

    DEBUG           true/false, 1/0, yes/no, on/off (any case). Default: on.
    SECRET_KEY      required when DEBUG is off. With DEBUG on, a fixed insecure key is used.
    DATABASE_URL    e.g. postgres://user:password@host:5432/convene.
                    Default: SQLite in var/convene.sqlite3 under the repository root.
    ALLOWED_HOSTS   comma-separated host names. Default with DEBUG on: 127.0.0.1,localhost;
                    with DEBUG off: none (every request is refused until it is set).
    LOG_LEVEL       level of Convene's and Django's log lines on stderr. Default: INFO.
    EMAIL_BACKEND   a Django email backend. Default with DEBUG on: the console (emails are
                    printed, never sent); with DEBUG off: SMTP (EMAIL_HOST, EMAIL_PORT).
                    convene.notify.NotifyEmailBackend sends through GOV.UK Notify.
    EMAIL_HOST, EMAIL_PORT, DEFAULT_FROM_EMAIL   for SMTP. Emails never hold personal data.
    GOVUK_NOTIFY_API_KEY, GOVUK_NOTIFY_EMAIL_TEMPLATE_ID   for GOV.UK Notify (a template whose
                    subject is ((subject)) and body ((body))).
    TASKS_BACKEND   immediate (default: background work runs at once, in the request) or
                    database (queued; run `convene db_worker` beside the web server).

A wrong value stops Convene at start-up with ImproperlyConfigured and one line naming the
variable. Messages never repeat a value that may hold a password.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

_TRUE = frozenset({"true", "1", "yes", "on"})
_FALSE = frozenset({"false", "0", "no", "off"})


def _env(name: str) -> str | None:
    """The variable's value, or None when it is unset or blank."""
    value = os.environ.get(name, "").strip()
    return value or None


def env_bool(name: str, default: bool) -> bool:
    value = _env(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not understood: use one of true, false, 1, 0, yes, no, on, off "
        "(any case)."
    )


def env_list(name: str, default: list[str]) -> list[str]:
    value = _env(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


_SUPPORTED_ENGINES = {
    "django.db.backends.postgresql": "PostgreSQL",
    "django.db.backends.sqlite3": "SQLite",
}


def database_from_url(name: str, default: str) -> dict[str, Any]:
    url = _env(name) or default
    scheme = url.split("://", 1)[0] if "://" in url else ""
    hint = "use postgres://USER:PASSWORD@HOST:PORT/NAME or sqlite:////absolute/path.sqlite3"
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_health_checks=True))
    except (ValueError, dj_database_url.ParseError):
        # The URL itself is not repeated: it may hold a password.
        shown = f" (scheme {scheme!r})" if scheme else ""
        raise ImproperlyConfigured(
            f"{name} is not a database URL Convene can use{shown}: {hint}."
        ) from None
    if config.get("ENGINE") not in _SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"{name} names a database Convene does not support (scheme {scheme!r}): "
            f"Convene runs on PostgreSQL or SQLite; {hint}."
        )
    if not config.get("NAME"):
        raise ImproperlyConfigured(f"{name} has no database name: {hint}.")
    return config


DEBUG = env_bool("DEBUG", default=True)

_INSECURE_DEVELOPMENT_KEY = "django-insecure-convene-development-only-never-use-in-production"
SECRET_KEY = _env("SECRET_KEY") or ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set: with DEBUG off, set SECRET_KEY to a long random value "
            '(for example: python3 -c "import secrets; print(secrets.token_urlsafe(50))").'
        )
    SECRET_KEY = _INSECURE_DEVELOPMENT_KEY
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    # Django's own measure of a key too weak to sign sessions and password-reset links.
    raise ImproperlyConfigured(
        "SECRET_KEY is too short or too simple: with DEBUG off it must be at least 50 "
        'characters of at least 5 different kinds (python3 -c "import secrets; '
        'print(secrets.token_urlsafe(50))").'
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

if _env("DATABASE_URL") is None:
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": database_from_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'convene.sqlite3'}"
    ),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "people.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "my_work"
LOGOUT_REDIRECT_URL = "login"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "convene",
    "convene.people",
    "convene.cases",
    "convene.strategy",
    "convene.enquiries",
    "convene.conferences",
    "convene.plans",
    "convene.audit",
    "convene.work",
    "convene.api",
    "convene.exports",
    "crispy_forms",
    "crispy_forms_gds",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: locks out repeated failed sign-ins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "convene.urls"
WSGI_APPLICATION = "convene.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "convene" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "convene" / "static"]
STATIC_ROOT = VAR_DIR / "static"
if DEBUG:
    # WhiteNoise warns about a missing STATIC_ROOT; `collectstatic` creates it in production.
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # With DEBUG off, static files are served by WhiteNoise from `convene collectstatic`.
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# Forms render as GOV.UK Design System components.
CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# Sign-in lockout (convene/people/signin.py): per account, never per address alone, since a
# council's staff share one address. 5 wrong passwords for an account from one address, or 10
# from anywhere, within an hour lock the account for an hour; a locked sign-in is answered as
# a wrong password is.
AXES_FAILURE_LIMIT = 5
SIGN_IN_FAILURES_PER_ACCOUNT = 10
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
# The sign-in form's field is `username` (the email address), not the model's `email`.
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "convene.people.signin.username_for_lockout"
AXES_HANDLER = "convene.people.signin.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "convene.people.signin.locked_out_response"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Only Convene's own scripts and styles; the one inline script carries the request's nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Sessions only: a password sent with every request would bypass the sign-in lockout.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Convene API",
    "DESCRIPTION": "Multi-agency child protection case system for England",
    "VERSION": "0.1.0",
    "ENUM_NAME_OVERRIDES": {"EnquiryKindEnum": "convene.strategy.models.ENQUIRY_CHOICES"},
    # The Swagger UI's files are served by Convene itself (no CDN), as the CSP requires.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Cookies: secure (HTTPS only) whenever DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

# Log lines go to stderr. Only the method, path and status of a request are logged, never its
# body, and errors are not mailed (Django's default mail_admins handler is not used).
EMAIL_BACKEND = _env("EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = _env("EMAIL_HOST") or "localhost"
try:
    EMAIL_PORT = int(_env("EMAIL_PORT") or "25")
except ValueError:
    raise ImproperlyConfigured("EMAIL_PORT must be a port number, e.g. 25 or 587.") from None
DEFAULT_FROM_EMAIL = _env("DEFAULT_FROM_EMAIL") or "convene@localhost"
GOVUK_NOTIFY_API_KEY = _env("GOVUK_NOTIFY_API_KEY")
GOVUK_NOTIFY_EMAIL_TEMPLATE_ID = _env("GOVUK_NOTIFY_EMAIL_TEMPLATE_ID")
if EMAIL_BACKEND == "convene.notify.NotifyEmailBackend" and not (
    GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_EMAIL_TEMPLATE_ID
):
    raise ImproperlyConfigured(
        "EMAIL_BACKEND is GOV.UK Notify: set GOVUK_NOTIFY_API_KEY and "
        "GOVUK_NOTIFY_EMAIL_TEMPLATE_ID."
    )

# Background work (emails): run at once, or queued in the database for `convene db_worker`.
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = (_env("TASKS_BACKEND") or "immediate").lower()
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"TASKS_BACKEND={_task_backend!r} is not understood: use immediate or database."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

LOG_LEVEL = (_env("LOG_LEVEL") or "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # django-axes logs every sign-in at INFO; its warnings (failures, lockouts) are enough.
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
