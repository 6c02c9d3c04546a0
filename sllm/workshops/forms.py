from zoneinfo import ZoneInfo, available_timezones

from django import forms

from .models import CommunityChannel


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


class EditionForm(forms.Form):
    """Dates and the deadline are in the edition's own zone."""

    name = forms.CharField(max_length=200)
    short_name = forms.CharField(max_length=40)
    slug = forms.SlugField(max_length=50, help_text="The edition's address: /<slug>/.")
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    end_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    timezone = forms.ChoiceField(choices=(), initial="UTC")
    venue = forms.CharField(max_length=200, required=False)
    openreview_venue_id = forms.CharField(
        max_length=200, required=False, label="OpenReview venue id", help_text="Such as ICLR.cc/2026/Workshop/SLLM."
    )
    submission_deadline = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="For submissions made here; both tracks.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(z, z) for z in sorted(available_timezones())]

    def clean(self):
        data = super().clean()
        if "submission_deadline" in data and "timezone" in data:
            data["submission_deadline"] = data["submission_deadline"].replace(tzinfo=ZoneInfo(data["timezone"]))
        return data

    @staticmethod
    def service_args(data: dict) -> dict:
        return {
            key: data[key]
            for key in (
                "slug",
                "name",
                "short_name",
                "start_date",
                "end_date",
                "timezone",
                "venue",
                "openreview_venue_id",
                "submission_deadline",
            )
        }


class CommunityChannelForm(forms.Form):
    kind = forms.ChoiceField(choices=CommunityChannel.Kind.choices)
    name = forms.CharField(max_length=100, help_text="As visitors should read it, e.g. “SLLM on Discord”.")
    # Checked by the service: http(s) addresses only.
    url = forms.CharField(max_length=500, label="Address", help_text="https://…")
    order = forms.IntegerField(min_value=0, max_value=999, required=False, initial=0)
