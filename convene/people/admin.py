"""The Django admin, for system administrators (superusers) only: councils, partner agencies,
teams, closure days and user accounts. A council's own administrator uses the council's
Administration pages instead (convene/people/views.py).

Never registered here: a child's or a case's records. django-auditlog's LogEntry admin is
removed too: its rows hold every council's case changes (child data), and the admin keeps no
record of who looked. A case's change history is read on the case's own pages
(convene/audit/), where every view is logged and access is need-to-know.
"""

from __future__ import annotations

from typing import Any

from auditlog import admin as auditlog_admin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.http import HttpRequest

from convene.people.models import Agency, ClosureDay, Council, Team, User

if admin.site.is_registered(auditlog_admin.LogEntry):
    admin.site.unregister(auditlog_admin.LogEntry)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "role", "council", "team", "agency")


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts are signed in with an email address; there is no username or first name."""

    form = UserEditForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "job_title")}),
        ("Organisation and role", {"fields": ("role", "council", "team", "agency")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "full_name",
                    "role",
                    "council",
                    "team",
                    "agency",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    list_display = ("email", "full_name", "role", "council", "agency", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser", "role", "council", "agency")
    list_select_related = ("council", "agency")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined")

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deactivate instead: the audit history keeps each person as the actor of their changes.
        return False


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ("name", "procedure")
    search_fields = ("name",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A council's cases and history must outlive any change to its set-up.
        return False


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
    filter_horizontal = ("councils",)


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "council")
    list_filter = ("council",)
    search_fields = ("name",)
    exclude = ("version",)


@admin.register(ClosureDay)
class ClosureDayAdmin(admin.ModelAdmin):
    list_display = ("day", "council", "reason")
    list_filter = ("council",)
    search_fields = ("reason",)
    date_hierarchy = "day"
