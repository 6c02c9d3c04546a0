from django import forms

from .services import OUTCOME_LABELS


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(choices=list(OUTCOME_LABELS.items()), label="Decision")
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Logged with the decision; a local-track paper's authors read it in their notice.",
    )


class EligibilityForm(forms.Form):
    eligible = forms.TypedChoiceField(
        choices=[("yes", "Eligible"), ("no", "Not eligible")],
        coerce=lambda value: value == "yes",
        label="Best Student Paper",
    )
    reason = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), help_text="Logged.")
