"""Benchmark of the OpenReview sync: a generated venue of 2,000 submissions, 6,000 reviews and 10,000 edges
(6,000 assignments, 4,000 conflicts) served by the stand-in in its own process.

Figures: requests and SQL queries per sync, wall time of the first (full) sync and of a second sync with
no change, the rows each wrote (the second must write 0), and the process's peak memory (max RSS).
Nothing traces the timed syncs (tracemalloc slowed the first one about twofold). The baseline, measured
in the same run, is the bare download: the same requests through openreview-py with nothing mapped or
stored; the sync's overhead is its ratio to that.

Run from the repository root: python tests/perf/bench_openreview_sync.py
It uses a PostgreSQL database of its own (sllm_bench_openreview_sync), created and dropped here.
"""

import os
import resource
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import ROOT, django_setup, write_result

SUBMISSIONS = 2_000
REVIEWS_PER_PAPER = 3
CONFLICTS = 4_000
BENCH_DB = "sllm_bench_openreview_sync"


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sllm")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB}"))


def recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    admin = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
        conn.execute(f'CREATE DATABASE "{BENCH_DB}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}"')


def start_standin(fixtures: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "sllm.openreview.standin", "--port", "0", "--fixtures", str(fixtures)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    url = process.stdout.readline().strip()
    return process, url


@contextmanager
def counting_queries():
    """Counts the SQL statements run inside the block: the sync's cost must not grow per row."""
    from django.db import connection

    seen = {"queries": 0}

    def count(execute, sql, params, many, context):
        seen["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield seen


def bare_download(url: str, venue_id: str) -> float:
    """The baseline: the sync's reads through the bare client, nothing mapped or stored."""
    import openreview

    from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD

    started = time.perf_counter()
    client = openreview.api.OpenReviewClient(baseurl=url, username=PC_EMAIL, password=PC_PASSWORD)
    client.get_group(venue_id)
    client.get_all_notes(invitation=f"{venue_id}/-/Submission", details="replies", domain=venue_id)
    client.get_all_groups(prefix=f"{venue_id}/Submission")
    for name in ("Reviewers", "Area_Chairs"):
        client.get_group(f"{venue_id}/{name}")
        for kind in ("Assignment", "Conflict"):
            client.get_all_edges(invitation=f"{venue_id}/{name}/-/{kind}")
    client.get_invitation(f"{venue_id}/-/Official_Review")
    return time.perf_counter() - started


def main() -> None:
    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
    recreate_database(url)
    django_setup()
    from django.core.management import call_command

    from sllm.openreview.client import OpenReviewGateway
    from sllm.openreview.services import venue_sync
    from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD, generate_venue

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    venue = generate_venue(submissions=SUBMISSIONS, reviews_per_paper=REVIEWS_PER_PAPER, conflicts=CONFLICTS)
    entities = venue.entities()
    counts = {kind: len(items) for kind, items in entities.items()}
    reviews = sum(1 for n in entities["notes"] if n["invitations"][0].endswith("Official_Review"))
    generated_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory() as folder:
        process, standin_url = start_standin(venue.write(folder))
        try:
            baseline_s = min(bare_download(standin_url, venue.venue_id) for _ in range(2))

            def gateway():
                return OpenReviewGateway(baseurl=standin_url, username=PC_EMAIL, password=PC_PASSWORD)

            with counting_queries() as first_queries:
                started = time.perf_counter()
                first = venue_sync(slug="bench", venue_id=venue.venue_id, gateway_factory=gateway)
                first_s = time.perf_counter() - started
            with counting_queries() as second_queries:
                started = time.perf_counter()
                second = venue_sync(slug="bench", venue_id=venue.venue_id, gateway_factory=gateway)
                second_s = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=10)
    drop_database(url)
    assert first.status == second.status == "succeeded", (first.error, second.error)
    assert second.rows_written == 0, second.counts
    edges = counts["edges"]
    write_result(
        "openreview_sync",
        {
            "submissions": SUBMISSIONS,
            "reviews": reviews,
            "edges": edges,
            "venue_generation_s": round(generated_s, 2),
            "requests_full_sync": first.requests,
            "requests_second_sync": second.requests,
            "queries_full_sync": first_queries["queries"],
            "queries_second_sync": second_queries["queries"],
            "full_sync_wall_s": round(first_s, 2),
            "process_max_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rows_written_full_sync": first.rows_written,
            "second_sync_wall_s": round(second_s, 2),
            "rows_written_second_sync": second.rows_written,
            "baseline_bare_download_s": round(baseline_s, 2),
            "full_sync_vs_bare_download": round(first_s / baseline_s, 2),
            "second_sync_vs_bare_download": round(second_s / baseline_s, 2),
        },
    )


if __name__ == "__main__":
    main()
