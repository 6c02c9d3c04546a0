from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.urls import reverse

from sllm.mail.services import mail_queue


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, mailing through the outbox (after commit, retried, logged) like all mail.

    Django already answers the same page whether or not an account has the address, and finds no
    account for a `.invalid` address with an unusable password, so nobody is told who is registered.
    """

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        path = reverse("password_reset_confirm", args=[context["uid"], context["token"]])
        mail_queue(
            recipients=[to_email],
            template="password_reset",
            context={"reset_url": settings.SITE_URL.rstrip("/") + path, "name": context["user"].display_name},
        )


class SignupForm(forms.Form):
    full_name = forms.CharField(label="Your name", max_length=200)
    email = forms.EmailField(label="Email address", help_text="We mail it a link to confirm it is yours.")
    password = forms.CharField(label="Password", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(
        label="Password again", widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    openreview_id = forms.CharField(
        label="OpenReview profile id (optional)", required=False, max_length=100, help_text="Such as ~Ada_Lovelace1"
    )
