"""Who may sign in and how: accounts, login lockouts, passwords, cookies, TLS behind the proxy, CSP."""

import datetime as dt

from django.utils.csp import CSP

from sllm.settings.env import env_bool, env_int, env_list

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

# How many proxies of ours stand before gunicorn, each appending to X-Forwarded-For (1 behind deploy/'s
# nginx, 0 when gunicorn faces the clients). Every rate limit finds the client address by it.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
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
