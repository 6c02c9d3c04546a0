from django import forms


class CallForm(forms.Form):
    """The call's text and rules, and two deadlines per track; times are read in the edition's zone."""

    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 16}), max_length=50_000, label="Call (Markdown)")
    formatting_rules = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=50_000,
        required=False,
        label="Page limits and formatting rules (Markdown)",
    )

    dual_submission_rule = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2_000,
        required=False,
        label="Dual-submission rule (plain text)",
        help_text="E.g. work published at ICML, NeurIPS or ICLR is not eligible; work under review elsewhere is.",
    )

    def __init__(self, *args, tracks, **kwargs):
        super().__init__(*args, **kwargs)
        self.tracks = list(tracks)
        for track in self.tracks:
            widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
            self.fields[f"submission_{track.pk}"] = forms.DateTimeField(
                label=f"{track.name}: submission deadline", widget=widget
            )
            self.fields[f"camera_ready_{track.pk}"] = forms.DateTimeField(
                label=f"{track.name}: camera-ready deadline", widget=widget, required=False
            )

    def deadlines(self) -> dict:
        data = self.cleaned_data
        return {t.pk: (data[f"submission_{t.pk}"], data[f"camera_ready_{t.pk}"]) for t in self.tracks}
