"""Writes of the proceedings: settings, the authors' camera-ready, and builds of the volume."""

import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sllm.accounts.models import Role
from sllm.core.errors import ApplicationError, Conflict, Forbidden
from sllm.core.jobs import claim_expired_before, enqueue_on_commit
from sllm.core.sitecache import site_cache_bump
from sllm.core.storage import atomic_with_files
from sllm.submissions.files import file_sha256
from sllm.submissions.models import Paper, PaperFile
from sllm.submissions.services import paper_authors_error, paper_file_store, paper_title_error, pdf_check_upload
from sllm.workshops.models import Edition

from .build import Person, VolumeSpec, build_volume
from .models import Build, CameraReady, VolumeSettings
from .selectors import (
    accepted_papers,
    camera_ready_limit,
    camera_ready_of,
    missing_items,
    volume_dir,
    volume_settings,
)
from .volume import Author, PaperEntry, split_name

# A queued or running build older than this is taken for dead (its worker was killed) and may be replaced.
STALE_BUILD = dt.timedelta(hours=1)
WRONG_SIZES_SHOWN = 3


class BuildStopped(ApplicationError):
    """Papers that cannot go into the volume, with the reasons; extra["problems"] lists them."""


# --- settings -----------------------------------------------------------------------------------------


def volume_settings_save(
    *,
    edition: Edition,
    title: str,
    editors: str,
    preface: str,
    publication_terms: str,
    page_size: str,
    is_published: bool,
    archival: bool = True,
    non_archival_entry: str = VolumeSettings.NonArchivalEntry.NOTE,
) -> VolumeSettings:
    errors = {}
    if not title.strip():
        errors["title"] = "A title is required."
    if not publication_terms.strip():
        errors["publication_terms"] = "Authors must have terms to accept."
    if page_size not in VolumeSettings.PageSize.values:
        errors["page_size"] = f"Page size must be one of {', '.join(VolumeSettings.PageSize.values)}."
    if non_archival_entry not in VolumeSettings.NonArchivalEntry.values:
        errors["non_archival_entry"] = "The BibTeX of a non-archival volume is a note or @misc."
    if errors:
        raise ApplicationError(
            "The settings have errors: " + " ".join(errors.values()), code="invalid", extra={"fields": errors}
        )
    with transaction.atomic():
        saved, _ = VolumeSettings.objects.update_or_create(
            edition=edition,
            defaults={
                "title": title.strip(),
                "editors": editors.strip(),
                "preface": preface.strip(),
                "publication_terms": publication_terms.strip(),
                "page_size": page_size,
                "is_published": is_published,
                "archival": archival,
                "non_archival_entry": non_archival_entry,
            },
        )
        transaction.on_commit(lambda: site_cache_bump(edition))
    return saved


# --- camera-ready -------------------------------------------------------------------------------------


def _validate_final(*, title: str, authors: list[dict], accept_terms: bool) -> None:
    errors = {}
    if title_error := paper_title_error(title=title):
        errors["title"] = title_error
    if authors_error := paper_authors_error(authors=authors):
        errors["authors"] = authors_error
    if not accept_terms:
        errors["accept_terms"] = "The publication terms must be accepted."
    if errors:
        raise ApplicationError(
            "The camera-ready has errors: " + " ".join(errors.values()), code="invalid", extra={"fields": errors}
        )


def _check_final_pdf(path: Path, *, page_size: str) -> None:
    """Refuse what the volume could not print: missing fonts or another page size."""
    from . import pdf  # noqa: PLC0415 -- pikepdf loads with a camera-ready upload, not at a worker's start

    with pdf.open_pdf(path) as document:
        fonts = pdf.unembedded_fonts(document)
        wrong = pdf.wrong_size_pages(document, page_size)
    if fonts:
        raise ApplicationError(
            f"Fonts not embedded: {', '.join(fonts)}. Embed all fonts and upload again.", code="fonts_not_embedded"
        )
    if wrong:
        raise ApplicationError(_size_reason(wrong, page_size), code="page_size")


def _size_reason(wrong: list[tuple[int, str]], page_size: str) -> str:
    shown = ", ".join(f"page {number} is {size}" for number, size in wrong[:WRONG_SIZES_SHOWN])
    more = f" and {len(wrong) - WRONG_SIZES_SHOWN} more" if len(wrong) > WRONG_SIZES_SHOWN else ""
    return f"Wrong page size: {shown}{more}; the volume is printed on {page_size}."


def camera_ready_submit(
    *,
    paper: Paper,
    user,
    title: str,
    authors: list[dict],
    pdf_upload: UploadedFile | None,
    accept_terms: bool,
    in_volume: bool = True,
) -> CameraReady:
    """Store the final PDF (when given) and the confirmed title, authors and terms, all or nothing."""
    if paper.status != Paper.Status.ACCEPTED:
        raise Conflict("Only accepted papers have a camera-ready version.", code="not_accepted")
    deadline = paper.track.camera_ready_deadline
    if deadline and timezone.now() > deadline:
        local = timezone.localtime(deadline, paper.edition.tz)
        raise Forbidden(
            f"The camera-ready deadline passed on {local:%Y-%m-%d %H:%M} ({paper.edition.timezone}).",
            code="deadline_passed",
        )
    _validate_final(title=title, authors=authors, accept_terms=accept_terms)
    if not in_volume and volume_settings(edition=paper.edition).archival:
        raise ApplicationError(
            "This edition's proceedings are archival: every accepted paper is in the volume.", code="archival"
        )
    has_file = PaperFile.objects.filter(paper=paper, kind=PaperFile.Kind.CAMERA_READY).exists()
    if pdf_upload is None and not has_file:
        raise ApplicationError(
            "A camera-ready PDF is required.", code="invalid", extra={"fields": {"pdf": "Required."}}
        )
    final_authors = [{"name": a["name"].strip(), "institution": a.get("institution", "").strip()} for a in authors]
    with tempfile.TemporaryDirectory() as tmp:
        checked = None
        if pdf_upload is not None:
            limit = camera_ready_limit(paper.track)
            path, report = pdf_check_upload(
                upload=pdf_upload,
                directory=Path(tmp),
                limit=limit,
                uncounted_sections=paper.track.uncounted_sections,
            )
            if not report.within_limit:
                raise ApplicationError(
                    f"The PDF has {report.main_pages} main pages; the camera-ready limit is {limit} "
                    f"({paper.track.page_limit} + {paper.track.camera_ready_extra_pages} extra). "
                    "References and appendix do not count.",
                    code="over_limit",
                )
            _check_final_pdf(path, page_size=volume_settings(edition=paper.edition).page_size)
            checked = (path, report)
        with atomic_with_files():
            if checked:
                paper_file_store(paper=paper, kind=PaperFile.Kind.CAMERA_READY, path=checked[0], report=checked[1])
            confirmation, _ = CameraReady.objects.update_or_create(
                paper=paper,
                defaults={
                    "title": title.strip(),
                    "authors": final_authors,
                    "terms_accepted_at": timezone.now(),
                    "confirmed_by": user,
                    "in_volume": in_volume,
                },
            )
    return confirmation


# --- the build ----------------------------------------------------------------------------------------


def _local_path(stored: PaperFile, scratch: Path) -> Path | None:
    """A path pikepdf can open: the stored file itself, or a copy where the storage is remote."""
    try:
        path = Path(stored.file.path)
        return path if path.exists() else None
    except NotImplementedError:
        if not stored.file.storage.exists(stored.file.name):
            return None
        copy = scratch / f"{stored.pk}.pdf"
        with stored.file.open("rb") as source, copy.open("wb") as target:
            shutil.copyfileobj(source, target)
        return copy


def _file_problems(stored: PaperFile, path: Path | None, page_size: str) -> tuple[list[str], int]:
    """Reasons a stored camera-ready cannot be printed, judged from the file; and its page count."""
    from . import pdf  # noqa: PLC0415 -- pikepdf loads with a check, not at a worker's start

    if path is None:
        return ["The camera-ready file is missing from storage."], 0
    if file_sha256(path) != stored.sha256:
        return ["The stored file changed after its check (checksum mismatch); upload it again."], 0
    try:
        document = pdf.open_pdf(path)
    except pdf.BrokenPdf as error:
        return [f"The PDF is broken: {error}"], 0
    with document:
        reasons = []
        fonts = pdf.unembedded_fonts(document)
        if fonts:
            reasons.append(f"Fonts not embedded: {', '.join(fonts)}.")
        wrong = pdf.wrong_size_pages(document, page_size)
        if wrong:
            reasons.append(_size_reason(wrong, page_size))
        return reasons, len(document.pages)


def volume_check(*, edition: Edition, scratch: Path) -> tuple[list[PaperEntry], list[dict]]:
    """Every accepted paper either becomes a volume entry or a problem {number, title, reasons}."""
    chosen = volume_settings(edition=edition)
    page_size = chosen.page_size
    entries, problems = [], []
    for paper in accepted_papers(edition=edition):
        opted_out = getattr(paper, "camera_ready", None) is not None and not paper.camera_ready.in_volume
        if opted_out and not chosen.archival:
            # Opted out of a non-archival volume: on the website, not in the volume, and not a problem.
            continue
        reasons = missing_items(paper=paper, page_size=page_size)
        pages, path = 0, None
        if not reasons:
            stored = paper.camera_ready_files[0]
            path = _local_path(stored, scratch)
            reasons, pages = _file_problems(stored, path, page_size)
        if reasons:
            problems.append({"number": paper.number, "title": paper.title, "reasons": reasons})
            continue
        confirmation = camera_ready_of(paper)
        entries.append(
            PaperEntry(
                number=paper.number,
                track_kind=paper.track.kind,
                track_name=paper.track.name,
                title=confirmation.title,
                authors=tuple(Author(a["name"], a.get("institution", "")) for a in confirmation.authors),
                source=path,
                pages=pages,
            )
        )
    return entries, problems


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
