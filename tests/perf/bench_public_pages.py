"""Public pages through gunicorn: requests/s of the schedule and the paper list against a 22 KB static file.

Run from the repository root: `python tests/perf/bench_public_pages.py`. It builds its own PostgreSQL
database (sllm_bench_public_pages) with an edition of 200 accepted papers and a released program,
serves it with gunicorn (2 sync workers, Redis cache on) on loopback, and loads it with wrk
(16 connections; 3 interleaved rounds of 5 s, medians) or, where wrk is missing, a Python load generator: the schedule, the paper list and
one paper page, as anonymous visitors (served by the page cache after the first render). Every page
fetched is checked by its content, before and after the load, not only by its status. Also: SQL
queries per page for 10 and 200 papers (uncached and cached), and the time of `export_site` for the
200-paper edition in one process and in the default number of processes.
"""

import contextlib
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.perf._common import (
    ROOT,
    django_setup,
    edition_create,
    papers_add,
    program_build,
    program_release,
    write_result,
)

DB = "sllm_bench_public_pages"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SLUG = "bench-2025"
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 16
STATIC_BYTES = 22 * 1024
PAPERS_PER_PAGE = 50  # the paper list's page size (sllm/website/views.py)


def prepare_env(static_root: Path, db: str = DB) -> dict:
    env = {
        "DATABASE_URL": f"{PG}/{db}",
        "REDIS_URL": REDIS,
        "USE_REDIS_CACHE": "1",
        "DEBUG": "0",
        # DEBUG=0 refuses the demo key: the benchmark's servers get a throwaway one.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(static_root.parent / "media"),
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "http://127.0.0.1:8000",
    }
    os.environ.update(env)
    return env


def recreate_database(db: str = DB) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {db}")


def site_prepare(static_root: Path) -> Path:
    """Migrates, collects the static files and writes the static file the pages are measured against."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    static_file = static_root / "bench" / "static-22k.css"
    static_file.parent.mkdir(parents=True)
    static_file.write_text(("/* a static file of 22 KB */ .x { color: #123456; }\n" * 500)[:STATIC_BYTES])
    return static_file


def count_queries(client, url: str, *, cached: bool) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sllm.core.sitecache import site_cache_bump
    from sllm.workshops.models import Edition

    site_cache_bump(Edition.objects.get(slug=SLUG))
    if cached:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured)


def check_schedule(body: str) -> None:
    titles = re.findall(r'<h3 class="slot-title">(.*?)</h3>', body)
    assert len(titles) == 19 and "Invited talk 1" in titles[2], titles[:4]
    assert body.rstrip().endswith("</html>")


def check_papers(body: str, expected: int) -> None:
    assert len(re.findall(r'<li class="paper-item">', body)) == expected
    # Titles hold a literal "<": it must arrive escaped, not rewritten or lost.
    assert body.count("part 7 &lt;not a tag&gt; &amp; friends") == 1
    assert body.rstrip().endswith("</html>")


def check_paper(body: str) -> None:
    assert re.findall(r"<h1>(.*?)</h1>", body) == [
        "Sparse attention for long contexts, part 7 &lt;not a tag&gt; &amp; friends"
    ]
    assert body.rstrip().endswith("</html>")


def fetch(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.status, response.read()


def fetch_page(url: str) -> str:
    status, body = fetch(url)
    assert status == 200, (url, status)
    return body.decode()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str) -> float:
    done = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Non-2xx" not in done.stdout, done.stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", done.stdout).group(1))


def python_load(url: str) -> float:
    """A fallback load generator: CONNECTIONS threads with keep-alive connections for SECONDS."""
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    stop = time.monotonic() + SECONDS
    counts = []

    target = parts.path + (f"?{parts.query}" if parts.query else "")

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        n = 0
        while time.monotonic() < stop:
            try:
                conn.request("GET", target)
                response = conn.getresponse()
                response.read()
            except (ConnectionError, http.client.RemoteDisconnected):
                # A gunicorn worker restarting after max_requests closes its keep-alive connections, as a
                # browser would see; reconnect, counting only answered requests.
                conn.close()
                conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
                continue
            assert response.status == 200
            n += 1
        conn.close()
        counts.append(n)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / SECONDS


@contextlib.contextmanager
def gunicorn_serving(env: dict, options: list[str]):
    """gunicorn with `options` on a free loopback port, until the static file answers; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "sllm.wsgi", *options, "-b", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**os.environ, **env},
        start_new_session=True,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                fetch(f"{base}/static/bench/static-22k.css")
                break
            except OSError:
                assert server.poll() is None, "gunicorn did not start"
                time.sleep(0.2)
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


WARM_UP_REQUESTS = 20


def warmed(load, url: str) -> float:
    """`load(url)` after a few untimed requests: the shipped config restarts a worker after max_requests,
    and the static round, fastest of all, is what makes them reach it; without a warm-up the fresh
    workers' first requests (templates, URL patterns, connections) would be charged to the next page."""
    for _ in range(WARM_UP_REQUESTS):
        fetch(url)
    return load(url)


def load_rounds(urls: dict, figures: dict, baseline: str = "static_22k") -> None:
    """Interleaved rounds, each page against the static file of its own round: the machine's load drifts
    over a minute, and a ratio measured side by side is what stays comparable."""
    load = wrk if shutil.which("wrk") else python_load
    figures["load_generator"] = "wrk" if load is wrk else "python"
    rounds = [{name: warmed(load, url) for name, url in urls.items()} for _ in range(ROUNDS)]
    figures["rounds"] = ROUNDS
    for name in urls:
        figures[f"{name}_req_per_s"] = round(statistics.median(r[name] for r in rounds), 1)
    for name in urls:
        if name != baseline:
            figures[f"{name}_vs_static"] = round(statistics.median(r[name] / r[baseline] for r in rounds), 3)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-public-"))
    static_root = work / "static"
    env = prepare_env(static_root)
    recreate_database()
    django_setup()
    from django.test import Client

    from sllm.website.export import export_site

    static_file = site_prepare(static_root)
    edition, tracks = edition_create(SLUG)
    program_build(edition)
    client = Client()
    schedule_path, papers_path, paper_path = f"/{SLUG}/schedule/", f"/{SLUG}/papers/", f"/{SLUG}/papers/7/"
    figures = {}
    papers_add(edition, tracks, 1, 10)
    program_release(edition)
    for label, path in (("schedule", schedule_path), ("papers", papers_path)):
        figures[f"{label}_queries_10_uncached"] = count_queries(client, path, cached=False)
        figures[f"{label}_queries_10_cached"] = count_queries(client, path, cached=True)
    papers_add(edition, tracks, 11, 200)
    program_release(edition)
    for label, path in (("schedule", schedule_path), ("papers", papers_path)):
        figures[f"{label}_queries_200_uncached"] = count_queries(client, path, cached=False)
        figures[f"{label}_queries_200_cached"] = count_queries(client, path, cached=True)
        assert figures[f"{label}_queries_10_uncached"] == figures[f"{label}_queries_200_uncached"], figures

    started = time.perf_counter()
    counts = export_site(edition=edition, out=work / "export-1", jobs=1)
    figures["export_200_papers_seconds_1_process"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    counts = export_site(edition=edition, out=work / "export")
    figures["export_200_papers_seconds"] = round(time.perf_counter() - started, 2)
    figures["export_processes"] = min(os.cpu_count() or 1, 4)
    figures["export_pages"] = counts["pages"]
    check_papers((work / "export" / SLUG / "papers" / "index.html").read_text(), PAPERS_PER_PAGE)
    assert (work / "export" / SLUG / "papers" / "7" / "index.html").read_bytes() == (
        work / "export-1" / SLUG / "papers" / "7" / "index.html"
    ).read_bytes()

    try:
        with gunicorn_serving(env, ["-w", "2", "-k", "sync", "--log-level", "warning"]) as base:
            urls = {
                "static_22k": f"{base}/static/bench/static-22k.css",
                "schedule": f"{base}{schedule_path}",
                "papers": f"{base}{papers_path}",
                "paper": f"{base}{paper_path}",
            }

            def check_all():
                assert fetch(urls["static_22k"]) == (200, static_file.read_bytes())
                check_schedule(fetch_page(urls["schedule"]))
                check_papers(fetch_page(urls["papers"]), PAPERS_PER_PAGE)
                check_paper(fetch_page(urls["paper"]))

            check_all()
            load_rounds(urls, figures)
            check_all()
            for name in ("papers", "schedule", "paper"):
                figures[f"{name}_page_bytes"] = len(fetch(urls[name])[1])
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database_drop()
        shutil.rmtree(work, ignore_errors=True)
    write_result("public_pages", figures)


def recreate_database_drop(db: str = DB) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")


if __name__ == "__main__":
    main()
