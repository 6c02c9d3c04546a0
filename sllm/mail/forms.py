from django import forms

from .selectors import GROUPS


class GroupMailForm(forms.Form):
    group = forms.ChoiceField(choices=list(GROUPS.items()), label="To")
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), max_length=20_000, label="Message (plain text)")
