from django import forms


class ConflictDisclosureForm(forms.Form):
    reason = forms.CharField(
        label="Why do you have a conflict with this paper?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the program chairs see this. The paper leaves your list once you confirm.",
    )


class ReassignForm(forms.Form):
    reason = forms.ChoiceField(
        choices=[("conflict", "Conflict of interest"), ("coverage", "Fewer than three reviews")],
        widget=forms.HiddenInput,
    )
    remove = forms.IntegerField(required=False, widget=forms.HiddenInput)
    add = forms.TypedMultipleChoiceField(label="Assign", coerce=int, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["add"].choices = [(int(c.key), c.name) for c in candidates]
