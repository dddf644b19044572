"""Who takes part: sites, departments and employees."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Site(models.Model):
    """An office; in-person sessions only take shadowers from the host's site."""

    name = models.CharField(max_length=100, unique=True)
    timezone = models.CharField(
        max_length=64, help_text="IANA zone; times without an offset are read in it."
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    name = models.CharField(max_length=100, unique=True)
    max_away = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="At most this many members shadowing at the same instant; empty: no limit.",
    )

    class Meta:
        ordering = ("name",)
        constraints = (
            models.CheckConstraint(
                condition=Q(max_away__isnull=True) | Q(max_away__gte=1),
                name="department_max_away_at_least_one",
            ),
        )

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    BACKROOM = "backroom", "Backroom (shadower)"
    REP = "rep", "Rep (host)"


class Employee(models.Model):
    employee_id = models.CharField(max_length=64, unique=True, help_text="The HR system's id.")
    name = models.CharField(max_length=200)
    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices)
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="members")
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="employees")
    hire_date = models.DateField(null=True, blank=True)
    tags = models.JSONField(default=list, blank=True, help_text="A list of short words.")
    active = models.BooleanField(default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="employee",
    )

    class Meta:
        ordering = ("name",)
        constraints = (
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="employee_role_is_known"
            ),
            models.CheckConstraint(condition=~Q(employee_id=""), name="employee_id_not_blank"),
        )
        indexes = (models.Index(fields=["role", "active"]),)

    def __str__(self) -> str:
        return f"{self.name} ({self.employee_id})"
