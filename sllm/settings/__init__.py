"""Settings for every environment, read from the environment through a few typed helpers (env.py).

Nothing here is production-only: the demo, the tests and production differ only in the environment
they pass (see deploy/env.example). `DJANGO_SETTINGS_MODULE=sllm.settings` names this package; each
theme lives in a module of its own; each imports by name what it builds on, so their order here is free.
"""

from sllm.settings.api import *  # noqa: F403
from sllm.settings.base import *  # noqa: F403
from sllm.settings.celery import *  # noqa: F403
from sllm.settings.database import *  # noqa: F403
from sllm.settings.env import *  # noqa: F403
from sllm.settings.integrations import *  # noqa: F403
from sllm.settings.security import *  # noqa: F403
from sllm.settings.storage import *  # noqa: F403
