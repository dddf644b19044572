"""The program's records: the due policy, shadowers' wishes, drafted plans' participants
and the ideas sessions produce."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from rotations.models import Assignment, Department, Employee, RotationPlan


class Policy(models.Model):
    """When a backroom employee is due: at least `sessions` sessions every `months` months,
    and a new hire's first session within `new_hire_days` days of their hire date.
    One row (the latest is the policy); HR edits it on the program page."""

    sessions = models.PositiveSmallIntegerField(
        default=2, help_text="At least this many sessions..."
    )
    months = models.PositiveSmallIntegerField(default=12, help_text="...every this many months.")
    new_hire_days = models.PositiveSmallIntegerField(
        default=60, help_text="New hires: first session within this many days of hire."
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name_plural = "policies"
        constraints = (models.CheckConstraint(condition=Q(months__gte=1), name="policy_months_1"),)

    def __str__(self) -> str:
        return f"{self.sessions} sessions every {self.months} months"


class WishTarget(models.TextChoices):
    KIND = "kind", "Kind of session"
    TAG = "tag", "Topic"
    HOST = "host", "Rep"


WEIGHT_CHOICES = (
    (3, "Very much"),
    (2, "Would like"),
    (1, "A little"),
    (-1, "Rather not"),
    (-3, "Please not"),
)


class Wish(models.Model):
    """A shadower's preference: exactly one of a kind, a tag or a rep, weighted -3..3
    (the contract's v1.1 `preferences` entry)."""

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="wishes")
    target = models.CharField(max_length=8, choices=WishTarget.choices)
    kind = models.CharField(max_length=32, blank=True)
    tag = models.CharField(max_length=64, blank=True)
    host = models.ForeignKey(
        Employee, null=True, blank=True, on_delete=models.CASCADE, related_name="wished_by"
    )
    weight = models.SmallIntegerField(choices=WEIGHT_CHOICES, default=2)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("employee__name", "-weight", "pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(weight__gte=-3) & Q(weight__lte=3), name="wish_weight_minus_3_to_3"
            ),
            models.CheckConstraint(
                condition=(Q(target="kind") & ~Q(kind="") & Q(tag="") & Q(host__isnull=True))
                | (Q(target="tag") & ~Q(tag="") & Q(kind="") & Q(host__isnull=True))
                | (Q(target="host") & Q(host__isnull=False) & Q(kind="") & Q(tag="")),
                name="wish_names_exactly_one_target",
            ),
        )

    def __str__(self) -> str:
        return f"{self.employee.name}: {self.label} ({self.weight:+d})"

    @property
    def label(self) -> str:
        if self.target == WishTarget.HOST and self.host is not None:
            return f"rep {self.host.name}"
        return f"{self.get_target_display().lower()} {self.kind or self.tag}"

    def as_preference(self) -> dict[str, object]:
        """The contract v1.1 `preferences` entry."""
        value: object = self.host.employee_id if self.host is not None else self.kind or self.tag
        return {"shadower": self.employee.employee_id, self.target: value, "weight": self.weight}


class DraftScope(models.Model):
    """A plan drafted by "plan next period": only its participants shadow in it (the
    others are in the problem with `sessions_required: 0`)."""

    plan = models.OneToOneField(RotationPlan, on_delete=models.CASCADE, related_name="scope")
    participants = models.ManyToManyField(Employee, related_name="+")
    new_hires = models.ManyToManyField(Employee, related_name="+", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"participants of {self.plan}"


class IdeaArea(models.TextChoices):
    ORDERING = "ordering", "Ordering"
    INSTALLS = "installs", "Installs"
    BILLING = "billing", "Billing"
    SCHEDULING = "scheduling", "Scheduling"
    PRODUCT = "product", "Product"
    SUPPORT = "support", "Support"
    OTHER = "other", "Other"


class IdeaStatus(models.TextChoices):
    NEW = "new", "New"
    ACCEPTED = "accepted", "Accepted"
    DONE = "done", "Done"
    DECLINED = "declined", "Declined"


class Idea(models.Model):
    """ "One thing we could do better", written by the shadower after a session; HR triages
    it (new -> accepted -> done, or declined) and gives it an owner department."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="ideas")
    author = models.ForeignKey(Employee, null=True, on_delete=models.SET_NULL, related_name="ideas")
    text = models.TextField()
    area = models.CharField(max_length=16, choices=IdeaArea.choices, default=IdeaArea.OTHER)
    status = models.CharField(max_length=16, choices=IdeaStatus.choices, default=IdeaStatus.NEW)
    owner = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas"
    )
    outcome = models.TextField(blank=True, help_text="What was done with it.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(status__in=IdeaStatus.values), name="idea_status_is_known"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="idea_text_not_blank"),
        )

    def __str__(self) -> str:
        return f"{self.area}: {self.text[:40]} ({self.status})"
