import logging

from django.template.response import SimpleTemplateResponse

from .errors import ApplicationError, is_database_outage

logger = logging.getLogger(__name__)


class DatabaseOutageMiddleware:
    """Turns refusals and outages on HTML pages into clear answers instead of 500s.

    A database outage answers 503: each service writes in one transaction of its own (there is no
    per-request transaction), which rolled back, and files it stored went with it (core/storage.py),
    so nothing half-written remains. An ApplicationError a service raised answers its 4xx with its message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, ApplicationError):
            response = SimpleTemplateResponse("error.html", {"error": exception}, status=exception.status_code)
            return response.render()
        if is_database_outage(exception):
            logger.error("database unavailable: %s", exception)
            response = SimpleTemplateResponse("503.html", status=503)
            response["Retry-After"] = "30"
            return response.render()
        return None
