"""Settings for every environment, read from the environment through a few typed helpers.

Nothing here is production-only: the demo, the tests and production differ only in the environment
they pass (see deploy/env.example).
"""

import datetime as dt
import json
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    # NAME_FILE lets secrets come from a mounted file (systemd credentials, container secrets).
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text().strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return default if value in (None, "") else int(value)


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# The fallback key signs only test and DEBUG sessions: with DEBUG=0 the platform refuses to start with it
# (sllm/core/checks.py); `make demo` generates a key file of its own, production sets SECRET_KEY_FILE.
SECRET_KEY = env_str("SECRET_KEY", "insecure-demo-key-set-SECRET_KEY-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "axes",
    "drf_spectacular_sidecar",
    "sllm.core",
    "sllm.accounts",
    "sllm.signup",
    "sllm.workshops",
    "sllm.submissions",
    "sllm.reviewing",
    "sllm.openreview",
    "sllm.mentoring",
    "sllm.program",
    "sllm.artifacts",
    "sllm.proceedings",
    "sllm.mail",
    "sllm.grants",
    "sllm.news",
    "sllm.live",
    "sllm.ops",
    "sllm.exports",
    "sllm.reminders",
    "sllm.website",
    # Above every other app: loads the demo edition through each app's own demo module.
    "sllm.demo",
    # The Celery app (tasks/celery.py) loads with Django, so services can enqueue jobs by name.
    "tasks",
]

MIDDLEWARE = [
    # First, so every answer carries its request id and every 500 leaves one JSON line (ops app).
    "sllm.ops.middleware.RequestIdMiddleware",
    # Request rates and latencies per view, and database queries per request, for /metrics.
    "sllm.ops.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous public pages come from here, before sessions, auth, CSRF and URL resolving (website app).
    "sllm.website.middleware.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "sllm.core.middleware.DatabaseOutageMiddleware",
    # Answers a locked-out login (the form, the admin, the token endpoint) with our lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sllm.urls"
WSGI_APPLICATION = "sllm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Tests and production run on PostgreSQL; `make demo` passes a SQLite URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sllm"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A hung or unreachable database must fail fast (answered as 503), not hold a worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int("DB_CONNECT_TIMEOUT", 3)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a login while the account or the client address is locked out.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
# Two separate limits: per account (whoever tries it) and per client address (whatever account).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A lockout ends by itself, so the real owner is never shut out for good; a password reset also works.
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
# Every login form here (ours, the admin's, the token endpoint) names the email field `username`.
AXES_USERNAME_FORM_FIELD = "username"
AXES_CLIENT_IP_CALLABLE = "sllm.accounts.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "sllm.accounts.lockout.lockout_response"
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "website:home"
LOGOUT_REDIRECT_URL = "website:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if env_bool("FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / env_str("STATIC_ROOT", "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env_str("DEFAULT_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": env_str("STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage")
    },
}
# Object storage shared by every web and worker host: DEFAULT_FILE_STORAGE=storages.backends.s3.S3Storage
# (django-storages) with these; credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY as boto3 reads them.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
# Private objects: downloads go through the platform's views (which check access), streamed from the bucket.
AWS_DEFAULT_ACL = None
AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 600)

# Backups (manage.py backup, and the beat job) go to this storage: a folder by default, object storage
# (e.g. BACKUP_STORAGE=storages.backends.s3.S3Storage with BACKUP_STORAGE_OPTIONS as JSON) in production.
BACKUP_STORAGE = env_str("BACKUP_STORAGE", "django.core.files.storage.FileSystemStorage")
STORAGES["backups"] = {
    "BACKEND": BACKUP_STORAGE,
    "OPTIONS": (
        {"location": env_str("BACKUP_ROOT", str(BASE_DIR / "backups"))}
        if BACKUP_STORAGE.endswith("FileSystemStorage")
        else json.loads(env_str("BACKUP_STORAGE_OPTIONS", "{}"))
    ),
}
# The beat job's period (0 turns it off) and how many complete backups it keeps in that storage.
BACKUP_EVERY_S = env_int("BACKUP_EVERY_S", 24 * 3600)
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
# Uploads above this many bytes stream to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_PDF_BYTES = env_int("MAX_PDF_BYTES", 25 * 1024 * 1024)
# Sparse checkpoints stream to storage through temporary files; this bounds one upload.
MAX_CHECKPOINT_BYTES = env_int("MAX_CHECKPOINT_BYTES", 50 * 1024**3)
# Resumable checkpoint uploads stage their chunks here until the last byte arrives (sllm/artifacts/uploads.py);
# a volume every web host mounts when chunks of one upload may reach different hosts.
UPLOAD_STAGING_DIR = Path(env_str("UPLOAD_STAGING_DIR", str(BASE_DIR / "upload-staging")))

REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# How many proxies of ours stand before gunicorn, each appending to X-Forwarded-For (1 behind deploy/'s
# nginx, 0 when gunicorn faces the clients). Every rate limit finds the client address by it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Short socket timeouts: a hung Redis must never hang a web request.
REDIS_SOCKET_TIMEOUT = float(env_str("REDIS_SOCKET_TIMEOUT", "2"))
# The page cache and rate-limit counters: in production a Redis of its own, apart from the Celery broker
# (deploy/env.example), and read through a serializer that unpickles only values this platform signed.
CACHE_REDIS_URL = env_str("CACHE_REDIS_URL", REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CACHE_REDIS_URL,
        "OPTIONS": {
            "serializer": "sllm.core.cacheserializer.SignedPickleSerializer",
            "socket_timeout": REDIS_SOCKET_TIMEOUT,
            "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
        },
    }
    if env_bool("USE_REDIS_CACHE", True)
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# Whole-page caching of anonymous public pages (website app); off renders every page from the database
# (the uncached-pages benchmark, or looking into a page that seems stale).
PUBLIC_PAGE_CACHE = env_bool("PUBLIC_PAGE_CACHE", True)

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"socket_timeout": REDIS_SOCKET_TIMEOUT}
# Every job has a stated time limit (seconds): this default, a family's entry below, or its own decorator
# (checkpoint verification 3 h + 60 s, the benchmark 2 h 20 min: tasks/artifacts.py). A job past its soft
# limit raises SoftTimeLimitExceeded in its code; past the hard limit its worker process is killed.
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 29 * 60
JOB_TIME_LIMITS = {
    "sllm.openreview.sync_venue": 30 * 60,  # sync: a venue of a few thousand notes
    "sllm.votes.tally": 10 * 60,  # tally: Schulze over a few hundred candidates
    "sllm.proceedings.build_volume": 60 * 60,  # proceedings build: the whole volume through WeasyPrint
    "sllm.mail.send_outbox_message": 2 * 60,  # mail: one SMTP conversation
}
CELERY_TASK_ANNOTATIONS = {
    name: {"time_limit": limit, "soft_time_limit": limit - 60} for name, limit in JOB_TIME_LIMITS.items()
}
# Redis hands an unacknowledged message (acks_late) to another worker after the visibility timeout, so it
# must exceed the longest job (3 h + 60 s), or a long job still running is delivered twice.
LONGEST_JOB_TIME_LIMIT = 3 * 3600 + 60
CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] = LONGEST_JOB_TIME_LIMIT + 30 * 60
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS["visibility_timeout"] = LONGEST_JOB_TIME_LIMIT + 30 * 60
# Each job family has its own queue so slow PDF builds or GPU runs never delay a sync.
CELERY_TASK_ROUTES = {
    "sllm.openreview.*": {"queue": "sync"},
    "sllm.proceedings.*": {"queue": "pdf"},
    "sllm.mail.*": {"queue": "default"},
}
# The periodic schedule, as code. Apps add their entries here.
CELERY_BEAT_SCHEDULE: dict = {}
# Keeps every linked edition current with its OpenReview venue (the sync writes nothing when nothing changed).
CELERY_BEAT_SCHEDULE["sllm.openreview.sync_all"] = {"task": "sllm.openreview.sync_all", "schedule": 3600.0}
# Invitations OpenReview refused (rate limit, outage) are sent again.
CELERY_BEAT_SCHEDULE["sllm.openreview.retry_invitations"] = {
    "task": "sllm.openreview.retry_invitations",
    "schedule": 1800.0,
}
# Hands mail still unsent after a mail server or broker outage back to the mail job.
CELERY_BEAT_SCHEDULE["sllm.mail.requeue_unsent"] = {"task": "sllm.mail.requeue_unsent", "schedule": 300.0}
# Opens the oral vote once every review is in; closes votes at their deadline and reruns unfinished tallies.
CELERY_BEAT_SCHEDULE["sllm.votes.open_ready"] = {"task": "sllm.votes.open_ready", "schedule": 900.0}
CELERY_BEAT_SCHEDULE["sllm.votes.close_due"] = {"task": "sllm.votes.close_due", "schedule": 300.0}
# Forgets idempotency keys older than a day (sllm/core/idempotency.py): retries come within minutes.
CELERY_BEAT_SCHEDULE["sllm.core.expire_idempotency_keys"] = {
    "task": "sllm.core.expire_idempotency_keys",
    "schedule": 3600.0,
}

# Workers and beat write a heartbeat this often; /healthz calls one older than HEARTBEAT_STALE_S gone.
CELERY_BEAT_SCHEDULER = "tasks.heartbeat:HeartbeatScheduler"
HEARTBEAT_INTERVAL_S = env_int("HEARTBEAT_INTERVAL_S", 30)
HEARTBEAT_STALE_S = env_int("HEARTBEAT_STALE_S", 90)
if BACKUP_EVERY_S:
    CELERY_BEAT_SCHEDULE["sllm.ops.backup"] = {"task": "sllm.ops.backup", "schedule": float(BACKUP_EVERY_S)}

# /healthz: each check gets this long before it counts as failed; the queues that need a live worker.
HEALTH_CHECK_TIMEOUT_S = float(env_str("HEALTH_CHECK_TIMEOUT_S", "2"))
HEALTH_REQUIRED_QUEUES = env_list("HEALTH_REQUIRED_QUEUES", "default,sync,pdf")
# /metrics answers a scraper sending `Authorization: Bearer <METRICS_TOKEN>`; without a token, loopback only.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# Error reports go to Sentry (or any Sentry-compatible service) only when a DSN is set.
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
SENTRY_TRACES_SAMPLE_RATE = float(env_str("SENTRY_TRACES_SAMPLE_RATE", "0"))


# Reminders (late reviews, uploads, the closing vote, the mentoring kick-off): each goes once, when due.
CELERY_BEAT_SCHEDULE["sllm.reminders.send_due"] = {"task": "sllm.reminders.send_due", "schedule": 900.0}

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

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "sllm.core.pagination.DefaultPagination",
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "sllm.core.errors.api_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SLLM workshop platform API",
    "DESCRIPTION": "Editions, tracks, papers and the workshop's other records.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Uploads are multipart files and answers carry read-only fields: describe requests and answers apart.
    "COMPONENT_SPLIT_REQUEST": True,
    # From our static files, not a CDN: the Content-Security-Policy allows scripts from 'self' only.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # `check --deploy` is about the deployment; the schema's gaps (APIViews without serializers: W001/W002)
    # are documentation work, listed by `manage.py spectacular --validate`, not a reason to block a deploy.
    "ENABLE_DJANGO_DEPLOY_CHECK": False,
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# TLS ends at deploy/'s nginx, which says so in X-Forwarded-Proto; believed only behind our own proxy.
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Django 6's Content-Security-Policy: scripts and styles only from our own origin, no inline code or
# handlers anywhere (templates load static/js and static/css files); nothing may frame the site.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "media-src": [CSP.SELF, "https:"],
    "frame-src": env_list("CSP_FRAME_SRC", "https://www.youtube-nocookie.com,https://player.vimeo.com"),
    "frame-ancestors": [CSP.NONE],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
}
# Swagger UI (the API docs page only) sets inline styles from its own script; its scripts stay 'self'.
API_DOCS_CSP = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter", "timestamp": True}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # pikepdf announces itself at INFO on import, which would break the JSON that offline commands print on stderr.
        "pikepdf": {"level": "WARNING"},
        # One JSON line per server error, with the request id the error page shows (ops app).
        "sllm.errors": {"handlers": ["json"], "level": "ERROR", "propagate": False},
    },
}
