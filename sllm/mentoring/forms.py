import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from .models import CareerStage, MentoringSetup, PairRule


def _offset_label(hours: Decimal) -> str:
    sign = "+" if hours >= 0 else "-"
    minutes = int(abs(hours) * 60)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


TZ_OFFSETS = sorted({Decimal(h) / 2 for h in range(-24, 29)} | {Decimal("5.75"), Decimal("8.75"), Decimal("12.75")})
TZ_CHOICES = [(str(h), _offset_label(h)) for h in TZ_OFFSETS]


class EmailListField(forms.CharField):
    """Email addresses separated by commas, spaces or new lines."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value):
        return [e.lower() for e in re.split(r"[\s,;]+", super().to_python(value) or "") if e]

    def validate(self, value):
        for email in value:
            try:
                validate_email(email)
            except ValidationError as exc:
                raise ValidationError(f"{email} is not an email address.", code="invalid") from exc


class ApplicationForm(forms.Form):
    career_stage = forms.ChoiceField(choices=CareerStage.choices)
    topics = forms.MultipleChoiceField(choices=(), widget=forms.CheckboxSelectMultiple)
    interests = forms.CharField(
        label="Research interests",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text="A few sentences: what you work on and what you would like to talk about.",
    )
    institution = forms.CharField(max_length=200, required=False)
    tz_offset = forms.TypedChoiceField(label="Time zone", choices=TZ_CHOICES, coerce=float, initial="0")
    advisors = EmailListField(
        label="Conflicts: advisors or advisees",
        required=False,
        help_text="Their email addresses; we never pair you with them.",
    )
    collaborators = EmailListField(
        label="Conflicts: close collaborators",
        required=False,
        help_text="Their email addresses; we never pair you with them.",
    )

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].choices = [(t, t) for t in edition.topics]


class MentorForm(ApplicationForm):
    capacity = forms.IntegerField(label="Mentees you can take", min_value=1, max_value=10, initial=2)
    field_order = ["capacity"]


class MenteeForm(ApplicationForm):
    self_identified = forms.BooleanField(
        label="I am a member of a group underrepresented in AI research",
        required=False,
        help_text="Optional and private: only the organizers who chair the mentoring program see it. "
        "It gives you priority in the matching.",
    )


class SetupForm(forms.ModelForm):
    class Meta:
        model = MentoringSetup
        fields = [
            "table_size",
            "max_tz_diff_hours",
            "forbid_same_institution",
            "kickoff_start",
            "kickoff_end",
            "kickoff_room",
            "lunch_start",
            "lunch_end",
            "lunch_room",
        ]
        widgets = {
            name: forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            for name in ["kickoff_start", "kickoff_end", "lunch_start", "lunch_end"]
        }

    def clean(self):
        data = super().clean()
        for start, end in (("kickoff_start", "kickoff_end"), ("lunch_start", "lunch_end")):
            if data.get(start) and data.get(end) and data[start] >= data[end]:
                self.add_error(end, "The end must come after the start.")
        return data


class PairRuleForm(forms.Form):
    mentee = forms.TypedChoiceField(choices=(), coerce=int)
    mentor = forms.TypedChoiceField(choices=(), coerce=int)
    kind = forms.ChoiceField(label="Rule", choices=PairRule.Kind.choices)

    def __init__(self, *args, mentees, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentee"].choices = [(m.pk, str(m.user)) for m in mentees]
        self.fields["mentor"].choices = [(m.pk, str(m.user)) for m in mentors]
