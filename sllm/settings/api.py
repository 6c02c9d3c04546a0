"""The REST API (Django REST framework) and its OpenAPI schema (drf-spectacular)."""

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
    # Choice sets that several bodies share (a paper's status, a slot's kind): one named enum each.
    "ENUM_NAME_OVERRIDES": {
        "PaperStatusEnum": "sllm.submissions.models.Paper.Status",
        "SlotKindEnum": "sllm.program.models.Slot.Kind",
        "PaperPresentationEnum": "sllm.submissions.models.Paper.Presentation",
        "DecisionMapPresentationEnum": "sllm.openreview.mapping.decisions.PRESENTATIONS",
    },
    # `check --deploy` also generates the schema: an API view whose bodies it cannot describe (W001/W002) shows
    # there, as `manage.py spectacular --validate --fail-on-warn` shows it.
    "ENABLE_DJANGO_DEPLOY_CHECK": True,
}
