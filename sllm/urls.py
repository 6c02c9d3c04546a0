from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from sllm.signup.urls import password_reset

# Every app owns its paths (pages and /api/v1/...) in its own urls.py.
APPS = [
    "signup",
    "workshops",
    "submissions",
    "reviewing",
    "reviewing.votes",
    "reviewing.decisions",
    "openreview",
    "mentoring",
    "program",
    "artifacts",
    "proceedings",
    "mail",
    "grants",
    "news",
    "live",
    "ops",
    "exports",
    "reminders",
]

handler404 = "sllm.core.errors.not_found"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    password_reset,
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path(
        "api/docs/",
        csp_override(settings.API_DOCS_CSP)(SpectacularSwaggerSplitView.as_view(url_name="schema")),
        name="api-docs",
    ),
    *[path("", include(f"sllm.{app}.urls")) for app in APPS],
    # The public site comes last: its /<edition>/... paths catch what nothing else claimed.
    path("", include("sllm.website.urls")),
]

# Shows the request id of the failed request, which the JSON error line and the error report carry.
handler500 = "sllm.ops.views.server_error_view"
