"""Councils, partner agencies, teams and the people who sign in."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from convene.rules.vocabulary import PROCEDURE_NAMES


class Council(models.Model):
    """A local authority. Its procedure decides every clock of its cases."""

    name = models.CharField(max_length=200, unique=True)
    procedure = models.CharField(max_length=40, choices=[(name, name) for name in PROCEDURE_NAMES])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ClosureDay(models.Model):
    """A day a council's offices are closed beyond the bank holidays: not a working day."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="closure_days")
    day = models.DateField()
    reason = models.CharField(max_length=200)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["council", "day"], name="one_closure_per_day"),
        ]


class Agency(models.Model):
    """A partner agency: a police force, an NHS trust, a school, or another service."""

    class Kind(models.TextChoices):
        POLICE = "police", "Police"
        HEALTH = "health", "Health"
        SCHOOL = "school", "School"
        OTHER = "other", "Other agency"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The councils whose area it serves: a force or a trust may cover several.
    councils = models.ManyToManyField(Council, related_name="agencies", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=200)
    # Goes up on every change, so a rename from a stale page is detected (check_version).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["council", "name"], name="team_name_per_council"),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    SERVICE_MANAGER = "service_manager", "Service manager"
    CONFERENCE_CHAIR = "conference_chair", "Conference chair"
    BUSINESS_SUPPORT = "business_support", "Business support"
    POLICE_OFFICER = "police_officer", "Police officer"
    HEALTH_PROFESSIONAL = "health_professional", "Health professional"
    EDUCATION_SAFEGUARDING_LEAD = "education_safeguarding_lead", "Education safeguarding lead"
    ADMINISTRATOR = "administrator", "Administrator"


COUNCIL_ROLES = frozenset(
    {
        Role.SOCIAL_WORKER,
        Role.TEAM_MANAGER,
        Role.SERVICE_MANAGER,
        Role.CONFERENCE_CHAIR,
        Role.BUSINESS_SUPPORT,
        Role.ADMINISTRATOR,
    }
)
# Council roles with casework. A council's administrator manages its people, teams and closure
# days and has no need to know any child: they see no case.
CASEWORK_ROLES = COUNCIL_ROLES - {Role.ADMINISTRATOR}
PARTNER_ROLES = frozenset(
    {Role.POLICE_OFFICER, Role.HEALTH_PROFESSIONAL, Role.EDUCATION_SAFEGUARDING_LEAD}
)
MANAGER_ROLES = frozenset({Role.TEAM_MANAGER, Role.SERVICE_MANAGER})


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: object) -> User:
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: object) -> User:
        fields.setdefault("role", Role.ADMINISTRATOR)
        fields.setdefault("full_name", "Administrator")
        return self.create_user(email, password, is_staff=True, is_superuser=True, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """Someone who signs in. Council staff belong to a council (and usually a team); partner
    staff belong to an agency and see a case only while engaged on it."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=40, choices=Role.choices)
    council = models.ForeignKey(
        Council, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Goes up on every change made by a council's administrator (check_version).
    version = models.PositiveIntegerField(default=1)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                # A partner user is never a council member, so their access is only engagement.
                condition=~(models.Q(council__isnull=False) & models.Q(agency__isnull=False)),
                name="council_or_agency_not_both",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def is_council_staff(self) -> bool:
        return self.role in COUNCIL_ROLES and self.council_id is not None

    @property
    def is_casework_staff(self) -> bool:
        """Council staff whose work is with children's cases (not the administrator)."""
        return self.role in CASEWORK_ROLES and self.council_id is not None

    @property
    def has_casework(self) -> bool:
        """Someone who may be shown cases at all: casework staff or a partner."""
        return self.is_casework_staff or self.is_partner

    @property
    def is_partner(self) -> bool:
        return self.role in PARTNER_ROLES

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES and self.council_id is not None
