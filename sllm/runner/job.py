"""A GPU host's side of a benchmark job: poll for one, claim it, fetch its spec and checkpoint, run, post.

It speaks to the platform only through its HTTPS API, with a runner token that may see the queued jobs
of its pool, read the jobs it claimed and post their results, nothing else: no broker, no database.
The benchmark runs in a child process under the job's time limit, so a hung kernel or a leaked CUDA
context never outlives the job. No Django here either.
"""

import base64
import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

CHUNK = 1024 * 1024
# What a refusal by the platform looks like, as opposed to the platform being unreachable.
CLIENT_ERRORS = range(400, 500)


class PlatformUnavailable(Exception):
    """The platform could not be reached or answered 5xx: try the job again later."""


class JobRefused(Exception):
    """The platform refused (4xx): the token may not touch this job, or the job is gone."""


class PlatformClient:
    def __init__(self, base_url: str, token: str, *, timeout: float = 60.0):
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout

    def _open(self, method: str, path: str, body: dict | None = None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"{self.base_url}{path}", data=data, method=method)
        request.add_header("Authorization", f"Runner {self.token}")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")[:500]
            if exc.code in CLIENT_ERRORS:
                raise JobRefused(f"{exc.code}: {detail}") from None
            raise PlatformUnavailable(f"{exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise PlatformUnavailable(str(exc)) from None

    def _json(self, method: str, path: str, body: dict | None = None) -> dict:
        with self._open(method, path, body) as response:
            return json.loads(response.read().decode())

    def queued_jobs(self) -> list[dict]:
        return self._json("GET", "/api/v1/runner/jobs/")["jobs"]

    def claim(self, job_id: int) -> dict:
        return self._json("POST", f"/api/v1/runner/jobs/{job_id}/claim/", {})

    def download_checkpoint(self, job_id: int, target: Path) -> None:
        with (
            self._open("GET", f"/api/v1/runner/jobs/{job_id}/checkpoint/") as response,
            target.open("wb") as out,
        ):
            shutil.copyfileobj(response, out, CHUNK)

    def post_result(self, job_id: int, result: dict, plot_png: bytes | None) -> dict:
        body = {"result": result, "plot_png": base64.b64encode(plot_png).decode() if plot_png else ""}
        return self._json("POST", f"/api/v1/runner/jobs/{job_id}/result/", body)

    def post_failure(self, job_id: int, message: str) -> dict:
        return self._json("POST", f"/api/v1/runner/jobs/{job_id}/result/", {"error": message[-2000:]})


def job_execute(
    *,
    job_id: int,
    client: PlatformClient,
    backend: str = "torch",
    python: str = sys.executable,
    workdir: str | None = None,
) -> dict:
    """Runs one job; returns {"job", "status"}. Safe to call twice: a finished job is not run again."""
    job = client.claim(job_id)
    if job["status"] in {"done", "failed"}:
        return {"job": job_id, "status": job["status"]}
    with tempfile.TemporaryDirectory(dir=workdir, prefix=f"sllm-job-{job_id}-") as folder:
        folder = Path(folder)
        spec = folder / "spec.json"
        spec.write_text(json.dumps(job["spec"]))
        command = [
            python,
            "-m",
            "sllm.runner",
            "run",
            str(spec),
            "--out",
            str(folder / "out"),
            "--backend",
            backend,
        ]
        if job.get("has_checkpoint"):
            checkpoint = folder / "checkpoint.safetensors"
            client.download_checkpoint(job_id, checkpoint)
            command += ["--checkpoint", str(checkpoint)]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=job["time_limit_s"],
                cwd=Path(__file__).resolve().parents[2],
            )
        except subprocess.TimeoutExpired:
            client.post_failure(job_id, f"The benchmark ran past the job's time limit of {job['time_limit_s']} s.")
            return {"job": job_id, "status": "failed"}
        if done.returncode != 0:
            client.post_failure(job_id, f"The runner exited with status {done.returncode}: {done.stderr.strip()}")
            return {"job": job_id, "status": "failed"}
        result = json.loads((folder / "out" / "result.json").read_text())
        plot = folder / "out" / "plot.png"
        answer = client.post_result(job_id, result, plot.read_bytes() if plot.exists() else None)
    return {"job": job_id, "status": answer["status"]}


def poll_once(*, client: PlatformClient, backend: str = "torch", **options) -> dict | None:
    """Takes the oldest queued job of the pool and runs it; None when there is none.

    A job another runner of the pool claimed first is refused (409): the next one is tried.
    """
    for job in client.queued_jobs():
        try:
            return job_execute(job_id=job["id"], client=client, backend=backend, **options)
        except JobRefused:
            continue
    return None


def poll_forever(*, client: PlatformClient, backend: str, interval_s: float, log=print) -> None:
    """The GPU host's service loop: one job at a time, so timings never share the GPU."""
    while True:
        try:
            done = poll_once(client=client, backend=backend)
        except PlatformUnavailable as exc:
            log(f"platform unavailable: {exc}")
            done = None
        if done is not None:
            log(json.dumps(done))
        else:
            time.sleep(interval_s)
