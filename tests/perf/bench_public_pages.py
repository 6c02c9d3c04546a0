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

import datetime as dt
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
from tests.perf._common import ROOT, django_setup, write_result

DB = "sllm_bench_public_pages"
PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
SLUG = "bench-2025"
SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = 16
STATIC_BYTES = 22 * 1024


def prepare_env(static_root: Path) -> dict:
    env = {
        "DATABASE_URL": f"{PG}/{DB}",
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


def recreate_database() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB}")


def add_papers(edition, tracks, start: int, stop: int) -> None:
    from sllm.submissions.models import Authorship, Paper

    topics = edition.topics
    papers = Paper.objects.bulk_create(
        Paper(
            edition=edition,
            track=tracks[n % 4 == 0],
            number=n,
            status=Paper.Status.ACCEPTED,
            presentation="oral" if n <= 4 else "poster",
            title=f"Sparse attention for long contexts, part {n} <not a tag> & friends",
            abstract="We prune and quantize large language models. " * 12,
            topics=[topics[n % len(topics)]],
        )
        for n in range(start, stop + 1)
    )
    Authorship.objects.bulk_create(
        Authorship(paper=p, position=i, name=f"Author {p.number}-{i}", institution="Somewhere University")
        for p in papers
        for i in range(1, 4)
    )


def build_program(edition) -> None:
    from sllm.program.demo import TABLE_I, _at
    from sllm.program.models import Room, Session, Slot, Speaker

    rooms = {
        name: Room.objects.create(edition=edition, name=name, order=i)
        for i, name in enumerate(["Main hall", "Poster hall"])
    }
    sessions = {}
    for session_title, kind, title, start, end, room, names, poster_session in TABLE_I:
        if session_title not in sessions:
            sessions[session_title] = Session.objects.create(edition=edition, title=session_title, order=len(sessions))
        slot = Slot.objects.create(
            session=sessions[session_title],
            kind=kind,
            title=title,
            room=rooms[room],
            start=_at(edition, start),
            end=_at(edition, end),
            poster_session=poster_session,
        )
        for name in names:
            slot.speakers.add(Speaker.objects.get_or_create(edition=edition, name=name)[0])


def release(edition) -> None:
    from django.db import transaction

    from sllm.program import services

    with transaction.atomic():
        services.oral_slots_fill(edition=edition)
        services.poster_boards_place(edition=edition)
        services.program_release(edition=edition)


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
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


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

    def worker():
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        n = 0
        while time.monotonic() < stop:
            conn.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""))
            response = conn.getresponse()
            response.read()
            assert response.status == 200
            n += 1
        counts.append(n)

    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / SECONDS


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-public-"))
    static_root = work / "static"
    env = prepare_env(static_root)
    recreate_database()
    django_setup()
    from django.core.management import call_command
    from django.test import Client

    from sllm.website.export import export_site
    from sllm.workshops.models import Edition, Track

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    static_file = static_root / "bench" / "static-22k.css"
    static_file.parent.mkdir(parents=True)
    static_file.write_text(("/* a static file of 22 KB */ .x { color: #123456; }\n" * 500)[:STATIC_BYTES])

    edition = Edition.objects.create(
        slug=SLUG,
        name="Workshop on Sparsity in LLMs (bench)",
        short_name="SLLM bench",
        timezone="Africa/Lagos",
        start_date=dt.date(2026, 4, 27),
        end_date=dt.date(2026, 4, 27),
        venue="Loopback",
        topics=["Mixture of Experts (MoEs) and Modularity", "Parameter Sparsity/Pruning", "Sparsity in Attention"],
    )
    deadline = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)
    tracks = {
        False: Track.objects.create(
            edition=edition, kind="main", name="Main track", page_limit=5, submission_deadline=deadline
        ),
        True: Track.objects.create(
            edition=edition, kind="tiny", name="Tiny Papers", page_limit=2, submission_deadline=deadline
        ),
    }
    build_program(edition)
    client = Client()
    schedule_path, papers_path, paper_path = f"/{SLUG}/schedule/", f"/{SLUG}/papers/", f"/{SLUG}/papers/7/"
    figures = {}
    add_papers(edition, tracks, 1, 10)
    release(edition)
    for label, path in (("schedule", schedule_path), ("papers", papers_path)):
        figures[f"{label}_queries_10_uncached"] = count_queries(client, path, cached=False)
        figures[f"{label}_queries_10_cached"] = count_queries(client, path, cached=True)
    add_papers(edition, tracks, 11, 200)
    release(edition)
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
    check_papers((work / "export" / SLUG / "papers" / "index.html").read_text(), 200)
    assert (work / "export" / SLUG / "papers" / "7" / "index.html").read_bytes() == (
        work / "export-1" / SLUG / "papers" / "7" / "index.html"
    ).read_bytes()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sllm.wsgi",
            "-w",
            "2",
            "-k",
            "sync",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **env},
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                fetch(f"{base}/static/bench/static-22k.css")
                break
            except OSError:
                time.sleep(0.2)
        urls = {
            "static_22k": f"{base}/static/bench/static-22k.css",
            "schedule": f"{base}{schedule_path}",
            "papers": f"{base}{papers_path}",
            "paper": f"{base}{paper_path}",
        }

        def check_all():
            status, body = fetch(urls["static_22k"])
            assert (status, body) == (200, static_file.read_bytes())
            status, body = fetch(urls["schedule"])
            assert status == 200
            check_schedule(body.decode())
            status, body = fetch(urls["papers"])
            assert status == 200
            check_papers(body.decode(), 200)
            status, body = fetch(urls["paper"])
            assert status == 200
            check_paper(body.decode())
            return body

        check_all()
        load = wrk if shutil.which("wrk") else python_load
        figures["load_generator"] = "wrk" if load is wrk else "python"
        # Interleaved rounds, each page against the static file of its own round: the machine's load
        # drifts over a minute, and a ratio measured side by side is what stays comparable.
        rounds = [{name: load(url) for name, url in urls.items()} for _ in range(ROUNDS)]
        check_all()
        figures["rounds"] = ROUNDS
        for name in urls:
            figures[f"{name}_req_per_s"] = round(statistics.median(r[name] for r in rounds), 1)
        figures["papers_page_bytes"] = len(fetch(urls["papers"])[1])
        figures["schedule_page_bytes"] = len(fetch(urls["schedule"])[1])
        figures["paper_page_bytes"] = len(fetch(urls["paper"])[1])
        for name in ("schedule", "papers", "paper"):
            figures[f"{name}_vs_static"] = round(statistics.median(r[name] / r["static_22k"] for r in rounds), 3)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)
        from django.db import connections

        connections.close_all()
        recreate_database_drop()
        shutil.rmtree(work, ignore_errors=True)
    write_result("public_pages", figures)


def recreate_database_drop() -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")


if __name__ == "__main__":
    main()
