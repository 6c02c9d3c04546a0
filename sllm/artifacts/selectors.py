"""Reads of artifacts: badges for any list of papers, the author's view, the dashboard's tables."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from sllm.core.jobs import stale_before
from sllm.submissions.models import Paper

from .models import VERIFY_JOB, ArtifactSet, BenchmarkJob, Checkpoint

ARTIFACT_AVAILABLE = "Artifact available"
SPARSITY_VERIFIED = "Sparsity verified"
SPEEDUP_REPRODUCED = "Speedup reproduced"
BADGES = (ARTIFACT_AVAILABLE, SPARSITY_VERIFIED, SPEEDUP_REPRODUCED)


def _badge_flags() -> dict:
    return {
        # Uploaded and hashed: a checkpoint whose SHA-256 is known, or a stored benchmark spec.
        "has_artifact": Exists(Checkpoint.objects.filter(paper=OuterRef("pk")).exclude(sha256=""))
        | Exists(ArtifactSet.objects.filter(paper=OuterRef("pk")).exclude(spec_sha256="")),
        "sparsity_verified": Exists(
            Checkpoint.objects.filter(paper=OuterRef("pk"), status=Checkpoint.Status.VERIFIED, claims_hold=True)
        ),
        # Judged on the job of the paper's current spec: an old spec's success does not carry over.
        "speedup_reproduced": Exists(
            BenchmarkJob.objects.filter(
                paper=OuterRef("pk"),
                status=BenchmarkJob.Status.DONE,
                speedup_reproduced=True,
                spec_sha256=OuterRef("artifacts__spec_sha256"),
            )
        ),
    }


BADGE_FLAGS = ("has_artifact", "sparsity_verified", "speedup_reproduced")


def _badges(row) -> list[str]:
    flags = [row[flag] for flag in BADGE_FLAGS] if isinstance(row, dict) else [getattr(row, f) for f in BADGE_FLAGS]
    return [badge for badge, earned in zip(BADGES, flags, strict=True) if earned]


def with_badge_flags(papers: QuerySet) -> QuerySet:
    """Papers annotated with what badges_of reads: a list's badges come with its papers, in its query."""
    return papers.annotate(**_badge_flags())


def badges_for_papers(paper_ids) -> dict[int, list[str]]:
    """{paper id: badges earned, in a fixed order} for every id given, in one query."""
    ids = list(paper_ids)
    if not ids:
        return {}
    rows = Paper.objects.filter(pk__in=ids).annotate(**_badge_flags()).only("pk")
    found = {row.pk: _badges(row) for row in rows}
    return {paper_id: found.get(paper_id, []) for paper_id in ids}


def artifacts_for_paper(*, paper: Paper) -> dict:
    """What the author's page and API show: declared artifacts, the checkpoint, jobs and badges."""
    return {
        "artifacts": ArtifactSet.objects.filter(paper=paper).first(),
        "checkpoint": Checkpoint.objects.filter(paper=paper).first(),
        "jobs": list(BenchmarkJob.objects.filter(paper=paper).select_related("runner")[:10]),
        "badges": badges_for_papers([paper.pk])[paper.pk],
    }


def paper_section(paper: Paper) -> dict:
    """The public paper page's block: badges, code, checkpoint hash and the latest benchmark plot. One
    query for the artifacts, the checkpoint and the badges; a second only where a plot was measured."""
    plotted = BenchmarkJob.objects.filter(paper=OuterRef("pk"), status=BenchmarkJob.Status.DONE).exclude(plot="")
    row = (
        Paper.objects.filter(pk=paper.pk)
        .select_related("artifacts", "checkpoint")
        .annotate(**_badge_flags(), plot_job=Subquery(plotted.values("pk")[:1]))
        .only("pk", "artifacts", "checkpoint")
        .get()
    )
    artifacts = getattr(row, "artifacts", None)
    checkpoint = getattr(row, "checkpoint", None)
    return {
        "badges": _badges(row),
        "artifacts": artifacts,
        "checkpoint": checkpoint if checkpoint is not None and checkpoint.sha256 else None,
        "job": BenchmarkJob.objects.get(pk=row.plot_job) if row.plot_job is not None else None,
    }


def papers_with_artifacts(*, edition) -> QuerySet:
    """Every paper of the edition with its artifacts, checkpoint, latest jobs and badge flags."""
    return (
        Paper.objects.filter(edition=edition)
        .select_related("track", "artifacts", "checkpoint")
        .prefetch_related(Prefetch("benchmark_jobs", queryset=BenchmarkJob.objects.select_related("runner")))
        .annotate(**_badge_flags())
        .order_by("number")
    )


def badges_of(row) -> list[str]:
    return _badges(row)


def job_queue(*, edition) -> QuerySet:
    """Jobs waiting, running or failed (the failed ones with the organizers' Retry)."""
    return (
        BenchmarkJob.objects.filter(paper__edition=edition)
        .filter(
            Q(status=BenchmarkJob.Status.QUEUED)
            | Q(status=BenchmarkJob.Status.RUNNING)
            | Q(status=BenchmarkJob.Status.FAILED)
        )
        .select_related("paper", "runner")
        .order_by("created_at")
    )


def checkpoints_stale(*, now=None) -> QuerySet:
    """Checkpoints still waiting for a verification queued before the job's limit and its grace."""
    return Checkpoint.objects.filter(
        status=Checkpoint.Status.UPLOADED, updated_at__lt=stale_before(VERIFY_JOB, now=now)
    )


def benchmark_jobs_stale(*, now=None) -> QuerySet:
    """Jobs claimed by a runner that has not posted a result within the job's lease (its runner is gone)."""
    now = now or timezone.now()
    running = BenchmarkJob.objects.filter(status=BenchmarkJob.Status.RUNNING).only("pk", "started_at", "time_limit_s")
    return BenchmarkJob.objects.filter(pk__in=[job.pk for job in running if job.lease_ends_at < now])


def job_results(*, edition) -> QuerySet:
    return (
        BenchmarkJob.objects.filter(paper__edition=edition, status=BenchmarkJob.Status.DONE)
        .select_related("paper", "runner")
        .order_by("-finished_at")
    )
