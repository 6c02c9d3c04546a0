from django import forms

from ..models import Invitation


class ClaimForm(forms.Form):
    email = forms.EmailField(label="Your email address", help_text="We mail it a link to confirm it is yours.")
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class InviteForm(forms.Form):
    roles = forms.MultipleChoiceField(
        choices=Invitation.Role.choices, required=False, widget=forms.CheckboxSelectMultiple, label="Invite"
    )
    resend = forms.BooleanField(required=False, label="Send a new link to people invited before")


class InviteSettingsForm(forms.Form):
    invite_after_sync = forms.BooleanField(required=False, label="Invite newly imported people after each sync")
