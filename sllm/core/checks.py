"""Start-up checks: the platform refuses to serve in production with a key anyone can read.

A key from the repository (the demo fallback, env.example's placeholder, Django's `django-insecure-`
keys) signs sessions, password resets and the ballots' keyed hashes: with it, anyone forges them. The
WSGI application checks it when it loads (sllm/wsgi.py), which is how both gunicorn and runserver start,
and `check --deploy` reports it. Offline commands (check_pdf, tally, verify_checkpoint ...) never need
a key and run anywhere.
"""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

# The key the settings fall back to: it may sign sessions of a DEBUG run, never of a served site.
DEMO_SECRET_KEY = "insecure-demo-key-set-SECRET_KEY-in-production"
PLACEHOLDER_PREFIXES = ("change-me", "django-insecure-", "insecure-", "replace-", "your-")
MIN_LENGTH = 50
MIN_DISTINCT = 5


def secret_key_problem(key: str) -> str | None:
    """Why `key` must not sign a production site, or None."""
    if not key:
        return "SECRET_KEY is missing."
    if key == DEMO_SECRET_KEY or key.lower().startswith(PLACEHOLDER_PREFIXES):
        return "SECRET_KEY is the demo key or a placeholder from the repository."
    if len(key) < MIN_LENGTH or len(set(key)) < MIN_DISTINCT:
        return f"SECRET_KEY is too short or too plain (at least {MIN_LENGTH} characters, {MIN_DISTINCT} distinct)."
    return None


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs):
    problem = None if settings.DEBUG else secret_key_problem(settings.SECRET_KEY)
    if problem is None:
        return []
    return [
        checks.Error(
            f"{problem} The platform does not start with DEBUG=0 without a real key.",
            hint="Write one with python -c 'import secrets; print(secrets.token_urlsafe(50))' to a file "
            "and point SECRET_KEY_FILE at it (deploy/env.example); `make demo` generates its own.",
            id="sllm.E001",
        )
    ]


def require_secret_key() -> None:
    """Raises ImproperlyConfigured where the check fails: for servers, which run no system checks."""
    errors = check_secret_key()
    if errors:
        raise ImproperlyConfigured(f"{errors[0].msg} {errors[0].hint}")
