"""Benchmark of the OpenReview sync on two generated venues, served by the stand-in in its own process:
2,000 submissions (6,000 reviews, 10,000 edges: 6,000 assignments and 4,000 conflicts) and 10,000
submissions (30,000 reviews, 50,000 edges), so that the growth of time and memory shows.

Figures per venue: requests and SQL queries per sync, wall time of the first (full) sync and of a second
sync with no change, the rows each wrote (the second must write 0), and the peak memory (max RSS) of the
process that ran the syncs (VmHWM). Each sync runs in a fresh process of its own, so its peak is the
sync's, not the venue generator's nor the baseline's. Nothing traces the timed syncs (tracemalloc slows them
about twofold). The baseline, measured in the same run against the same stand-in, is the bare download:
the same requests through openreview-py in a process of its own, nothing mapped or stored; the sync's
overhead is its ratio to that. PDFs are not fetched (OPENREVIEW_FETCH_PDFS=0): the generated notes
name files the stand-in does not hold, and the bare download fetches none either.

Run from the repository root: python tests/perf/bench_openreview_sync.py
It uses a PostgreSQL database of its own (<database>_bench_openreview_sync), created and dropped here.
"""

import json
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

SIZES = (2_000, 10_000)  # submissions; conflicts are twice as many, reviews three per paper
REVIEWS_PER_PAPER = 3
BASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sllm")
# Named after the configured database, so that benchmarks against different databases do not meet.
BENCH_DB = f"{urlsplit(BASE_URL).path.strip('/') or 'sllm'}_bench_openreview_sync"


def bench_database_url() -> str:
    return urlunsplit(urlsplit(BASE_URL)._replace(path=f"/{BENCH_DB}"))


def _admin_execute(url: str, *statements: str) -> None:
    import psycopg

    admin = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def recreate_database(url: str) -> None:
    _admin_execute(url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"', f'CREATE DATABASE "{BENCH_DB}"')
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env, check=True)


def start_standin(fixtures: Path) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "sllm.openreview.standin", "--port", "0", "--fixtures", str(fixtures)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    url = process.stdout.readline().strip()
    return process, url


def peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux carries that over
    from the parent through fork and exec, so a child would report the venue generator's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@contextmanager
def counting_queries():
    """Counts the SQL statements run inside the block; the importer's COPY statements (one per kind of
    row per chunk) bypass Django's cursor and are not counted."""
    from django.db import connection

    seen = {"queries": 0}

    def count(execute, sql, params, many, context):
        seen["queries"] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        yield seen


def bare_download(url: str, venue_id: str) -> tuple[float, int]:
    """The baseline: the sync's reads through the bare client, nothing mapped or stored; (seconds, requests)."""
    import openreview

    from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD

    seen = {"requests": 1}  # the login, made before the hook below is in place
    started = time.perf_counter()
    client = openreview.api.OpenReviewClient(baseurl=url, username=PC_EMAIL, password=PC_PASSWORD)
    client.session.hooks["response"].append(lambda response, *a, **k: seen.update(requests=seen["requests"] + 1))
    client.get_group(venue_id)
    client.get_all_notes(invitation=f"{venue_id}/-/Submission", details="replies", domain=venue_id)
    client.get_all_groups(prefix=f"{venue_id}/Submission")
    for name in ("Reviewers", "Area_Chairs"):
        client.get_group(f"{venue_id}/{name}")
    client.get_invitation(f"{venue_id}/-/Official_Review")
    for name in ("Reviewers", "Area_Chairs"):
        for kind in ("Assignment", "Conflict"):
            client.get_all_edges(invitation=f"{venue_id}/{name}/-/{kind}")
    client.search_profiles(ids=[f"~Reviewer_Number{i}1" for i in range(300)])
    return time.perf_counter() - started, seen["requests"]


def child_bare(url: str, venue_id: str) -> dict:
    """Two bare downloads in this process; the faster one counts (the first also warms the stand-in)."""
    runs = [bare_download(url, venue_id) for _ in range(2)]
    return {"bare_s": min(s for s, _ in runs), "bare_requests": runs[0][1], "bare_max_rss_mib": peak_rss_mib()}


def child_sync(url: str, venue_id: str) -> dict:
    """The full sync, then a second one with no change, in this fresh process."""
    django_setup()
    from sllm.openreview.client import OpenReviewGateway
    from sllm.openreview.services import venue_sync
    from sllm.openreview.standin.venue import PC_EMAIL, PC_PASSWORD

    def gateway():
        return OpenReviewGateway(baseurl=url, username=PC_EMAIL, password=PC_PASSWORD)

    # openreview-py is imported before the clock starts, as bare_download imports it: a worker imports it
    # once (about 0.3 s), not once per sync. The gateway would import it on its first login otherwise.
    import openreview  # noqa: F401 -- imported for its import time, not its names

    started_rss = peak_rss_mib()
    with counting_queries() as first_queries:
        started = time.perf_counter()
        first = venue_sync(slug="bench", venue_id=venue_id, gateway_factory=gateway)
        first_s = time.perf_counter() - started
    first_rss = peak_rss_mib()
    with counting_queries() as second_queries:
        started = time.perf_counter()
        second = venue_sync(slug="bench", venue_id=venue_id, gateway_factory=gateway)
        second_s = time.perf_counter() - started
    assert first.status == second.status == "succeeded", (first.error, second.error)
    assert second.rows_written == 0, second.counts
    return {
        "requests_full_sync": first.requests,
        "requests_second_sync": second.requests,
        "queries_full_sync": first_queries["queries"],
        "queries_second_sync": second_queries["queries"],
        "full_sync_s": first_s,
        "second_sync_s": second_s,
        "rows_written_full_sync": first.rows_written,
        "rows_written_second_sync": second.rows_written,
        "rss_before_sync_mib": started_rss,
        "rss_after_full_sync_mib": first_rss,
        "max_rss_mib": peak_rss_mib(),
    }


def run_child(kind: str, url: str, venue_id: str, env: dict) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, kind, url, venue_id], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if out.returncode:
        raise RuntimeError(f"{kind} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(submissions: int, db_url: str) -> dict:
    from sllm.openreview.standin.venue import generate_venue

    started = time.perf_counter()
    venue = generate_venue(submissions=submissions, reviews_per_paper=REVIEWS_PER_PAPER, conflicts=2 * submissions)
    generated_s = time.perf_counter() - started
    reviews = sum(1 for n in venue.notes.values() if n["invitations"][0].endswith("Official_Review"))
    edges, venue_id = len(venue.edges), venue.venue_id
    recreate_database(db_url)
    env = {**os.environ, "DATABASE_URL": db_url, "OPENREVIEW_FETCH_PDFS": "0"}
    with tempfile.TemporaryDirectory() as folder:
        fixtures = venue.write(folder)
        del venue
        process, standin_url = start_standin(fixtures)
        try:
            bare = run_child("--bare", standin_url, venue_id, env)
            sync = run_child("--sync", standin_url, venue_id, env)
        finally:
            process.terminate()
            process.wait(timeout=10)
    return {
        "submissions": submissions,
        "reviews": reviews,
        "edges": edges,
        "venue_generation_s": round(generated_s, 2),
        "requests_full_sync": sync["requests_full_sync"],
        "requests_bare_download": bare["bare_requests"],
        "requests_second_sync": sync["requests_second_sync"],
        "queries_full_sync": sync["queries_full_sync"],
        "queries_second_sync": sync["queries_second_sync"],
        "full_sync_wall_s": round(sync["full_sync_s"], 2),
        "rows_written_full_sync": sync["rows_written_full_sync"],
        "second_sync_wall_s": round(sync["second_sync_s"], 2),
        "rows_written_second_sync": sync["rows_written_second_sync"],
        "baseline_bare_download_s": round(bare["bare_s"], 2),
        "full_sync_vs_bare_download": round(sync["full_sync_s"] / bare["bare_s"], 2),
        "second_sync_vs_bare_download": round(sync["second_sync_s"] / bare["bare_s"], 2),
        "process_max_rss_mib": sync["max_rss_mib"],
        "process_rss_before_sync_mib": sync["rss_before_sync_mib"],
        "bare_download_max_rss_mib": bare["bare_max_rss_mib"],
    }


def main() -> None:
    db_url = bench_database_url()
    by_size = {n: measure(n, db_url) for n in SIZES}
    _admin_execute(db_url, f'DROP DATABASE IF EXISTS "{BENCH_DB}"')
    small, large = by_size[SIZES[0]], by_size[SIZES[-1]]
    figures = {
        # The summary's figures: the worse of the two venues, at the larger venue's size.
        "submissions": large["submissions"],
        "full_sync_vs_bare_download": max(small["full_sync_vs_bare_download"], large["full_sync_vs_bare_download"]),
        "process_max_rss_mib": max(small["process_max_rss_mib"], large["process_max_rss_mib"]),
        "requests_full_sync": small["requests_full_sync"],
    }
    for n, measured in by_size.items():
        figures.update({f"{key}_{n}": value for key, value in measured.items() if key != "submissions"})
    write_result("openreview_sync", figures)


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] in ("--bare", "--sync"):
        sys.path.insert(0, str(ROOT))
        child = child_bare if sys.argv[1] == "--bare" else child_sync
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
    else:
        sys.path.insert(0, str(ROOT))
        main()
