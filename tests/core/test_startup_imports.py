"""A web worker starts without the heavy libraries: they load with the code paths that use them.

The check runs in a fresh interpreter, as a gunicorn worker starts: the WSGI application and every URL
module (every view and API, which is what the first request imports). ruff's TID253 keeps these libraries
out of module level outside their gateways; this test keeps the gateways themselves from loading them at
import, which the linter cannot see.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "scipy", "matplotlib", "pymupdf", "fitz", "openreview", "pikepdf", "weasyprint", "torch")

PROBE = f"""
import json, sys
from django.core.wsgi import get_wsgi_application
get_wsgi_application()
import sllm.urls
from django.urls import get_resolver
get_resolver().url_patterns  # resolves every included URL module, as the first request does
print(json.dumps(sorted(name for name in {HEAVY!r} if name in sys.modules)))
"""


def test_a_web_worker_starts_without_heavy_libraries():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sllm.settings", "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )

    assert (result.returncode, result.stderr) == (0, "")
    assert json.loads(result.stdout) == []
