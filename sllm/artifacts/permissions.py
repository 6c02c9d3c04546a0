"""Fetch-and-authorize helpers of the artifacts app; papers themselves are authorized by submissions."""

import hashlib

from django.http import Http404
from django.utils import timezone

from sllm.submissions.permissions import access_paper_as_author, access_paper_by_id_as_author
from sllm.workshops.permissions import is_edition_organizer

from .models import BenchmarkJob, Runner

__all__ = [
    "access_job_as_runner",
    "access_job_plot",
    "access_paper_as_author",
    "access_paper_by_id_as_author",
    "runner_by_token",
    "runner_queued_jobs",
]


def runner_by_token(token: str) -> Runner | None:
    runner = Runner.objects.filter(token_sha256=hashlib.sha256(token.encode()).hexdigest(), is_active=True).first()
    if runner is not None:
        Runner.objects.filter(pk=runner.pk).update(last_seen_at=timezone.now())
    return runner


def access_job_as_runner(*, runner: Runner, job_id: int, claiming: bool = False, running: bool = False) -> BenchmarkJob:
    """A runner sees a job it holds; it may claim a queued job of its own pool. Others look absent.

    `running`: only while the job runs (the checkpoint of a paper under review is readable by a runner
    for the duration of its job, not after).
    """
    job = BenchmarkJob.objects.select_related("paper", "runner").filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job.")
    if job.runner_id == runner.pk:
        if running and job.status != BenchmarkJob.Status.RUNNING:
            raise Http404("This job is not running.")
        return job
    if claiming and job.runner_id is None and runner.pool and job.pool == runner.pool:
        return job
    raise Http404("No such job.")


def runner_queued_jobs(*, runner: Runner, limit: int = 20):
    """The queued jobs of the runner's pool, oldest first: what it may claim next."""
    if not runner.pool:
        return BenchmarkJob.objects.none()
    return BenchmarkJob.objects.filter(
        pool=runner.pool, runner__isnull=True, status=BenchmarkJob.Status.QUEUED
    ).order_by("created_at", "pk")[:limit]


def access_job_plot(*, user, job_id: int) -> BenchmarkJob:
    """Plots of accepted papers on a public edition are public; organizers and authors see the rest."""
    job = BenchmarkJob.objects.select_related("paper__edition").filter(pk=job_id, status="done").exclude(plot="")
    job = job.first()
    if job is None:
        raise Http404("No such plot.")
    paper = job.paper
    if paper.status == paper.Status.ACCEPTED and paper.edition.is_public:
        return job
    if not is_edition_organizer(user=user, edition=paper.edition):
        access_paper_as_author(user=user, edition=paper.edition, number=paper.number)
    return job
