from django import forms

from sllm.core.idempotency import MAX_KEY, new_form_token
from sllm.workshops.models import Track

from .models import Paper
from .services import MAX_AUTHORS, MAX_NAME, MAX_TITLE


class PaperForm(forms.Form):
    track = forms.ModelChoiceField(queryset=Track.objects.none(), empty_label=None)
    title = forms.CharField(max_length=MAX_TITLE)
    abstract = forms.CharField(widget=forms.Textarea(attrs={"rows": 8}))
    topics = forms.MultipleChoiceField(choices=(), widget=forms.CheckboxSelectMultiple, required=False)
    elsewhere = forms.ChoiceField(
        choices=Paper.Elsewhere.choices,
        widget=forms.RadioSelect,
        required=False,
        label="Is this work under review or published elsewhere?",
    )
    elsewhere_venue = forms.CharField(max_length=300, required=False, label="Where (venue and year)")
    pdf = forms.FileField(
        label="Paper (PDF)",
        required=False,
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    # A fresh token per rendered form: a resubmission of the same form acts once (sllm/core/idempotency.py).
    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=MAX_KEY)

    def __init__(self, *args, edition, tracks, revising: bool = False, dual_rule: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["idempotency_key"].initial = new_form_token()
        self.fields["elsewhere"].help_text = dual_rule
        self.fields["track"].queryset = tracks
        self.fields["topics"].choices = [(t, t) for t in edition.topics]
        if revising:
            del self.fields["track"]
            self.fields["pdf"].help_text = "Leave empty to keep the current PDF."
        else:
            self.fields["pdf"].required = True


class AuthorForm(forms.Form):
    name = forms.CharField(max_length=MAX_NAME)
    email = forms.EmailField(required=False)
    institution = forms.CharField(max_length=MAX_NAME, required=False)
    is_student = forms.BooleanField(required=False, label="Student")


AuthorFormSet = forms.formset_factory(AuthorForm, extra=2, min_num=1, validate_min=True, max_num=MAX_AUTHORS)


def authors_from_formset(formset) -> list[dict]:
    return [form.cleaned_data for form in formset.forms if form.cleaned_data and form.cleaned_data.get("name")]
