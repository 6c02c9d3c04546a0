"""The outside services: health checks and metrics, error reports, mail, OpenReview."""

from sllm.settings.env import env_bool, env_int, env_list, env_str

# /healthz: each check gets this long before it counts as failed; the queues that need a live worker.
HEALTH_CHECK_TIMEOUT_S = float(env_str("HEALTH_CHECK_TIMEOUT_S", "2"))
HEALTH_REQUIRED_QUEUES = env_list("HEALTH_REQUIRED_QUEUES", "default,sync,pdf")
# /metrics answers a scraper sending `Authorization: Bearer <METRICS_TOKEN>`; without a token, loopback only.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# Error reports go to Sentry (or any Sentry-compatible service) only when a DSN is set.
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0"))

EMAIL_BACKEND_PATH = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": EMAIL_BACKEND_PATH,
        "OPTIONS": (
            {
                "host": env_str("EMAIL_HOST", "localhost"),
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER", ""),
                "password": env_str("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", False),
                "timeout": env_int("EMAIL_TIMEOUT", 10),
            }
            if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
# A message that failed this many times is marked dead, with the reason, instead of retried again.
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SLLM workshop <noreply@sllm.example.org>")

OPENREVIEW_BASEURL = env_str("OPENREVIEW_BASEURL", "https://api2.openreview.net")
OPENREVIEW_USERNAME = env_str("OPENREVIEW_USERNAME", "")
OPENREVIEW_PASSWORD = env_str("OPENREVIEW_PASSWORD", "")
# Ask for a token that outlives the longest sync, so a run rarely has to log in again midway.
OPENREVIEW_TOKEN_EXPIRES_S = env_int("OPENREVIEW_TOKEN_EXPIRES_S", 4 * 3600)
OPENREVIEW_RETRIES = env_int("OPENREVIEW_RETRIES", 8)
OPENREVIEW_BACKOFF_S = float(env_str("OPENREVIEW_BACKOFF_S", "2"))
OPENREVIEW_BACKOFF_MAX_S = float(env_str("OPENREVIEW_BACKOFF_MAX_S", "120"))
OPENREVIEW_RETRY_AFTER_MAX_S = float(env_str("OPENREVIEW_RETRY_AFTER_MAX_S", "300"))
OPENREVIEW_TIMEOUT_S = float(env_str("OPENREVIEW_TIMEOUT_S", "60"))
# How long an invitation's claim link, and a mailed address-verification link, stay usable.
INVITATION_LINK_MAX_AGE_S = env_int("INVITATION_LINK_MAX_AGE_S", 30 * 24 * 3600)
EMAIL_VERIFY_MAX_AGE_S = env_int("EMAIL_VERIFY_MAX_AGE_S", 3 * 24 * 3600)
# The sync also fetches each active paper's PDF (only when OpenReview's copy changed).
OPENREVIEW_FETCH_PDFS = env_bool("OPENREVIEW_FETCH_PDFS", True)
# Where people read a forum (the API host is not a page): the public paper page links it.
OPENREVIEW_SITE_URL = env_str("OPENREVIEW_SITE_URL", "https://openreview.net")
