"""Signing in, and locking out repeated wrong passwords (django-axes).

Two locks, both per account, never per address alone (a council's staff share one address):
- an account is locked for everyone once it has had `SIGN_IN_FAILURES_PER_ACCOUNT` wrong
  passwords from any addresses within the cool-off time (a guesser spread over many machines);
- an account is locked from one address after `AXES_FAILURE_LIMIT` wrong passwords from that
  address (one guesser at one machine).

A locked account answers exactly as a wrong password does, right password or not: the same
status and the same page, so that a lockout tells a guesser nothing about their guess.
"""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.hashers import make_password
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def normalise_email(value: str | None) -> str | None:
    """Emails are stored in lower case; one account is one lock, however it is typed."""
    if value is None:
        return None
    return value.strip().lower()


class SignInForm(AuthenticationForm):
    """Django's sign-in form, reading the email address as it is stored."""

    def clean_username(self) -> str:
        return normalise_email(self.cleaned_data.get("username")) or ""


class _RefusedSignInForm(SignInForm):
    """The sign-in form refusing the email and password without checking them."""

    def clean(self) -> dict[str, Any]:
        raise self.get_invalid_login_error()


def username_for_lockout(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """AXES_USERNAME_CALLABLE: the account an attempt is against (the form's `username`)."""
    if credentials:
        return normalise_email(credentials.get("username"))
    data = getattr(request, "data", None) or request.POST
    return normalise_email(data.get("username"))


class LockoutHandler(AxesDatabaseHandler):
    """Counts failures per account from one address and per account from anywhere, each
    against its own limit; axes compares the number returned with AXES_FAILURE_LIMIT.
    AXES_LOCKOUT_PARAMETERS lists the two in the order read here."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        from_this_address, from_anywhere = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if from_anywhere >= settings.SIGN_IN_FAILURES_PER_ACCOUNT:
            return max(from_this_address, settings.AXES_FAILURE_LIMIT)
        return from_this_address


def locked_out_response(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the wrong-password page itself. A locked sign-in never reaches the
    password check, so a password is hashed here as the check would, to take the same time."""
    password = (credentials or {}).get("password") or request.POST.get("password") or ""
    make_password(password)
    if original_response is not None and original_response.status_code == 200:
        return original_response
    # Only reached if a sign-in page other than the form's own was locked: draw the form's page.
    form = _RefusedSignInForm(request, data=request.POST)
    return render(request, "registration/login.html", {"form": form}, status=200)
