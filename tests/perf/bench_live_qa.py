"""Live Q&A under a livestream audience: 500 viewers polling, 20 questions a minute, on loopback.

gunicorn (gthread: 2 workers x 8 threads) serves a fresh PostgreSQL database of its own and a Redis
database of its own. An asyncio load generator holds 500 keep-alive connections:

* phase "qa": each viewer polls the question list JSON every 2 s with If-None-Match (what
  static/js/live.js does); a poster asks 20 questions a minute. Update latency is the time from
  the answer to the POST until a viewer's poll shows the question.
* phase "qa_reload": the same viewers without JavaScript, reloading the question page every 2 s,
  while questions keep coming at the same rate.
* phase "schedule": the same viewers reloading the public schedule page every 2 s (the baseline).

For each phase: request latency p50/p99, the web workers' CPU (cores busy and CPU ms per request),
and the responses checked for content, not only status.
"""

import asyncio
import json
import os
import random
import secrets
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.perf._common import ROOT, django_setup, write_result

VIEWERS = int(os.environ.get("BENCH_VIEWERS", 500))
POLL_S = 2.0
QUESTIONS_PER_MIN = 20
PHASE_S = float(os.environ.get("BENCH_PHASE_S", 20))
PORT = 8791
DB_NAME = "sllm_bench_live"
REDIS_DB = 14
SLUG = "bench-live"


def _environment() -> dict:
    pg = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/sllm").rsplit("/", 1)[0]
    redis = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0]
    return {
        **os.environ,
        "DATABASE_URL": f"{pg}/{DB_NAME}",
        "REDIS_URL": f"{redis}/{REDIS_DB}",
        "DEBUG": "0",
        # DEBUG=0 refuses the demo key: the benchmark's servers get a throwaway one.
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Files come from the source tree: no collectstatic manifest is needed for a benchmark.
        "STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "TRUSTED_PROXY_COUNT": "1",
        "FAST_PASSWORD_HASHER": "1",
    }


def _prepare_database(env: dict) -> None:
    import psycopg

    admin = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {DB_NAME}")
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)


def _drop_database(env: dict) -> None:
    import psycopg

    admin = env["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def _seed() -> str:
    """An edition with a released program of 15 slots; returns the uid of the first invited talk."""
    import datetime as dt

    from django.core.cache import cache

    from sllm.program.models import Room, Session, Slot
    from sllm.program.services.schedule import program_release
    from sllm.workshops.models import Edition

    cache.clear()
    edition = Edition.objects.create(
        slug=SLUG,
        name="Benchmark edition",
        short_name="BENCH",
        start_date=dt.date(2026, 4, 27),
        end_date=dt.date(2026, 4, 27),
        timezone="Africa/Lagos",
        topics=["Sparsity"],
    )
    room = Room.objects.create(edition=edition, name="Main hall", livestream_url="https://stream.example.org/")
    start = dt.datetime(2026, 4, 27, 8, 0, tzinfo=dt.UTC)
    kinds = [
        "opening",
        "invited",
        "oral",
        "oral",
        "break",
        "invited",
        "panel",
        "lunch",
        "invited",
        "oral",
        "poster",
        "break",
        "invited",
        "oral",
        "awards",
    ]
    first_talk = None
    for index, kind in enumerate(kinds):
        session = Session.objects.get_or_create(
            edition=edition, title=f"Session {index // 4 + 1}", defaults={"order": index // 4}
        )[0]
        slot = Slot.objects.create(
            session=session,
            room=room,
            kind=kind,
            title=f"{kind.title()} {index + 1}",
            description="A talk about sparsity in large language models. " * 4,
            start=start + dt.timedelta(minutes=35 * index),
            end=start + dt.timedelta(minutes=35 * index + 30),
            poster_session=1 if kind == "poster" else None,
        )
        if kind == "invited" and first_talk is None:
            first_talk = slot
    program_release(edition=edition)
    return str(first_talk.uid)


class Connection:
    """One keep-alive HTTP/1.1 connection; reconnects when the server closed it."""

    def __init__(self):
        self.reader = self.writer = None

    async def request(self, method: str, path: str, headers: dict | None = None, body: bytes = b""):
        for attempt in range(2):
            try:
                if self.writer is None:
                    self.reader, self.writer = await asyncio.open_connection("127.0.0.1", PORT)
                lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {len(body)}"]
                lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
                self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
                await self.writer.drain()
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionResetError("closed")
                status = int(status_line.split()[1])
                response_headers = {}
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.decode().partition(":")
                    response_headers.setdefault(name.strip().lower(), []).append(value.strip())
                length = int(response_headers.get("content-length", ["0"])[0])
                payload = await self.reader.readexactly(length) if length else b""
                if "close" in response_headers.get("connection", []):
                    self.close()
                return status, response_headers, payload
            except (ConnectionError, asyncio.IncompleteReadError, OSError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def _cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


async def _viewer(index: int, path: str, mode: str, stop: float, stats: dict, posted: dict, expect: bytes):
    conn = Connection()
    etag, seen = None, set()
    await asyncio.sleep(random.Random(index).uniform(0, POLL_S))
    try:
        while time.monotonic() < stop:
            began = time.monotonic()
            headers = {"Accept": "application/json"} if mode == "qa" else {}
            if etag:
                headers["If-None-Match"] = etag
            try:
                status, response_headers, body = await conn.request("GET", path, headers)
            except OSError:
                stats["errors"] += 1
                await asyncio.sleep(POLL_S)
                continue
            now = time.monotonic()
            stats["latency"].append(now - began)
            if status == 200 and mode == "qa":
                etag = response_headers.get("etag", [None])[0]
                for question in json.loads(body)["questions"]:
                    if question["id"] not in seen:
                        seen.add(question["id"])
                        if question["id"] in posted:
                            stats["update"].append(now - posted[question["id"]])
            elif status == 304 and mode == "qa":
                stats["not_modified"] += 1
            elif status != 200 or expect not in body:
                stats["errors"] += 1
            await asyncio.sleep(max(0.0, POLL_S - (time.monotonic() - began)))
    finally:
        conn.close()


async def _poster(ask: str, stop: float, posted: dict, stats: dict):
    conn = Connection()
    number = 0
    while time.monotonic() < stop:
        began = time.monotonic()
        number += 1
        form = f"text=Benchmark+question+number+{number}&name=&website="
        status, _, body = await conn.request(
            "POST",
            ask,
            {
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
                # A different audience member each time, as in the room.
                "X-Forwarded-For": f"10.0.{number // 250}.{number % 250}",
            },
            form.encode(),
        )
        if status == 201:
            posted[json.loads(body)["id"]] = time.monotonic()
        else:
            stats["post_errors"] += 1
        await asyncio.sleep(max(0.0, 60 / QUESTIONS_PER_MIN - (time.monotonic() - began)))
    conn.close()


async def _phase(mode: str, path: str, expect: bytes, pids: list[int], ask: str = "") -> dict:
    stats = {"latency": [], "update": [], "errors": 0, "not_modified": 0, "post_errors": 0}
    posted: dict[int, float] = {}
    stop = time.monotonic() + PHASE_S
    cpu_before, wall_before = _cpu_seconds(pids), time.monotonic()
    tasks = [_viewer(i, path, mode, stop, stats, posted, expect) for i in range(VIEWERS)]
    if ask:
        tasks.append(_poster(ask, stop - POLL_S, posted, stats))
    await asyncio.gather(*tasks)
    cpu = _cpu_seconds(pids) - cpu_before
    wall = time.monotonic() - wall_before
    requests = len(stats["latency"])
    return {
        "requests": requests,
        "req_per_s": requests / wall,
        "p50_ms": 1000 * _percentile(stats["latency"], 0.5),
        "p99_ms": 1000 * _percentile(stats["latency"], 0.99),
        "cpu_cores": cpu / wall,
        "cpu_ms_per_request": 1000 * cpu / max(requests, 1),
        "errors": stats["errors"] + stats["post_errors"],
        "not_modified": stats["not_modified"],
        "questions_posted": len(posted),
        "update_p50_ms": 1000 * _percentile(stats["update"], 0.5),
        "update_p99_ms": 1000 * _percentile(stats["update"], 0.99),
        "updates_seen": len(stats["update"]),
    }


async def _warm(paths: list[str]) -> None:
    """Both workers import, connect and render every page once before anything is measured."""

    async def client():
        conn = Connection()
        for _ in range(3):
            for path in paths:
                status, _, _ = await conn.request("GET", path)
                assert status == 200, (path, status)
        conn.close()

    await asyncio.gather(*(client() for _ in range(32)))


def main() -> None:
    env = _environment()
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "REDIS_URL", "STATICFILES_STORAGE", "FAST_PASSWORD_HASHER")})
    _prepare_database(env)
    django_setup()
    uid = _seed()
    from django import db

    db.connections.close_all()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "sllm.wsgi",
            "-k",
            "gthread",
            "--workers",
            "2",
            "--threads",
            "8",
            "--keep-alive",
            "10",
            "--worker-connections",
            "1000",
            "-b",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        qa_page, schedule = f"/{SLUG}/live/{uid}/", f"/{SLUG}/schedule/"
        deadline = time.monotonic() + 30
        while True:
            try:
                status = asyncio.run(Connection().request("GET", schedule))[0]
                if status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "gunicorn did not start"
            time.sleep(0.3)
        pids = _worker_pids(server.pid)
        asyncio.run(_warm([schedule, qa_page, f"{qa_page}questions.json", f"{qa_page}now/"]))
        qa = asyncio.run(_phase("qa", f"{qa_page}questions.json", b"", pids, f"{qa_page}ask/"))
        reload_ = asyncio.run(_phase("qa_reload", qa_page, b"Benchmark question number", pids, f"{qa_page}ask/"))
        baseline = asyncio.run(_phase("schedule", schedule, b"Invited 2", pids))
    finally:
        server.terminate()
        server.wait(timeout=20)
        _drop_database(env)
    figures = {
        "viewers": VIEWERS,
        "poll_interval_s": POLL_S,
        "questions_per_min": QUESTIONS_PER_MIN,
        "phase_s": PHASE_S,
    }
    for name, result in (("qa_json", qa), ("qa_page_reload", reload_), ("schedule_page", baseline)):
        for key, value in result.items():
            if name != "qa_json" and key in {
                "not_modified",
                "questions_posted",
                "update_p50_ms",
                "update_p99_ms",
                "updates_seen",
            }:
                continue
            figures[f"{name}.{key}"] = value
    figures["cpu_ratio_qa_json_vs_schedule"] = qa["cpu_cores"] / baseline["cpu_cores"]
    figures["cpu_per_request_ratio_qa_json_vs_schedule"] = qa["cpu_ms_per_request"] / baseline["cpu_ms_per_request"]
    figures["p99_ratio_qa_json_vs_schedule"] = qa["p99_ms"] / baseline["p99_ms"]
    figures["cpu_ratio_qa_reload_vs_schedule"] = reload_["cpu_cores"] / baseline["cpu_cores"]
    write_result("live_qa", figures)


if __name__ == "__main__":
    main()
