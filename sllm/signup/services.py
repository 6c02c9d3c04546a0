"""Sign-up: an account is made only once its address is confirmed by the link mailed to it."""

import re
import secrets

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse

from sllm.accounts.models import PendingSignup, User
from sllm.core.errors import ApplicationError
from sllm.mail.services import mail_queue

# The salt predates this module's move out of accounts: links already mailed keep working.
SIGNUP_SALT = "sllm.accounts.signup"
OPENREVIEW_ID = re.compile(r"^~[^\W\d_][\w.-]*\d+$")


def _signup_errors(*, email: str, full_name: str, password: str, password2: str, openreview_id: str) -> dict:
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
        if email.endswith(".invalid"):
            raise ValidationError("This address cannot receive mail.")
    except ValidationError as exc:
        errors["email"] = exc.messages
    if not full_name:
        errors["full_name"] = ["Please give your name."]
    if password != password2:
        errors["password2"] = ["The two passwords differ."]
    try:
        password_validation.validate_password(password, user=User(email=email, full_name=full_name))
    except ValidationError as exc:
        errors["password"] = exc.messages
    if openreview_id and not OPENREVIEW_ID.match(openreview_id):
        errors["openreview_id"] = ["An OpenReview profile id looks like ~Ada_Lovelace1."]
    elif openreview_id and User.objects.filter(openreview_id=openreview_id).exists():
        # Profile ids are public on OpenReview: saying this one is here reveals nothing private.
        errors["openreview_id"] = [
            "This OpenReview profile already has an account here: use the invitation sent through OpenReview, "
            "or reset its password."
        ]
    return errors


def signup_request(
    *, email: str, full_name: str, password: str, password2: str, openreview_id: str = "", next_url: str = ""
) -> PendingSignup | None:
    """Checks a sign-up and mails its address a confirmation link; the account is made on confirmation.

    An address that already has an account gets no mail and no second account, and the caller shows
    the same page as for a new address, so the form never tells who is registered.
    """
    email, full_name, openreview_id = email.strip().lower(), " ".join(full_name.split()), openreview_id.strip()
    errors = _signup_errors(
        email=email, full_name=full_name, password=password, password2=password2, openreview_id=openreview_id
    )
    if errors:
        raise ApplicationError("Please correct the fields marked.", code="invalid", extra={"fields": errors})
    if User.objects.filter(email__iexact=email).exists():
        return None
    with transaction.atomic():
        pending = PendingSignup.objects.create(
            email=email,
            full_name=full_name[:200],
            openreview_id=openreview_id,
            password=make_password(password),
            nonce=secrets.token_urlsafe(12),
            next_url=next_url[:200],
        )
        token = signing.dumps({"p": pending.pk, "n": pending.nonce}, salt=SIGNUP_SALT)
        url = settings.SITE_URL.rstrip("/") + reverse("accounts:signup-confirm", args=[token])
        mail_queue(recipients=[email], template="signup_verify", context={"name": full_name, "verify_url": url})
    return pending


def signup_confirm(*, token: str) -> tuple[User, str]:
    """Makes the account of a confirmed sign-up; (user, where to go next). Raises ApplicationError."""
    try:
        payload = signing.loads(token, salt=SIGNUP_SALT, max_age=settings.EMAIL_VERIFY_MAX_AGE_S)
    except signing.SignatureExpired as exc:
        raise ApplicationError("This link has expired; please sign up again.", code="expired") from exc
    except signing.BadSignature as exc:
        raise ApplicationError("This link is not valid; copy the whole link from the message.", code="invalid") from exc
    with transaction.atomic():
        pending = PendingSignup.objects.select_for_update().filter(pk=payload.get("p"), nonce=payload.get("n")).first()
        if pending is None:
            raise ApplicationError("This link has already been used; log in instead.", code="used")
        if User.objects.filter(email__iexact=pending.email).exists():
            pending.delete()
            raise ApplicationError(
                "An account already uses this address: log in, or reset its password.", code="email_taken"
            )
        if pending.openreview_id and User.objects.filter(openreview_id=pending.openreview_id).exists():
            pending.delete()
            raise ApplicationError(
                "This OpenReview profile already has an account here; use the invitation sent through OpenReview.",
                code="profile_taken",
            )
        user = User.objects.create(
            email=pending.email,
            full_name=pending.full_name,
            openreview_id=pending.openreview_id or None,
            password=pending.password,
        )
        next_url = pending.next_url
        pending.delete()
    return user, next_url
