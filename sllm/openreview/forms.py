"""The organizers' map of OpenReview decisions (VenueLink.decision_map)."""

from django import forms

VERDICT_CHOICES = [
    ("accepted:oral", "Accept: oral"),
    ("accepted:poster", "Accept: poster"),
    ("rejected:", "Reject"),
    ("desk_rejected:", "Desk-reject"),
    ("withdrawn:", "Withdrawn"),
    ("submitted:", "Still under review"),
]


class DecisionMapForm(forms.Form):
    """One select per decision option; field names are positions, the option texts travel in hidden fields."""

    def __init__(self, *args, options: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        for index, option in enumerate(options):
            self.fields[f"decision_{index}"] = forms.CharField(
                initial=option["decision"], widget=forms.HiddenInput, max_length=200
            )
            self.fields[f"verdict_{index}"] = forms.ChoiceField(
                choices=VERDICT_CHOICES, initial=option["verdict"] or "submitted:", label=option["decision"]
            )
        self.fields["extra_decision"] = forms.CharField(
            required=False, max_length=200, label="Another decision option", help_text="As written on OpenReview."
        )
        self.fields["extra_verdict"] = forms.ChoiceField(choices=VERDICT_CHOICES, required=False, label="maps to")

    def rows(self):
        return [(self[f"decision_{i}"], self[f"verdict_{i}"], o) for i, o in enumerate(self.options)]

    def mapping(self) -> dict:
        data = self.cleaned_data
        pairs = [(data[f"decision_{i}"], data[f"verdict_{i}"]) for i in range(len(self.options))]
        if data.get("extra_decision", "").strip():
            pairs.append((data["extra_decision"].strip(), data.get("extra_verdict") or "submitted:"))
        mapping = {}
        for decision, verdict in pairs:
            status, presentation = verdict.split(":", 1)
            mapping[decision.strip()] = {"status": status, "presentation": presentation}
        return mapping
