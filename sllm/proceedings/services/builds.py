"""Builds of the volume: queued on the pdf queue, run by the job, stored where every web host serves them."""

import datetime as dt
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sllm.accounts.models import Role
from sllm.core.errors import ApplicationError, Conflict
from sllm.core.jobs import claim_expired_before, enqueue_on_commit
from sllm.core.sitecache import site_cache_bump
from sllm.workshops.models import Edition

from ..build import Person, VolumeSpec, build_volume
from ..models import Build
from ..selectors import volume_dir, volume_settings
from ..volume import PaperEntry, split_name
from .checks import volume_check

# A queued or running build older than this is taken for dead (its worker was killed) and may be replaced.
STALE_BUILD = dt.timedelta(hours=1)


class BuildStopped(ApplicationError):
    """Papers that cannot go into the volume, with the reasons; extra["problems"] lists them."""


def _people(edition: Edition, kind: str) -> list[Person]:
    roles = Role.objects.filter(edition=edition, kind=kind).select_related("user")
    people = [Person(role.user.full_name or role.user.display_name, role.user.affiliation) for role in roles]
    return sorted(people, key=lambda person: (split_name(person.name)[0].casefold(), person.name))


def _dates(edition: Edition) -> str:
    start, end = edition.start_date, edition.end_date
    if start == end:
        return f"{start.day} {start:%B %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {start:%B %Y}"
    return f"{start.day} {start:%B %Y} – {end.day} {end:%B %Y}"


def build_moment(edition: Edition) -> dt.datetime:
    """The date in the files' metadata: SOURCE_DATE_EPOCH when set, else the edition's last day, never now,
    so that the same inputs give byte-identical files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.combine(edition.end_date, dt.time(0), tzinfo=dt.UTC)


def volume_spec(*, edition: Edition, entries: list[PaperEntry], skipped: list[dict]) -> VolumeSpec:
    chosen = volume_settings(edition=edition)
    return VolumeSpec(
        slug=edition.slug,
        name=edition.name,
        short_name=edition.short_name,
        title=chosen.title,
        editors=chosen.editor_names,
        preface=chosen.preface,
        venue=edition.venue,
        dates=_dates(edition),
        year=edition.start_date.year,
        page_size=chosen.page_size,
        archival=chosen.archival,
        non_archival_entry=chosen.non_archival_entry,
        organizers=_people(edition, Role.Kind.ORGANIZER),
        committee=_people(edition, Role.Kind.REVIEWER),
        papers=entries,
        moment=build_moment(edition),
        site_url=settings.SITE_URL,
        skipped=skipped,
    )


def volume_build(*, edition: Edition, target: Path, skip_problems: bool = False, progress=None) -> dict:
    """Check every accepted paper, then build the volume into `target` (swapped in whole).

    Problems stop the build with the list of papers and reasons, unless `skip_problems`: then the volume
    is built without those papers and the manifest lists them under "skipped".
    """
    with tempfile.TemporaryDirectory() as scratch:
        entries, problems = volume_check(edition=edition, scratch=Path(scratch))
        if problems and not skip_problems:
            raise BuildStopped(
                f"{len(problems)} of {len(problems) + len(entries)} accepted papers cannot go into the volume.",
                code="camera_ready_problems",
                extra={"problems": problems},
            )
        if not entries:
            raise BuildStopped(
                "No accepted paper is ready for the volume.", code="no_papers", extra={"problems": problems}
            )
        spec = volume_spec(edition=edition, entries=entries, skipped=problems)
        return build_volume(spec, target, progress or (lambda step, done, total: None))


def build_start(*, edition: Edition, user, skip_problems: bool) -> Build:
    """Queue a build on the pdf queue; one at a time per edition."""
    with transaction.atomic():
        # The edition's row serializes two organizers pressing the button at once.
        Edition.objects.select_for_update().get(pk=edition.pk)
        active = Build.objects.filter(edition=edition, status__in=[Build.Status.QUEUED, Build.Status.RUNNING])
        active = active.filter(created_at__gt=timezone.now() - STALE_BUILD).first()
        if active is not None:
            raise Conflict(f"Build {active.pk} is still {active.status}; wait for it to finish.", code="build_running")
        build = Build.objects.create(
            edition=edition, skip_problems=skip_problems, requested_by=user, step="Waiting for a worker"
        )
        enqueue_on_commit("sllm.proceedings.build_volume", build.pk)
    return build


def _volume_store(*, build: Build, folder: Path) -> str:
    """Copy a built volume into the configured storage under a folder of its own build, so every web host
    serves it (local disk or object storage alike); the build's success, recorded after, is the swap."""
    prefix = f"{volume_dir(edition=build.edition)}/{build.pk}/"
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = prefix + path.relative_to(folder).as_posix()
        # A redelivered job stores the same names again: replace them rather than save beside them.
        default_storage.delete(name)
        with path.open("rb") as handle:
            default_storage.save(name, File(handle))
    return prefix


def build_run(*, build_id: int, target: Path | None = None) -> Build | None:
    """Run a queued build (the Celery job's body). A build that already finished is left as it is."""
    # The claim: of two deliveries of one message only one builds; a running build is taken again only once
    # its claim has outlived the job's time limit (its worker was killed). A finished build is left alone.
    now = timezone.now()
    expired = claim_expired_before("sllm.proceedings.build_volume", now=now)
    claimable = Q(status=Build.Status.QUEUED) | Q(status=Build.Status.RUNNING, started_at__lt=expired)
    claimed = Build.objects.filter(claimable, pk=build_id).update(
        status=Build.Status.RUNNING, started_at=now, step="Checking the camera-ready files"
    )
    build = Build.objects.select_related("edition").filter(pk=build_id).first()
    if build is None or not claimed:
        return build

    def progress(step: str, done: int, total: int) -> None:
        # Outside any transaction: each update is visible to the progress bar at once.
        Build.objects.filter(pk=build.pk).update(step=step, done=done, total=total)

    try:
        with tempfile.TemporaryDirectory() as scratch:
            folder = target or Path(scratch) / "volume"
            manifest = volume_build(
                edition=build.edition, target=folder, skip_problems=build.skip_problems, progress=progress
            )
            if target is None:
                manifest = {**manifest, "storage_prefix": _volume_store(build=build, folder=folder)}
    except BuildStopped as stopped:
        Build.objects.filter(pk=build.pk).update(
            status=Build.Status.FAILED,
            message=stopped.message,
            problems=stopped.extra["problems"],
            finished_at=timezone.now(),
        )
    except Exception as error:
        Build.objects.filter(pk=build.pk).update(
            status=Build.Status.FAILED, finished_at=timezone.now(), message=f"The build failed: {error}"
        )
        raise
    else:
        skipped = manifest["skipped"]
        message = f"Built {len(manifest['papers'])} papers, {manifest['pages']} pages."
        if skipped:
            message += (
                f" Left out {len(skipped)} papers with problems: "
                + ", ".join(f"#{item['number']}" for item in skipped)
                + "."
            )
        Build.objects.filter(pk=build.pk).update(
            status=Build.Status.SUCCEEDED,
            message=message,
            problems=skipped,
            result=manifest,
            step="Done",
            finished_at=timezone.now(),
        )
        site_cache_bump(build.edition)
    build.refresh_from_db()
    return build
