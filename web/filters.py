"""GET forms that filter the HR pages; they work without JavaScript (a plain submit)."""

from __future__ import annotations

from django import forms

from rotations.models import Department, Employee, HostingSlot, Role, RotationPlan, Site
from web.selectors.feedback import FeedbackFilters
from web.selectors.grid import GRID_STATUSES, GridFilters


class GridFilterForm(forms.Form):
    person = forms.CharField(
        label="Person",
        required=False,
        max_length=100,
        help_text="Part of a name, or an employee id.",
    )
    site = forms.ModelChoiceField(
        label="Site", queryset=Site.objects.all(), required=False, empty_label="All sites"
    )
    department = forms.ModelChoiceField(
        label="Department",
        queryset=Department.objects.all(),
        required=False,
        empty_label="All departments",
    )
    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[("", "All statuses"), *((s.value, s.label) for s in GRID_STATUSES)],
    )

    def filters(self) -> GridFilters:
        """The valid filters; an invalid field (a stale id in a bookmark) is ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        site = data.get("site")
        department = data.get("department")
        return GridFilters(
            site=site.pk if site else None,
            department=department.pk if department else None,
            person=data.get("person") or "",
            status=data.get("status") or "",
        )


def page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


class PlaceForm(forms.Form):
    """Placing a left-out person by hand: ids from the left-out page's select."""

    shadower = forms.ModelChoiceField(
        queryset=Employee.objects.select_related("site"), widget=forms.HiddenInput
    )
    slot = forms.ModelChoiceField(queryset=HostingSlot.objects.select_related("host"))


class FeedbackFilterForm(forms.Form):
    plan = forms.ModelChoiceField(
        label="Plan", queryset=RotationPlan.objects.all(), required=False, empty_label="All plans"
    )
    department = forms.ModelChoiceField(
        label="Department",
        queryset=Department.objects.all(),
        required=False,
        empty_label="All departments",
    )
    host = forms.ModelChoiceField(
        label="Host",
        queryset=Employee.objects.filter(role=Role.REP),
        required=False,
        empty_label="All hosts",
    )
    since = forms.DateField(
        label="Sessions from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    until = forms.DateField(
        label="Sessions until",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def filters(self) -> FeedbackFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return FeedbackFilters(
            plan=data["plan"].pk if data.get("plan") else None,
            department=data["department"].pk if data.get("department") else None,
            host=data["host"].pk if data.get("host") else None,
            since=data.get("since"),
            until=data.get("until"),
        )
