import os

from django.core.wsgi import get_wsgi_application

# The project's Celery app becomes the current one, so services can enqueue jobs by their task names.
import tasks  # noqa: F401 -- imported for that side effect

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sllm.settings")
application = get_wsgi_application()

# After the setup above: gunicorn runs no system checks, so the served application checks its key itself.
from sllm.core.checks import require_secret_key  # noqa: E402 -- needs the apps loaded by get_wsgi_application

require_secret_key()
