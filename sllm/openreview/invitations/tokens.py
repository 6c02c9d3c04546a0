"""Signed links of the claim flow: what they carry and why each refusal is the one it is."""

import secrets

from django.conf import settings
from django.core import signing

CLAIM_SALT = "sllm.openreview.invitation.claim"
VERIFY_SALT = "sllm.openreview.invitation.verify"


class LinkError(Exception):
    """A link that cannot be used; `code` picks the page, and no message names the person."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


def claim_token(*, invitation_id: int, edition_id: int, nonce: str) -> str:
    return signing.dumps({"i": invitation_id, "w": edition_id, "n": nonce}, salt=CLAIM_SALT, compress=True)


def verify_token(*, invitation_id: int, nonce: str, email: str) -> str:
    return signing.dumps({"i": invitation_id, "n": nonce, "e": email}, salt=VERIFY_SALT, compress=True)


def _load(token: str, *, salt: str, max_age: int) -> dict:
    try:
        payload = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise LinkError("invalid") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int) or not payload.get("n"):
        raise LinkError("invalid")
    return payload


def read_claim_token(token: str) -> dict:
    """{"i": invitation id, "w": edition id, "n": nonce}; raises LinkError("expired"|"invalid")."""
    return _load(token, salt=CLAIM_SALT, max_age=settings.INVITATION_LINK_MAX_AGE_S)


def read_verify_token(token: str) -> dict:
    """{"i": invitation id, "n": nonce, "e": the address to verify}; raises LinkError."""
    payload = _load(token, salt=VERIFY_SALT, max_age=settings.EMAIL_VERIFY_MAX_AGE_S)
    if not isinstance(payload.get("e"), str):
        raise LinkError("invalid")
    return payload
