import uuid

from django.db import models
from django.utils import timezone

from sllm.core.jobs import SWEEP_GRACE, is_stale
from sllm.core.models import TimeStampedModel

VERIFY_JOB = "sllm.artifacts.verify_checkpoint"
# Room for a runner's child process to start, load PyTorch and write its files beyond the spec's own limit.
JOB_OVERHEAD_S = 300


class ArtifactSet(TimeStampedModel):
    """What a paper's authors declare: code, the sparsity claims and the kernel-benchmark spec."""

    paper = models.OneToOneField("submissions.Paper", on_delete=models.CASCADE, related_name="artifacts")
    code_url = models.URLField(max_length=500, blank=True)
    code_commit = models.CharField(max_length=40, blank=True)
    # The claim file format of `verify_checkpoint --claim`; null when nothing is claimed.
    claims = models.JSONField(null=True, blank=True)
    # A runner spec (sllm.runner.spec), stored normalized; null when no benchmark is offered.
    benchmark_spec = models.JSONField(null=True, blank=True)
    spec_sha256 = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"Artifacts of paper #{self.paper.number}"


def checkpoint_path(instance: "Checkpoint", filename: str) -> str:
    # A random name: nothing in a path reveals the paper or the author's file name.
    return f"artifacts/checkpoints/{uuid.uuid4().hex}.safetensors"


class Checkpoint(TimeStampedModel):
    class Status(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded, waiting for verification"
        VERIFIED = "verified", "Verified"
        FAILED = "failed", "Not a sane safetensors file"

    paper = models.OneToOneField("submissions.Paper", on_delete=models.CASCADE, related_name="checkpoint")
    file = models.FileField(upload_to=checkpoint_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.UPLOADED)
    sha256 = models.CharField(max_length=64, blank=True)
    report = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True)
    # True when claims exist and every one holds; False when one fails; null when nothing was judged.
    claims_hold = models.BooleanField(null=True)
    # Null while a verification is due. A job claims it (verify_claimed_at) before reading the file, so a
    # second delivery of that job reads nothing; a new request (upload, claims, "verify again") clears both.
    verified_at = models.DateTimeField(null=True, blank=True)
    verify_claimed_at = models.DateTimeField(null=True, blank=True)
    # How often the stale-job sweep (sllm/core/jobs.py) queued the verification again.
    sweeps = models.PositiveSmallIntegerField(default=0)

    def __str__(self):
        return f"Checkpoint of paper #{self.paper.number}"

    @property
    def can_retry(self) -> bool:
        """Failed, or waiting for a verification past the job's limit (its worker is gone): the Retry button."""
        if self.status == self.Status.UPLOADED:
            return is_stale(VERIFY_JOB, self.updated_at)
        return self.status == self.Status.FAILED


class Runner(TimeStampedModel):
    """A GPU host's worker. Its token (stored hashed) may read the jobs it claims and post their results."""

    name = models.CharField(max_length=100, unique=True)
    token_sha256 = models.CharField(max_length=64, unique=True)
    # The pool whose queued jobs this runner may see and claim: an edition's slug. Empty: none at all.
    pool = models.CharField(max_length=100, blank=True)
    is_active = models.BooleanField(default=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


def plot_path(instance: "BenchmarkJob", filename: str) -> str:
    return f"artifacts/plots/{uuid.uuid4().hex}.png"


class BenchmarkJob(TimeStampedModel):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    paper = models.ForeignKey("submissions.Paper", on_delete=models.CASCADE, related_name="benchmark_jobs")
    spec = models.JSONField()
    spec_sha256 = models.CharField(max_length=64)
    # The checkpoint whose tensors the spec names, by hash, so a new checkpoint makes a new job.
    checkpoint_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    runner = models.ForeignKey(Runner, on_delete=models.SET_NULL, null=True, blank=True, related_name="jobs")
    # Fixed when the job is queued (the paper's edition): only runners of this pool see or claim it.
    pool = models.CharField(max_length=100, blank=True)
    time_limit_s = models.PositiveIntegerField()
    attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    plot = models.FileField(upload_to=plot_path, max_length=300, blank=True)
    error = models.TextField(blank=True)
    gpu = models.CharField(max_length=100, blank=True)
    gpu_class = models.CharField(max_length=40, blank=True)
    # Every speedup claim of the spec reproduced within 10 % on its GPU class; null without claims or result.
    speedup_reproduced = models.BooleanField(null=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "spec_sha256", "checkpoint_sha256"], name="one_job_per_spec_and_checkpoint"
            )
        ]

    def __str__(self):
        return f"Benchmark job {self.pk} of paper #{self.paper.number}"

    @property
    def lease_ends_at(self):
        """A claimed job's runner has until then to post its result; past it (and a grace), it is released."""
        return self.started_at + timezone.timedelta(seconds=self.time_limit_s + JOB_OVERHEAD_S) + SWEEP_GRACE

    @property
    def can_retry(self) -> bool:
        """Failed, or running past its lease (its runner is gone): the organizers' Retry button."""
        if self.status == self.Status.RUNNING:
            return self.started_at is None or self.lease_ends_at < timezone.now()
        return self.status == self.Status.FAILED
