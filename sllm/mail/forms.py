from django import forms

from .selectors import group_labels


def _group_choices() -> list[tuple[str, str]]:
    # A callable: the groups are registered by the apps' ready(), after this module is imported.
    return list(group_labels().items())


class GroupMailForm(forms.Form):
    group = forms.ChoiceField(choices=_group_choices, label="To")
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), max_length=20_000, label="Message (plain text)")


class MailTemplateForm(forms.Form):
    subject = forms.CharField(max_length=300)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), max_length=20_000, label="Text (plain text)")
