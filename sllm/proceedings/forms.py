from django import forms

from sllm.submissions.services import MAX_TITLE

from .models import VolumeSettings


def parse_authors(text: str) -> list[dict]:
    """One author a line, "Name; Institution" (the institution may be left out)."""
    authors = []
    for line in text.splitlines():
        if not line.strip():
            continue
        name, _, institution = line.partition(";")
        authors.append({"name": name.strip(), "institution": institution.strip()})
    return authors


def format_authors(authors: list[dict]) -> str:
    return "\n".join(f"{a['name']}; {a['institution']}" if a.get("institution") else a["name"] for a in authors)


class CameraReadyForm(forms.Form):
    pdf = forms.FileField(
        label="Final PDF",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    title = forms.CharField(label="Final title", max_length=MAX_TITLE)
    # Not required here: the service refuses an empty list with the same message as every other error.
    authors = forms.CharField(
        label="Final author list",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One author a line, in the order of the paper: Name; Institution",
    )
    accept_terms = forms.BooleanField(label="I accept the publication terms above.", required=False)
    # Offered only in a non-archival edition (the view removes it otherwise).
    in_volume = forms.BooleanField(
        label="Include this paper in the proceedings volume",
        required=False,
        initial=True,
        help_text="This edition is non-archival: a paper left out stays on the website.",
    )

    def __init__(self, *args, archival: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if archival:
            del self.fields["in_volume"]

    def clean_authors(self):
        return parse_authors(self.cleaned_data["authors"])


class VolumeSettingsForm(forms.ModelForm):
    class Meta:
        model = VolumeSettings
        fields = [
            "title",
            "editors",
            "preface",
            "publication_terms",
            "page_size",
            "is_published",
            "archival",
            "non_archival_entry",
        ]
        widgets = {"preface": forms.Textarea(attrs={"rows": 8}), "publication_terms": forms.Textarea(attrs={"rows": 5})}
        labels = {"is_published": "Published on the public site"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Matters only for a non-archival volume; left out, it keeps the default (a note).
        self.fields["non_archival_entry"].required = False

    def clean_non_archival_entry(self):
        return self.cleaned_data["non_archival_entry"] or VolumeSettings.NonArchivalEntry.NOTE


class BuildForm(forms.Form):
    skip_problems = forms.BooleanField(
        label="Build without the papers that have problems",
        required=False,
        help_text="They are listed in the result; without this, any problem stops the build.",
    )
