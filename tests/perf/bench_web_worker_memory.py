"""Memory of one web worker after start-up: gunicorn with the shipped config (deploy/gunicorn.conf.py).

Two workers start; once each has answered a request (which resolves every URL module, so every view and
API is imported), the RSS of each worker is read from /proc, and the heavy libraries found loaded in a
fresh interpreter doing the same imports are listed. The goal is <= 150 MiB a worker.

Run from the repository root: python tests/perf/bench_web_worker_memory.py
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, write_result

WORKERS = 2
REQUESTS = 20  # enough for both workers to have served one
HEAVY = ("sklearn", "scipy", "numpy", "matplotlib", "pymupdf", "openreview", "pikepdf", "weasyprint", "torch")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def hit(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def loaded_libraries() -> list[str]:
    probe = (
        "import json, sys\nfrom django.core.wsgi import get_wsgi_application\nget_wsgi_application()\n"
        "from django.urls import get_resolver\nget_resolver().url_patterns\n"
        f"print(json.dumps(sorted(n for n in {HEAVY!r} if n in sys.modules)))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sllm.settings", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True
    )
    return json.loads(out.stdout)


def main() -> None:
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sllm.settings",
        "PYTHONPATH": str(ROOT),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(WORKERS),
        "DEBUG": "0",
        # The shipped web process refuses to start with DEBUG=0 on the repository's placeholder key.
        "SECRET_KEY": secrets.token_urlsafe(50),
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "sllm.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        started = time.perf_counter()
        url = f"http://127.0.0.1:{port}/bench-no-such-page/"
        for _ in range(300):
            try:
                hit(url)
                break
            except OSError:
                time.sleep(0.1)
        ready_s = time.perf_counter() - started
        statuses = {hit(url) for _ in range(REQUESTS)}
        time.sleep(0.5)
        workers = children(server.pid)
        worker_rss = [round(rss_mib(pid), 1) for pid in workers]
        master_rss = round(rss_mib(server.pid), 1)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    write_result(
        "web_worker_memory",
        {
            "workers": len(worker_rss),
            "worker_rss_mib": worker_rss,
            "worker_rss_mib_max": max(worker_rss),
            "master_rss_mib": master_rss,
            "first_answer_after_s": round(ready_s, 2),
            "statuses_seen": sorted(statuses),
            "heavy_libraries_loaded_at_start": loaded_libraries(),
            "goal_worker_rss_mib": 150,
        },
    )


if __name__ == "__main__":
    main()
