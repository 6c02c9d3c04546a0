from django import forms


class NewsForm(forms.Form):
    title = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 12}), max_length=50_000, label="Text (Markdown)")
    publish = forms.BooleanField(required=False, label="Published on the site")
