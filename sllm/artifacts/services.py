"""Writes of the artifacts app: declared artifacts, checkpoint uploads and verification, benchmark jobs."""

import base64
import hashlib
import json
import secrets
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sllm.core.errors import ApplicationError, Conflict
from sllm.core.jobs import claim_expired_before, enqueue_on_commit
from sllm.core.sitecache import site_cache_bump
from sllm.core.storage import atomic_with_files, file_stored
from sllm.runner import report as runner_report
from sllm.runner.spec import MAX_TIME_LIMIT_S, SpecError, parse_spec
from sllm.runner.stats import gpu_class
from sllm.submissions.models import Paper

from .checkpoint import CheckpointError, parse_claims, read_header
from .models import VERIFY_JOB, ArtifactSet, BenchmarkJob, Checkpoint, Runner

COMMIT = set("0123456789abcdef")
MAX_PLOT_BYTES = 5 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _badges_may_change(edition) -> None:
    # Badges show on cached public pages: those pages refresh once this change commits.
    transaction.on_commit(lambda: site_cache_bump(edition))


# VERIFY_JOB (tasks/artifacts.py) is enqueued by name on the default queue. Benchmarks are never enqueued:
# the runners of the edition's pool poll the API for them.


def _clean_claims(claims) -> dict | None:
    if claims in (None, {}, ""):
        return None
    try:
        parse_claims(claims)
    except CheckpointError as exc:
        raise ApplicationError(f"Sparsity claims: {exc.message}", code="invalid_claim") from None
    return claims


def _clean_spec(spec) -> dict | None:
    if spec in (None, {}, ""):
        return None
    try:
        return parse_spec(spec).as_dict()
    except SpecError as exc:
        raise ApplicationError(
            "Benchmark spec: " + "; ".join(exc.problems),
            code="invalid_spec",
            extra={"problems": exc.problems},
        ) from None


def artifact_set_update(
    *,
    paper: Paper,
    code_url: str | None = None,
    code_commit: str | None = None,
    claims=...,
    benchmark_spec=...,
) -> ArtifactSet:
    """Sets what is given (`...` leaves claims or spec as they are); new claims re-verify the checkpoint."""
    with transaction.atomic():
        artifacts, _ = ArtifactSet.objects.select_for_update().get_or_create(paper=paper)
        if code_url is not None:
            artifacts.code_url = code_url.strip()
        if code_commit is not None:
            commit = code_commit.strip().lower()
            if commit and (not 7 <= len(commit) <= 40 or set(commit) - COMMIT):
                raise ApplicationError("The commit must be a git hash of 7 to 40 hex digits.", code="invalid")
            artifacts.code_commit = commit
        if artifacts.code_commit and not artifacts.code_url:
            raise ApplicationError("A commit needs the code link it belongs to.", code="invalid")
        claims_changed = False
        if claims is not ...:
            cleaned = _clean_claims(claims)
            claims_changed = cleaned != artifacts.claims
            artifacts.claims = cleaned
        if benchmark_spec is not ...:
            artifacts.benchmark_spec = _clean_spec(benchmark_spec)
            artifacts.spec_sha256 = parse_spec(artifacts.benchmark_spec).sha256() if artifacts.benchmark_spec else ""
        artifacts.save()
        _badges_may_change(paper.edition)
        checkpoint = Checkpoint.objects.filter(paper=paper).first()
        if claims_changed and checkpoint is not None:
            checkpoint_verify_request(checkpoint=checkpoint)
    return artifacts


def checkpoint_verify_request(*, checkpoint: Checkpoint) -> None:
    """Makes the checkpoint's verification due again (its result so far stays shown) and queues the job.

    Every new request goes through here (new claims, "verify again", a re-queue of a stalled one): it
    clears the claim, so the job it queues verifies once however often its message is delivered."""
    Checkpoint.objects.filter(pk=checkpoint.pk).update(verified_at=None, verify_claimed_at=None)
    enqueue_on_commit(VERIFY_JOB, checkpoint.pk)


@contextmanager
def _local_path(uploaded: UploadedFile):
    """A file-system path of an upload: the temporary file Django streamed it to, or a copy of a small one."""
    if hasattr(uploaded, "temporary_file_path"):
        yield Path(uploaded.temporary_file_path())
        return
    with tempfile.NamedTemporaryFile(suffix=".safetensors") as copy:
        for chunk in uploaded.chunks():
            copy.write(chunk)
        copy.flush()
        yield Path(copy.name)


def checkpoint_upload(*, paper: Paper, uploaded: UploadedFile) -> Checkpoint:
    """Stores a safetensors checkpoint (after its header proves sane) and queues its verification.

    The upload arrives as a temporary file that Django's upload handlers streamed to disk; storage
    copies it in chunks. A broken upload stores nothing: the author starts it again.
    """
    if uploaded.size > settings.MAX_CHECKPOINT_BYTES:
        raise ApplicationError(
            f"The checkpoint is {uploaded.size} bytes; at most {settings.MAX_CHECKPOINT_BYTES} are accepted.",
            code="too_large",
        )
    with _local_path(uploaded) as path:
        try:
            read_header(path)
        except CheckpointError as exc:
            # Pickle-based formats are refused by content: loading them would run code.
            raise ApplicationError(exc.message, code=exc.code) from None
        with atomic_with_files():
            existing = Checkpoint.objects.select_for_update().filter(paper=paper).first()
            checkpoint = existing or Checkpoint(paper=paper)
            old_name = existing.file.name if existing else None
            with path.open("rb") as handle:
                checkpoint.file.save("checkpoint.safetensors", File(handle), save=False)
            # Deleted if this transaction rolls back; the replaced file goes only once it commits.
            file_stored(storage=checkpoint.file.storage, name=checkpoint.file.name, replaces=old_name)
            checkpoint.original_name = Path(uploaded.name or "checkpoint.safetensors").name[:255]
            checkpoint.size = path.stat().st_size
            checkpoint.status = Checkpoint.Status.UPLOADED
            checkpoint.sha256 = ""
            checkpoint.report = None
            checkpoint.error_code = checkpoint.error_message = ""
            checkpoint.claims_hold = None
            checkpoint.verified_at = checkpoint.verify_claimed_at = None
            checkpoint.save()
            _badges_may_change(paper.edition)
            enqueue_on_commit(VERIFY_JOB, checkpoint.pk)
    return checkpoint


@contextmanager
def _stored_path(checkpoint: Checkpoint):
    """A local path of the stored file; object storage (no path) is copied to a temporary file in chunks."""
    try:
        local = Path(checkpoint.file.path)
    except NotImplementedError:
        local = None
    if local is not None:
        yield local
        return
    with tempfile.NamedTemporaryFile(suffix=".safetensors") as copy, checkpoint.file.open("rb") as stored:
        shutil.copyfileobj(stored, copy, 8 * 1024 * 1024)
        copy.flush()
        yield Path(copy.name)


def checkpoint_verify(*, checkpoint_id: int) -> Checkpoint | None:
    """Verifies the stored checkpoint against the paper's claims, once per request: a second delivery of
    the job (or one while another holds the claim) returns the row as it is."""
    from .checkpoint.verify import verify_checkpoint  # noqa: PLC0415 -- NumPy: the verification job loads it, no web worker

    now = timezone.now()
    claimable = Q(verify_claimed_at__isnull=True) | Q(verify_claimed_at__lt=claim_expired_before(VERIFY_JOB, now=now))
    claimed = Checkpoint.objects.filter(claimable, pk=checkpoint_id, verified_at__isnull=True)
    claimed = claimed.update(verify_claimed_at=now, updated_at=now)
    checkpoint = Checkpoint.objects.select_related("paper").filter(pk=checkpoint_id).first()
    if checkpoint is None or not claimed:
        return checkpoint
    artifacts = ArtifactSet.objects.filter(paper=checkpoint.paper).first()
    claims = parse_claims(artifacts.claims) if artifacts and artifacts.claims else None
    name = checkpoint.file.name
    try:
        with _stored_path(checkpoint) as path:
            report = verify_checkpoint(path, claims)
    except CheckpointError as exc:
        values = {
            "status": Checkpoint.Status.FAILED,
            "error_code": exc.code,
            "error_message": exc.message,
            "report": None,
            "sha256": "",
            "claims_hold": None,
        }
    else:
        judged = report["claims"]
        values = {
            "status": Checkpoint.Status.VERIFIED,
            "error_code": "",
            "error_message": "",
            "report": report,
            "sha256": report["sha256"],
            "claims_hold": all(c["holds"] for c in judged) if judged else None,
        }
    # Only if the file and the request are still the ones verified: a newer one has queued its own job.
    Checkpoint.objects.filter(pk=checkpoint.pk, file=name, verify_claimed_at=now).update(
        verified_at=timezone.now(), **values
    )
    checkpoint.refresh_from_db()
    site_cache_bump(checkpoint.paper.edition)
    return checkpoint


def runner_create(*, name: str, pool: str = "") -> tuple[Runner, str]:
    """A new GPU runner of a pool (an edition's slug) and its token, shown once; only its hash is kept."""
    token = secrets.token_urlsafe(32)
    if Runner.objects.filter(name=name).exists():
        raise Conflict(f"A runner named {name!r} exists already.", code="exists")
    runner = Runner.objects.create(name=name, pool=pool, token_sha256=hashlib.sha256(token.encode()).hexdigest())
    return runner, token


def benchmark_job_request(*, paper: Paper) -> BenchmarkJob:
    """Queues the paper's benchmark on the GPU runners; asking again for the same spec returns that job.

    Asking again re-queues a failed job. Nothing goes through the broker: a queued job waits in its
    pool until one of the pool's runners lists and claims it.
    """
    artifacts = ArtifactSet.objects.filter(paper=paper).first()
    if artifacts is None or not artifacts.benchmark_spec:
        raise ApplicationError("This paper has no kernel-benchmark spec to run.", code="no_spec")
    spec = parse_spec(artifacts.benchmark_spec)
    checkpoint_sha256 = ""
    if any(layer.tensor for layer in spec.layers):
        checkpoint = Checkpoint.objects.filter(paper=paper, status=Checkpoint.Status.VERIFIED).first()
        if checkpoint is None:
            raise ApplicationError(
                "The spec names checkpoint tensors: upload and verify the checkpoint first.",
                code="no_checkpoint",
            )
        checkpoint_sha256 = checkpoint.sha256
    with transaction.atomic():
        job, created = BenchmarkJob.objects.select_for_update().get_or_create(
            paper=paper,
            spec_sha256=spec.sha256(),
            checkpoint_sha256=checkpoint_sha256,
            defaults={
                "spec": spec.as_dict(),
                "time_limit_s": min(spec.time_limit_s, MAX_TIME_LIMIT_S),
                "pool": paper.edition.slug,
            },
        )
        if not created and job.status != BenchmarkJob.Status.FAILED:
            return job
        if not created:
            job.status = BenchmarkJob.Status.QUEUED
            job.runner = None
            job.error = ""
            job.pool = paper.edition.slug
            job.attempts = 0  # the stale-job sweep's bound starts afresh (sllm/artifacts/sweeps.py)
            job.save(update_fields=["status", "runner", "error", "pool", "attempts", "updated_at"])
    # Nothing is enqueued: the runners of the pool poll the API (GET /api/v1/runner/jobs/) and claim it.
    return job


def benchmark_job_claim(*, job: BenchmarkJob, runner: Runner) -> BenchmarkJob:
    """The runner takes the job; taking it again (a redelivered message) changes nothing."""
    with transaction.atomic():
        job = BenchmarkJob.objects.select_for_update().get(pk=job.pk)
        if job.runner_id not in (None, runner.pk):
            raise Conflict("Another runner has this job.", code="taken")
        if job.runner_id is None and (not runner.pool or job.pool != runner.pool):
            raise Conflict("This job is for another pool of runners.", code="other_pool")
        if job.status == BenchmarkJob.Status.QUEUED:
            job.status = BenchmarkJob.Status.RUNNING
            job.runner = runner
            job.attempts += 1
            job.started_at = timezone.now()
            job.save(update_fields=["status", "runner", "attempts", "started_at", "updated_at"])
    return job


def _plot_bytes(encoded: str) -> bytes:
    try:
        plot = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise ApplicationError("plot_png must be base64.", code="invalid") from None
    if len(plot) > MAX_PLOT_BYTES or not plot.startswith(PNG_MAGIC):
        raise ApplicationError("plot_png must be a PNG of at most 5 MB.", code="invalid")
    return plot


def _check_result(job: BenchmarkJob, result) -> None:
    if not isinstance(result, dict) or not {"spec_sha256", "environment", "cases", "spec"} <= result.keys():
        raise ApplicationError("The result lacks spec_sha256, spec, environment or cases.", code="invalid")
    if result["spec_sha256"] != job.spec_sha256:
        raise ApplicationError("The result is for another spec than this job's.", code="invalid")
    environment = result["environment"]
    if not isinstance(environment, dict) or not all(isinstance(environment.get(k), str) for k in ("gpu", "gpu_class")):
        # The claims are judged per GPU class: without one the judging would fail with a 500.
        raise ApplicationError("The result's environment must name its GPU and GPU class.", code="invalid")
    if not isinstance(result["cases"], list):
        raise ApplicationError("The result's cases must be a list.", code="invalid")


def benchmark_job_complete(
    *, job: BenchmarkJob, runner: Runner, result: dict | None = None, plot_png: str = "", error: str = ""
) -> BenchmarkJob:
    """Stores what the runner posted. The platform judges the speedup claims itself, from the job's spec."""
    if result is None and not error:
        raise ApplicationError("Post a result or an error.", code="invalid")
    if result is not None:
        _check_result(job, result)
    plot = _plot_bytes(plot_png) if plot_png else None
    # A request cut after the plot is stored (a runner or the database gone) leaves no file behind.
    with atomic_with_files():
        job = BenchmarkJob.objects.select_for_update().get(pk=job.pk)
        if job.runner_id != runner.pk:
            raise Conflict("This job is not yours.", code="taken")
        if job.status in {BenchmarkJob.Status.DONE, BenchmarkJob.Status.FAILED}:
            return job  # a repeated post (a retried request) changes nothing
        if job.status != BenchmarkJob.Status.RUNNING:
            raise Conflict("Claim the job before posting its result.", code="not_running")
        job.finished_at = timezone.now()
        if error:
            job.status = BenchmarkJob.Status.FAILED
            job.error = error[:2000]
        else:
            # The claims judged are the job's own, whatever the posted copy of the spec says.
            result = {**result, "spec": job.spec}
            result["claims"] = runner_report.evaluate_claims(result)
            job.result = json.loads(json.dumps(result))
            job.gpu = result["environment"]["gpu"][:100]
            job.gpu_class = gpu_class(job.gpu)[:40]
            claims = result["claims"]
            job.speedup_reproduced = all(c["reproduced"] for c in claims) if claims else None
            job.status = BenchmarkJob.Status.DONE
            if plot:
                job.plot.save("plot.png", ContentFile(plot), save=False)
                file_stored(storage=job.plot.storage, name=job.plot.name)
        job.save()
        _badges_may_change(job.paper.edition)
    return job


def checkpoint_reverify(*, paper: Paper) -> Checkpoint:
    """Verifies the paper's checkpoint again (after a change of claims, or to audit it)."""
    checkpoint = Checkpoint.objects.filter(paper=paper).first()
    if checkpoint is None:
        raise ApplicationError("This paper has no checkpoint.", code="no_checkpoint")
    with transaction.atomic():
        if checkpoint.status != Checkpoint.Status.VERIFIED:
            # Failed or stalled: waiting for its verification again, which the stale-job sweep watches afresh.
            checkpoint.status = Checkpoint.Status.UPLOADED
            checkpoint.error_code = checkpoint.error_message = ""
        checkpoint.sweeps = 0
        checkpoint.save(update_fields=["status", "error_code", "error_message", "sweeps", "updated_at"])
        checkpoint_verify_request(checkpoint=checkpoint)
    checkpoint.refresh_from_db()
    return checkpoint
