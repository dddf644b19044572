"""Forms of the pages; every field has a label (the templates render them with it)."""

from __future__ import annotations

from django import forms
from django.conf import settings

from rotations.models import RotationPlan
from rotations.services.imports import import_max_bytes, too_large_message

IMPORT_KINDS = (
    ("staff", "Staff (employee_id, name, email, role, department, site, timezone)"),
    ("slots", "Hosting slots (host_employee_id, start, end, capacity, kind, ...)"),
    ("unavailability", "Time away (employee_id, start, end, reason)"),
)


class SolveForm(forms.Form):
    # The solve service checks the upper limit and says so.
    time_limit_s = forms.IntegerField(
        label="Time limit (seconds)",
        min_value=1,
        initial=lambda: int(getattr(settings, "ROTATIONS_SOLVE_TIME_LIMIT_S", 20)),
    )


class PlanForm(forms.Form):
    """A plan's name, period, zone, rules and weights; the optimizer's parser checks them
    (through the plan services) and its message lands next to the field."""

    name = forms.CharField(label="Name", max_length=100)
    period_start = forms.DateField(
        label="First day", widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(label="Last day", widget=forms.DateInput(attrs={"type": "date"}))
    timezone = forms.CharField(
        label="Time zone", max_length=64, help_text="IANA name, e.g. America/Detroit."
    )
    rules = forms.JSONField(
        label="Rules",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="The scheduling contract's rules, as JSON.",
    )
    weights = forms.JSONField(
        label="Weights",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Empty: the contract's defaults.",
    )

    def clean_weights(self) -> object:
        return self.cleaned_data.get("weights") or {}


class PublishForm(forms.Form):
    # The version the reviewer read: a plan solved again meanwhile is not published unseen.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Needed when the review has warnings (nothing placed, lower coverage, conflicts, ...).
    confirm = forms.BooleanField(label="Publish despite the warnings above", required=False)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="What the file holds", choices=IMPORT_KINDS)
    file = forms.FileField(label="CSV file", help_text="UTF-8; separated by , ; or tabs.")
    plan = forms.ModelChoiceField(
        label="Plan (recurring slots expand over its period)",
        queryset=RotationPlan.objects.all(),
        required=False,
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > import_max_bytes():
            raise forms.ValidationError(too_large_message(upload.size))
        return upload


class ConfirmForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DeclineForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    reason = forms.CharField(
        label="Why can't you host this session?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class LinkDeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why can't you host this session?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How useful was the session?",
        choices=[(5, "5 (excellent)"), (4, "4"), (3, "3"), (2, "2"), (1, "1 (poor)")],
        coerce=int,
        widget=forms.RadioSelect,
    )
    learned = forms.CharField(
        label="What I learned",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    change = forms.CharField(
        label="What we should change",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class SigninLinkForm(forms.Form):
    email = forms.EmailField(
        label="Your work e-mail", help_text="We e-mail you a link that signs you in."
    )
