"""A web worker starts without the heavy libraries: they load with the code paths that use them.

The checks run in a fresh interpreter, as a gunicorn worker starts: the WSGI application and every URL
module (every view and API, which is what the first request imports), then the public pages a visitor
opens first. ruff's TID253 keeps these libraries out of module level outside their gateways; these tests
keep the gateways themselves (and libraries that pull one in, as openpyxl does NumPy) from being loaded
at start, which the linter cannot see.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.db import connection

from tests import factories

ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "numpy",
    "sklearn",
    "scipy",
    "matplotlib",
    "pymupdf",
    "fitz",
    "openreview",
    "pikepdf",
    "weasyprint",
    "torch",
    "openpyxl",
)

START = """
import json, sys
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
import sllm.urls
from django.urls import get_resolver
get_resolver().url_patterns  # resolves every included URL module, as the first request does
"""

# What gunicorn does for each request: the shipped WSGI application (sllm.wsgi) answers a plain GET.
SERVE = """
import io, json, sys
from wsgiref.util import setup_testing_defaults
from sllm.wsgi import application
statuses = {}
for path in sys.argv[1:]:
    environ = {"PATH_INFO": path, "wsgi.errors": io.StringIO()}
    setup_testing_defaults(environ)
    answer = []
    body = application(environ, lambda status, headers, exc_info=None: answer.append(status))
    b"".join(body)
    statuses[path] = answer[0]
"""

LOADED = f"print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)))"


def _run(code: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sllm.settings", "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-W", "ignore", "-c", code, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_web_worker_starts_without_heavy_libraries():
    result = _run(START + LOADED)

    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == []


def test_serving_the_public_pages_loads_no_heavy_library(transactional_db):
    edition = factories.EditionFactory(is_public=True)
    factories.TrackFactory(edition=edition)
    db = connection.settings_dict
    env = {
        # The test database, where the edition above is committed.
        "DATABASE_URL": f"postgres://{db['USER'] or 'postgres'}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        # The served application refuses the repository's placeholder key outside DEBUG.
        "SECRET_KEY": secrets.token_urlsafe(50),
        # Unhashed static names: no collectstatic in a test run.
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    pages = ["/", f"/{edition.slug}/", f"/{edition.slug}/papers/", f"/{edition.slug}/schedule/"]

    result = _run(SERVE + "print(json.dumps(statuses))\n" + LOADED, *pages, env=env)

    assert (result.returncode, result.stderr) == (0, "")
    statuses, loaded = (json.loads(line) for line in result.stdout.splitlines())
    assert statuses == {
        "/": "302 Found",
        f"/{edition.slug}/": "200 OK",
        f"/{edition.slug}/papers/": "200 OK",
        f"/{edition.slug}/schedule/": "200 OK",
    }
    assert loaded == []
