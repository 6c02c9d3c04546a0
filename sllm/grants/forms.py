from django import forms

from .models import MAX_AMOUNT, GrantApplication


class ApplicationForm(forms.Form):
    career_stage = forms.ChoiceField(choices=GrantApplication.Stage.choices)
    travel_cost = forms.IntegerField(
        label="Estimated travel cost",
        min_value=0,
        max_value=MAX_AMOUNT,
        help_text="Flights, trains; whole units.",
    )
    lodging_cost = forms.IntegerField(label="Estimated accommodation cost", min_value=0, max_value=MAX_AMOUNT)
    registration_cost = forms.IntegerField(label="Registration fee", min_value=0, max_value=MAX_AMOUNT)
    statement = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=20,
        max_length=2000,
        help_text="Why attending matters to you (20 to 2,000 characters).",
    )
    self_identifies = forms.BooleanField(
        required=False,
        label="I identify as a member of a group underrepresented in machine learning (optional)",
        help_text=("Private: seen only by the organizers who run the travel grants; never shown to anyone else."),
    )

    def clean(self):
        data = super().clean()
        costs = [data.get(k) for k in ("travel_cost", "lodging_cost", "registration_cost")]
        if all(c is not None for c in costs) and sum(costs) == 0:
            raise forms.ValidationError("Estimate at least one cost: the total cannot be 0.")
        return data


class SponsorForm(forms.Form):
    name = forms.CharField(max_length=200)
    url = forms.URLField(required=False, label="Website")
    amount = forms.IntegerField(min_value=1, max_value=MAX_AMOUNT, help_text="Pledged for travel grants.")


class ProgramForm(forms.Form):
    is_open = forms.BooleanField(required=False, label="Accept applications")
    allow_partial = forms.BooleanField(required=False, label="Allow partial awards")
    min_partial_percent = forms.IntegerField(
        min_value=1, max_value=100, label="Smallest partial award (% of the request)"
    )
    currency = forms.RegexField(
        regex=r"^[A-Za-z]{3}$",
        max_length=3,
        error_messages={"invalid": "The currency is a three-letter code such as USD."},
    )


class ScoreForm(forms.Form):
    score = forms.TypedChoiceField(choices=[(i, str(i)) for i in range(1, 6)], coerce=int, label="Your score (1–5)")
