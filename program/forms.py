"""Forms of the program pages; every field has a label."""

from __future__ import annotations

from django import forms

from program.models import WEIGHT_CHOICES, IdeaArea, IdeaStatus, WishTarget
from rotations.models import Department


class PolicyForm(forms.Form):
    sessions = forms.IntegerField(label="At least this many sessions", min_value=0, max_value=52)
    months = forms.IntegerField(label="Every this many months", min_value=1, max_value=60)
    new_hire_days = forms.IntegerField(
        label="New hires: first session within (days of hire)", min_value=0, max_value=365
    )


class WishForm(forms.Form):
    target = forms.ChoiceField(label="About", choices=WishTarget.choices)
    value = forms.CharField(
        label="Which one",
        max_length=64,
        help_text="A kind (e.g. customer_visit), a topic (e.g. hvac) or a rep's employee id.",
    )
    weight = forms.TypedChoiceField(label="How much", choices=WEIGHT_CHOICES, coerce=int, initial=2)


class WishesUploadForm(forms.Form):
    file = forms.FileField(
        label="Wishes CSV", help_text="employee_id,target,value,weight; UTF-8, at most 5 MB."
    )


class IdeaForm(forms.Form):
    text = forms.CharField(
        label="One thing we could do better", widget=forms.Textarea(attrs={"rows": 3})
    )
    area = forms.ChoiceField(label="Area", choices=IdeaArea.choices)


class TriageForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=IdeaStatus.choices)
    owner = forms.ModelChoiceField(
        label="Owner department", queryset=Department.objects.all(), required=False
    )
    outcome = forms.CharField(label="Outcome", required=False, max_length=500)
