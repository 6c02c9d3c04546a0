"""Reads of the proceedings: settings with their defaults, camera-ready status per paper, builds, and what
the public site may show."""

from django.db.models import Prefetch

from sllm.core.jobs import handed_out_at, stale_before
from sllm.submissions.models import Authorship, Paper, PaperFile

from .models import BUILD_JOB, Build, CameraReady, VolumeSettings

DEFAULT_TERMS = (
    "I confirm that I may publish this paper, that all authors agree to its publication in the workshop's "
    "proceedings and on its website, and that the authors keep the copyright and grant the workshop a "
    "non-exclusive licence to distribute it."
)


def volume_settings(*, edition) -> VolumeSettings:
    """The edition's settings, or unsaved defaults when the organizers have not set any yet; no query where
    the edition came with them (select_related("volume_settings"))."""
    # Only what select_related put there: a cache filled by an earlier read could be older than a save.
    reverse = VolumeSettings._meta.get_field("edition").remote_field
    if reverse.is_cached(edition):
        found = reverse.get_cached_value(edition)
    else:
        found = VolumeSettings.objects.filter(edition=edition).first()
    return found or VolumeSettings(
        edition=edition,
        title=f"Proceedings of the {edition.name}",
        publication_terms=DEFAULT_TERMS,
    )


def volume_dir(*, edition) -> str:
    """The storage folder of the edition's volumes: each build stores its files in a subfolder by its id."""
    return f"proceedings/{edition.slug}/volume"


def volume_file_name(*, volume: dict, relative: str) -> str | None:
    """The storage name of one file of a published volume; None for a volume built outside storage."""
    prefix = volume.get("storage_prefix")
    if not prefix or relative.startswith("/") or ".." in relative.split("/"):
        return None
    return prefix + relative


def accepted_papers(*, edition):
    """Accepted papers in volume order, with what the camera-ready checks need, in three queries."""
    return (
        Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED)
        .select_related("track", "camera_ready")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.order_by("position")),
            Prefetch(
                "files",
                queryset=PaperFile.objects.filter(kind=PaperFile.Kind.CAMERA_READY),
                to_attr="camera_ready_files",
            ),
        )
        .order_by("track__kind", "number")
    )


def camera_ready_of(paper: Paper) -> CameraReady | None:
    try:
        return paper.camera_ready
    except CameraReady.DoesNotExist:
        return None


def camera_ready_limit(track) -> int:
    return track.page_limit + track.camera_ready_extra_pages


def missing_items(*, paper: Paper, page_size: str) -> list[str]:
    """What keeps a paper out of the volume, judged from the records alone (the build checks the files)."""
    files = paper.camera_ready_files
    confirmation = camera_ready_of(paper)
    reasons = []
    if not files:
        reasons.append("No camera-ready PDF uploaded.")
    if confirmation is None:
        reasons.append("Final title and authors not confirmed, publication terms not accepted.")
    if files:
        stored = files[0]
        limit = camera_ready_limit(paper.track)
        if stored.main_pages > limit:
            reasons.append(f"{stored.main_pages} main pages; the limit is {limit}.")
        if stored.page_size != page_size:
            reasons.append(f"Page size {stored.page_size}; the volume is printed on {page_size}.")
    return reasons


def camera_ready_status(*, edition) -> list[dict]:
    """One row per accepted paper for the organizers' page: what is there and what is missing."""
    page_size = volume_settings(edition=edition).page_size
    rows = []
    for paper in accepted_papers(edition=edition):
        confirmation = camera_ready_of(paper)
        rows.append(
            {
                "paper": paper,
                "file": paper.camera_ready_files[0] if paper.camera_ready_files else None,
                "confirmation": confirmation,
                "missing": missing_items(paper=paper, page_size=page_size),
            }
        )
    return rows


def build_latest(*, edition) -> Build | None:
    return Build.objects.filter(edition=edition).first()


def builds_stale(*, now=None):
    """Builds queued or running since before the job's time limit and its grace (sllm/core/jobs.py)."""
    return (
        Build.objects.filter(status__in=[Build.Status.QUEUED, Build.Status.RUNNING])
        .alias(handed_out_at=handed_out_at())
        .filter(handed_out_at__lt=stale_before(BUILD_JOB, now=now))
    )


def published_volume(*, edition) -> dict | None:
    """The manifest of the volume the public may see: the latest succeeded build of a published edition."""
    if not edition.is_public or not volume_settings(edition=edition).is_published:
        return None
    build = Build.objects.filter(edition=edition, status=Build.Status.SUCCEEDED).only("result").first()
    return build.result if build else None


def published_paper(*, paper: Paper) -> dict | None:
    volume = published_volume(edition=paper.edition)
    if volume is None:
        return None
    return next((entry for entry in volume["papers"] if entry["number"] == paper.number), None)


def paper_section(paper: Paper) -> dict:
    """What the public paper page shows of the proceedings: the paper's pages and its files, if published."""
    return {"entry": published_paper(paper=paper), "slug": paper.edition.slug, "number": paper.number}


def volume_parts(*, volume: dict) -> list[dict]:
    """The manifest's papers grouped by part, in volume order."""
    return [
        {**part, "papers": [paper for paper in volume["papers"] if paper["track"] == part["track"]]}
        for part in volume["parts"]
    ]


def camera_ready_file(*, paper: Paper) -> PaperFile | None:
    return PaperFile.objects.filter(paper=paper, kind=PaperFile.Kind.CAMERA_READY).first()


def build_status(*, build: Build) -> dict:
    """What the progress bar polls."""
    return {
        "id": build.pk,
        "status": build.status,
        "step": build.step,
        "done": build.done,
        "total": build.total,
        "percent": build.percent,
        "message": build.message,
        "problems": build.problems,
        "finished": build.status in (Build.Status.SUCCEEDED, Build.Status.FAILED),
    }
