"""Public pages rendered from the database on every request, at 2,000 accepted papers: requests/s of a
paper page, a day of the schedule, a page of the paper list and a page of posters against a 22 KB static
file served by the same gunicorn in the same run.

Run from the repository root: `python tests/perf/bench_public_pages_uncached.py`. It builds its own
PostgreSQL database (sllm_bench_public_pages_uncached) with two generated editions (tests/perf/_common.py
edition_generate: 200 and 2,000 accepted papers, half orals each with a slot on days of parallel oral
sessions, half posters on boards, three authors each, a released program), and serves them with gunicorn
under the shipped config (deploy/gunicorn.conf.py) with PUBLIC_PAGE_CACHE=0: the page cache is off, so
every request resolves the URL, queries the database and renders the template. Load, rounds and content
checks as in bench_public_pages.py. `queries_constant`: each page runs the same number of SQL queries at
200 and at 2,000 papers (counted in-process with CaptureQueriesContext).
"""

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.perf._common import django_setup, edition_generate, write_result
from tests.perf.bench_public_pages import (
    fetch,
    fetch_page,
    gunicorn_serving,
    load_rounds,
    prepare_env,
    recreate_database,
    recreate_database_drop,
    site_prepare,
)

DB = "sllm_bench_public_pages_uncached"
SIZES = {"small": 200, "big": 2000}
PAGES = {
    # A paper with an oral slot, a full day of parallel oral sessions, a middle page of each list.
    "paper": "papers/7/",
    "schedule": "schedule/2026-04-28/",
    "papers": "papers/page/3/",
    "posters": "posters/session/2/",
}


def check(name: str, body: str) -> None:
    assert body.rstrip().endswith("</html>"), name
    if name == "paper":
        assert re.findall(r"<h1>(.*?)</h1>", body) == [
            "Sparse attention for long contexts, part 7 &lt;not a tag&gt; &amp; friends"
        ]
    elif name == "schedule":
        assert len(re.findall(r'<h3 class="slot-title">', body)) == 180, name
    elif name == "papers":
        assert len(re.findall(r'<li class="paper-item">', body)) == 50, name
        assert "part 134 &lt;not a tag&gt; &amp; friends" in body  # the 101st main-track paper
    elif name == "posters":
        assert len(re.findall(r'<li class="poster-card"', body)) == 60, name
        assert 'id="board-2-1"' in body and 'id="board-2-60"' in body


def count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-public-uncached-"))
    static_root = work / "static"
    env = {**prepare_env(static_root, DB), "PUBLIC_PAGE_CACHE": "0"}
    os.environ.update(env)
    recreate_database(DB)
    django_setup()
    from django.conf import settings
    from django.test import Client

    assert not settings.PUBLIC_PAGE_CACHE
    static_file = site_prepare(static_root)
    figures = {"papers": SIZES["big"]}
    for label, size in SIZES.items():
        started = time.perf_counter()
        edition_generate(f"bench-{label}", papers=size)
        figures[f"generate_{size}_seconds"] = round(time.perf_counter() - started, 1)
    client = Client()
    for name, page in PAGES.items():
        for label, size in SIZES.items():
            figures[f"{name}_queries_{size}"] = count_queries(client, f"/bench-{label}/{page}")
    figures["queries_constant"] = all(
        figures[f"{name}_queries_{SIZES['small']}"] == figures[f"{name}_queries_{SIZES['big']}"] for name in PAGES
    )
    try:
        # The shipped config as it is (workers, threads, access log) but for the loopback address.
        with gunicorn_serving(env, ["-c", "deploy/gunicorn.conf.py"]) as base:
            urls = {"static_22k": f"{base}/static/bench/static-22k.css"}
            urls.update({name: f"{base}/bench-big/{page}" for name, page in PAGES.items()})

            def check_all():
                assert fetch(urls["static_22k"]) == (200, static_file.read_bytes())
                for name in PAGES:
                    check(name, fetch_page(urls[name]))

            check_all()
            load_rounds(urls, figures)
            check_all()
            for name in PAGES:
                figures[f"{name}_page_bytes"] = len(fetch(urls[name])[1])
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database_drop(DB)
        shutil.rmtree(work, ignore_errors=True)
    figures["page_cache"] = "off (PUBLIC_PAGE_CACHE=0)"
    write_result("public_pages_uncached", figures)


if __name__ == "__main__":
    main()
