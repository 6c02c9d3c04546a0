"""The platform itself: debug and hosts, the apps and their middleware, templates, language, logging."""

from sllm.settings.env import BASE_DIR, env_bool, env_list, env_str

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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

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
