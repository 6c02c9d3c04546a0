"""Retries never act twice: the first outcome of a create or upload is kept under the client's key.

The API reads the key from the `Idempotency-Key` header; pages put a fresh token in a hidden
`idempotency_key` field of each form they render. `run_once` records the key in the same transaction
as the service's writes (the service's own atomic block nests inside), and the response body with it:

- the key is stored: the change committed; the same key answers the stored outcome again, even when
  the first answer was lost (connection or database cut between the commit and the response);
- the key is not stored: nothing was (the transaction rolled back, files stored in it deleted), so
  "nothing was saved" is true and the retry acts once more;
- a concurrent request with the same key waits on the unique index until the first commits, then
  answers its outcome.

Refusals (4xx raised as ApplicationError) store nothing: they changed nothing, and the retry is judged again.
"""

import hashlib
import json
import secrets
from collections.abc import Callable
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response

from .errors import ApplicationError
from .models import IdempotencyKey
from .storage import atomic_with_files

HEADER = "Idempotency-Key"
FORM_FIELD = "idempotency_key"
MAX_KEY = 255
KEEP = timedelta(days=1)


class KeyReused(ApplicationError):
    status_code = 422


def new_form_token() -> str:
    return secrets.token_urlsafe(24)


def request_fingerprint(*, method: str, path: str, fields: dict, files: dict) -> str:
    described = {
        "method": method,
        "path": path,
        "fields": {name: value for name, value in sorted(fields.items())},
        "files": {name: [f.name, f.size] for name, f in sorted(files.items())},
    }
    return hashlib.sha256(json.dumps(described, sort_keys=True, default=str).encode()).hexdigest()


def _stored(*, user, key: str, fingerprint: str) -> IdempotencyKey | None:
    found = IdempotencyKey.objects.filter(user=user, key=key).first()
    if found is not None and found.fingerprint != fingerprint:
        raise KeyReused("This idempotency key was used for a different request.", code="idempotency_key_reused")
    return found


def run_once(*, user, key: str, fingerprint: str, act: Callable[[], tuple[int, dict]]) -> tuple[int, dict, bool]:
    """Runs `act` (returns status and body) once per (user, key); answers (status, body, replayed)."""
    if not key or len(key) > MAX_KEY:
        raise ApplicationError(f"An idempotency key has 1 to {MAX_KEY} characters.", code="invalid")
    found = _stored(user=user, key=key, fingerprint=fingerprint)
    if found is not None:
        return found.status_code, found.body, True
    try:
        with atomic_with_files():
            with transaction.atomic():
                record = IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
            status, body = act()
            record.status_code, record.body = status, body
            record.save(update_fields=["status_code", "body"])
    except IntegrityError:
        # Only the key's insert can collide here: another request with this key committed first.
        found = _stored(user=user, key=key, fingerprint=fingerprint)
        if found is None:
            raise
        return found.status_code, found.body, True
    return status, body, False


def idempotency_keys_expire(*, now=None) -> int:
    """Deletes keys older than KEEP (a retry comes within minutes; a day is ample); answers how many."""
    cutoff = (now or timezone.now()) - KEEP
    return IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]


def _fields(data) -> dict:
    getlist = getattr(data, "getlist", None)
    return {name: (getlist(name) if getlist else data[name]) for name in data if name not in SKIP_FIELDS}


# The CSRF token is masked afresh on every render: a resubmitted form differs in it and nothing else.
SKIP_FIELDS = {"csrfmiddlewaretoken", FORM_FIELD}


def api_run_once(request, act: Callable[[], Response]) -> Response:
    """An API create or upload with the `Idempotency-Key` header acts once; without it, as before."""
    key = request.headers.get(HEADER)
    if key is None or not request.user.is_authenticated:
        return act()  # no key, or a request the view refuses anyway (401/403 store nothing)
    files = request.FILES
    fields = {name: value for name, value in _fields(request.data).items() if name not in files}
    fingerprint = request_fingerprint(method=request.method, path=request.path, fields=fields, files=files)

    def respond() -> tuple[int, dict]:
        response = act()
        return response.status_code, response.data

    status, body, replayed = run_once(user=request.user, key=key, fingerprint=fingerprint, act=respond)
    response = Response(body, status=status)
    response["Idempotent-Replayed"] = "true" if replayed else "false"
    return response


def form_run_once(request, act: Callable[[], dict]) -> dict:
    """A page's POST carrying the hidden token acts once; `act` answers {"location", "message"}."""
    key = request.POST.get(FORM_FIELD, "")
    if not key:
        return act()
    fields = _fields(request.POST)
    fingerprint = request_fingerprint(method="POST", path=request.path, fields=fields, files=request.FILES)
    _, body, _ = run_once(user=request.user, key=key, fingerprint=fingerprint, act=lambda: (302, act()))
    return body
