from django import forms

from .models import ReminderKind


class ReminderSettingForm(forms.Form):
    kind = forms.ChoiceField(choices=ReminderKind.choices, widget=forms.HiddenInput)
    enabled = forms.BooleanField(required=False, label="On")
    days = forms.IntegerField(min_value=0, max_value=60, label="Days")
    deadline = forms.DateTimeField(
        required=False,
        label="Upload deadline (poster and slides)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
