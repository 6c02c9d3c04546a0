"""Writes of the submissions app: submitting, revising and checking papers and their files."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from sllm.accounts.models import Role, User
from sllm.core.errors import ApplicationError, Forbidden
from sllm.core.storage import atomic_with_files, file_stored
from sllm.workshops.models import Edition, Track
from sllm.workshops.selectors import track_is_open

from .files import file_sha256
from .models import Authorship, Paper, PaperFile
from .pdfcheck import Author, PdfRejected, PdfReport, anonymize_pdf, inspect_pdf

MAX_AUTHORS = 50
# The lengths of Paper.title and of Authorship.name and .institution.
MAX_TITLE = 300
MAX_NAME = 200


class UploadRejected(ApplicationError):
    """A file refused by its content; the code is one of check_pdf's error codes."""


def _copy_upload(upload: UploadedFile, directory: Path) -> Path:
    target = directory / "upload.pdf"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return target


def pdf_check_upload(
    *, upload: UploadedFile, directory: Path, limit: int | None, uncounted_sections=()
) -> tuple[Path, PdfReport]:
    """Copies an upload to a private temporary file and judges it by its content."""
    path = _copy_upload(upload, directory)
    try:
        report = inspect_pdf(
            path,
            limit=limit or 10_000,
            max_bytes=settings.MAX_PDF_BYTES,
            uncounted_sections=uncounted_sections,
        )
    except PdfRejected as exc:
        raise UploadRejected(exc.message, code=exc.code) from exc
    return path, report


def paper_title_error(*, title: str) -> str | None:
    """What is wrong with a paper's title (submitted or final), or None."""
    if not title.strip():
        return "A title is required."
    if len(title) > MAX_TITLE:
        return f"The title is longer than {MAX_TITLE} characters."
    return None


def paper_authors_error(*, authors: list) -> str | None:
    """What is wrong with a paper's author list (submitted or final), or None."""
    if not authors:
        return "At least one author is required."
    if len(authors) > MAX_AUTHORS:
        return f"At most {MAX_AUTHORS} authors."
    if any(
        not str(a.get("name") or "").strip()
        or len(str(a.get("name") or "")) > MAX_NAME
        or len(str(a.get("institution") or "")) > MAX_NAME
        for a in authors
    ):
        return f"Every author needs a name; names and institutions have at most {MAX_NAME} characters."
    return None


def _validate_paper_fields(*, edition: Edition, title: str, abstract: str, topics: list, authors: list):
    errors = {}
    if title_error := paper_title_error(title=title):
        errors["title"] = title_error
    if not abstract.strip():
        errors["abstract"] = "An abstract is required."
    unknown = [t for t in topics if t not in edition.topics]
    if unknown:
        errors["topics"] = f"Unknown topics: {', '.join(map(str, unknown))}."
    if authors_error := paper_authors_error(authors=authors):
        errors["authors"] = authors_error
    if errors:
        raise ApplicationError(
            "The submission has errors: " + " ".join(errors.values()), code="invalid", extra={"fields": errors}
        )


def _validate_elsewhere(*, elsewhere: str, venue: str) -> None:
    """The dual-submission declaration: neither, or under review / published at a named venue."""
    if elsewhere not in Paper.Elsewhere.values:
        raise ApplicationError(
            "Say whether the work is under review or published elsewhere.",
            code="invalid",
            extra={"fields": {"elsewhere": "Not one of the choices."}},
        )
    if elsewhere and not venue.strip():
        raise ApplicationError(
            "Name the venue where the work is under review or published.",
            code="invalid",
            extra={"fields": {"elsewhere_venue": "Required with this declaration."}},
        )
    if len(venue) > 300:
        raise ApplicationError(
            "The venue is longer than 300 characters.",
            code="invalid",
            extra={"fields": {"elsewhere_venue": "Too long."}},
        )


def _ensure_open(track: Track) -> None:
    if not track_is_open(track=track):
        local = timezone.localtime(track.submission_deadline, track.edition.tz)
        raise Forbidden(
            f"The {track.name} deadline passed on {local:%Y-%m-%d %H:%M} ({track.edition.timezone}).",
            code="deadline_passed",
        )


def _paper_authors(paper: Paper) -> list[Author]:
    return [Author(name=a.name, email=a.email) for a in paper.authorships.all()]


def paper_file_store(
    *, paper: Paper, kind: str, path: Path, report: PdfReport, suffix: str = ".pdf", refusal: str = ""
) -> PaperFile:
    """Stores a checked file (a PDF; supplementary material may be a zip, suffix ".zip") as the paper's file
    of that kind, replacing the earlier one (in atomic_with_files). `refusal` flags an imported file that
    failed the content check and is kept anyway.

    A submission is anonymized here, on the one path every submission takes into storage (upload,
    revision, import), so reviewers never reach a file that names its authors through its metadata; so is
    a PDF of supplementary material, which reviewers read too.
    """
    names_in_text = []
    if kind == PaperFile.Kind.SUBMISSION or (kind == PaperFile.Kind.SUPPLEMENTARY and suffix == ".pdf"):
        try:
            names_in_text = anonymize_pdf(path, path, authors=_paper_authors(paper)).names_in_text
        except PdfRejected:
            # Only an imported file that failed the content check gets here (an upload is refused before):
            # it is stored as OpenReview holds it and flagged; nothing in it can be parsed to strip.
            names_in_text = []
    existing = PaperFile.objects.filter(paper=paper, kind=kind).first()
    paper_file = existing or PaperFile(paper=paper, kind=kind)
    old_name = existing.file.name if existing else None
    with path.open("rb") as handle:
        paper_file.file.save(f"upload{suffix}", File(handle), save=False)
    new_name = paper_file.file.name
    paper_file.sha256 = file_sha256(path)
    paper_file.size = path.stat().st_size
    paper_file.pages = report.pages
    paper_file.main_pages = report.main_pages
    paper_file.page_limit = report.limit
    paper_file.within_limit = report.within_limit
    paper_file.references_start_page = report.references_start_page
    paper_file.appendix_start_page = report.appendix_start_page
    paper_file.page_size = report.page_size
    paper_file.names_in_text = names_in_text
    paper_file.refusal = refusal[:300]
    # Call inside atomic_with_files(): the new file is deleted if the transaction rolls back (this save
    # failing included), and the replaced one only once the new row is committed.
    file_stored(storage=paper_file.file.storage, name=new_name, replaces=old_name)
    paper_file.save()
    return paper_file


def _set_authors(*, paper: Paper, authors: list[dict]) -> None:
    paper.authorships.all().delete()
    emails = [a.get("email", "").strip().lower() for a in authors if a.get("email")]
    users = {u.email: u for u in User.objects.filter(email__in=emails)}
    Authorship.objects.bulk_create(
        Authorship(
            paper=paper,
            position=index,
            name=author["name"].strip(),
            email=author.get("email", "").strip().lower(),
            institution=author.get("institution", "").strip(),
            openreview_id=author.get("openreview_id", "").strip(),
            is_student=bool(author.get("is_student", False)),
            user=users.get(author.get("email", "").strip().lower()),
        )
        for index, author in enumerate(authors, start=1)
    )
    for user in users.values():
        Role.objects.get_or_create(user=user, edition=paper.edition, kind=Role.Kind.AUTHOR)


def paper_submit(
    *,
    track: Track,
    user: User,
    title: str,
    abstract: str,
    topics: list,
    authors: list[dict],
    pdf: UploadedFile,
    elsewhere: str = "",
    elsewhere_venue: str = "",
) -> Paper:
    """Creates a paper with its authors, its dual-submission declaration and its checked PDF, all or nothing."""
    edition = track.edition
    _ensure_open(track)
    _validate_paper_fields(edition=edition, title=title, abstract=abstract, topics=topics, authors=authors)
    _validate_elsewhere(elsewhere=elsewhere, venue=elsewhere_venue)
    if pdf is None:
        raise ApplicationError("A PDF is required.", code="invalid", extra={"fields": {"pdf": "Required."}})
    with tempfile.TemporaryDirectory() as tmp:
        path, report = pdf_check_upload(
            upload=pdf, directory=Path(tmp), limit=track.page_limit, uncounted_sections=track.uncounted_sections
        )
        with atomic_with_files():
            # Lock the edition row so that two submissions never take the same number.
            Edition.objects.select_for_update().get(pk=edition.pk)
            number = (Paper.objects.filter(edition=edition).aggregate(m=Max("number"))["m"] or 0) + 1
            paper = Paper.objects.create(
                edition=edition,
                track=track,
                number=number,
                title=title.strip(),
                abstract=abstract.strip(),
                topics=list(topics),
                submitted_by=user,
                over_page_limit=not report.within_limit,
                elsewhere=elsewhere,
                elsewhere_venue=elsewhere_venue.strip() if elsewhere else "",
            )
            _set_authors(paper=paper, authors=authors)
            Role.objects.get_or_create(user=user, edition=edition, kind=Role.Kind.AUTHOR)
            paper_file_store(paper=paper, kind=PaperFile.Kind.SUBMISSION, path=path, report=report)
    return paper


def paper_revise(
    *,
    paper: Paper,
    title: str | None = None,
    abstract: str | None = None,
    topics: list | None = None,
    authors: list[dict] | None = None,
    pdf: UploadedFile | None = None,
    elsewhere: str | None = None,
    elsewhere_venue: str | None = None,
) -> Paper:
    """Changes what an author gave, until the track's deadline; omitted fields stay as they are."""
    _ensure_open(paper.track)
    new_elsewhere = paper.elsewhere if elsewhere is None else elsewhere
    new_venue = paper.elsewhere_venue if elsewhere_venue is None else elsewhere_venue
    _validate_elsewhere(elsewhere=new_elsewhere, venue=new_venue)
    new_title = paper.title if title is None else title
    new_abstract = paper.abstract if abstract is None else abstract
    new_topics = paper.topics if topics is None else topics
    new_authors = authors
    if new_authors is None:
        new_authors = [
            {
                "name": a.name,
                "email": a.email,
                "institution": a.institution,
                "is_student": a.is_student,
                "openreview_id": a.openreview_id,
            }
            for a in paper.authorships.all()
        ]
    _validate_paper_fields(
        edition=paper.edition, title=new_title, abstract=new_abstract, topics=new_topics, authors=new_authors
    )
    with tempfile.TemporaryDirectory() as tmp:
        checked = None
        if pdf is not None:
            checked = pdf_check_upload(
                upload=pdf,
                directory=Path(tmp),
                limit=paper.track.page_limit,
                uncounted_sections=paper.track.uncounted_sections,
            )
        with atomic_with_files():
            paper.title, paper.abstract, paper.topics = new_title.strip(), new_abstract.strip(), list(new_topics)
            paper.elsewhere, paper.elsewhere_venue = new_elsewhere, new_venue.strip() if new_elsewhere else ""
            if checked:
                paper.over_page_limit = not checked[1].within_limit
            paper.save()
            if authors is not None:
                _set_authors(paper=paper, authors=authors)
            if checked:
                paper_file_store(paper=paper, kind=PaperFile.Kind.SUBMISSION, path=checked[0], report=checked[1])
    return paper


def paper_file_recheck(*, paper_file_id: int) -> dict | None:
    paper_file = PaperFile.objects.select_related("paper__track").filter(pk=paper_file_id).first()
    if paper_file is None:
        return None
    with paper_file.file.open("rb") as handle, tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            tmp.write(chunk)
        tmp.flush()
        report = inspect_pdf(
            tmp.name,
            limit=paper_file.page_limit or paper_file.paper.track.page_limit,
            uncounted_sections=paper_file.paper.track.uncounted_sections,
        )
    with transaction.atomic():
        PaperFile.objects.filter(pk=paper_file.pk).update(
            pages=report.pages,
            main_pages=report.main_pages,
            within_limit=report.within_limit,
            references_start_page=report.references_start_page,
            appendix_start_page=report.appendix_start_page,
            page_size=report.page_size,
        )
        if paper_file.kind == PaperFile.Kind.SUBMISSION:
            Paper.objects.filter(pk=paper_file.paper_id).update(over_page_limit=not report.within_limit)
    return report.as_dict()


def paper_file_reanonymize(*, paper_file_id: int) -> bool:
    """Applies today's anonymization to a stored submission; True when the file had to be rewritten.

    For files stored before the rules grew: the rewritten file gets a new random name (a reviewer's cached
    copy under the old one cannot be confused with it) and the old one goes after commit.
    """
    paper_file = PaperFile.objects.select_related("paper").filter(pk=paper_file_id).first()
    if paper_file is None or paper_file.kind != PaperFile.Kind.SUBMISSION:
        return False
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "stored.pdf"
        with paper_file.file.open("rb") as handle, path.open("wb") as out:
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                out.write(chunk)
        names = anonymize_pdf(path, path, authors=_paper_authors(paper_file.paper)).names_in_text
        sha256 = file_sha256(path)
        if sha256 == paper_file.sha256 and names == paper_file.names_in_text:
            return False
        old_name = paper_file.file.name
        with atomic_with_files():
            with path.open("rb") as handle:
                paper_file.file.save("upload.pdf", File(handle), save=False)
            new_name = paper_file.file.name
            file_stored(storage=paper_file.file.storage, name=new_name, replaces=old_name)
            PaperFile.objects.filter(pk=paper_file.pk).update(
                file=new_name, sha256=sha256, size=path.stat().st_size, names_in_text=names
            )
    return True


def paper_files_reanonymize(*, edition: Edition | None = None) -> dict:
    """The one-off pass over every stored submission (of one edition, or all)."""
    files = PaperFile.objects.filter(kind=PaperFile.Kind.SUBMISSION).order_by("pk")
    if edition is not None:
        files = files.filter(paper__edition=edition)
    ids = list(files.values_list("pk", flat=True))
    rewritten = sum(paper_file_reanonymize(paper_file_id=pk) for pk in ids)
    flagged = PaperFile.objects.filter(pk__in=ids).exclude(names_in_text=[]).count()
    return {"files": len(ids), "rewritten": rewritten, "names_in_text": flagged}
