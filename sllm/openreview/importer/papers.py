"""The importer's papers: the papers themselves, their OpenReview records and their authors."""

from sllm.accounts.models import Role, User
from sllm.submissions.models import Authorship, Paper
from sllm.workshops.models import Track

from ..mapping import PaperData, verdict_key
from ..models import SubmissionRecord
from .context import ImportContext
from .people import grant_roles
from .rows import among, existing_rows, fit, read_rows, upsert_rows, write_rows

TRACK_WORDS = {
    "tiny": Track.Kind.TINY,
    "short": Track.Kind.TINY,
    "main": Track.Kind.MAIN,
    "long": Track.Kind.MAIN,
    "full": Track.Kind.MAIN,
    "regular": Track.Kind.MAIN,
}

PAPER_FIELDS = ("title", "abstract", "track_id", "status", "number", "topics", "openreview_id")
RECORD_FIELDS = ("note_id", "track_value", "student_paper", "authorids", "tmdate", "raw")
AUTHOR_FIELDS = ("name", "email", "openreview_id", "user_id")
# Positions in the values tuples of these fields.
STATUS, TOPICS = PAPER_FIELDS.index("status"), PAPER_FIELDS.index("topics")
EMAIL, USER = AUTHOR_FIELDS.index("email"), AUTHOR_FIELDS.index("user_id")


def track_for(value: str | None, tracks: list[Track]) -> Track | None:
    by_kind = {t.kind: t for t in tracks}
    if value is None:
        return by_kind.get(Track.Kind.MAIN) if len(tracks) else None
    wanted = value.strip().lower()
    for track in tracks:
        if wanted in {track.openreview_value.strip().lower(), track.name.strip().lower(), track.kind}:
            return track
    for word, kind in TRACK_WORDS.items():
        if word in wanted and kind in by_kind:
            return by_kind[kind]
    return None


def _paper_values(ctx: ImportContext, data: PaperData, track: Track, current: tuple | None) -> tuple:
    """The values of PAPER_FIELDS for the paper; `current` its stored ones (None for a new paper)."""
    if data.topics is not None:
        # An edition made from the venue has no topic list yet: then OpenReview's topics stand.
        known = ctx.edition.topics
        topics = [t for t in data.topics if t in known] if known else list(data.topics)
    else:
        topics = current[TOPICS] if current else []
    return (
        fit(Paper, "title", data.title),
        data.abstract,
        track.pk,
        # A known paper's status is the verdicts' business (verdicts.py), so an organizer's choice stands.
        current[STATUS] if current else ctx.verdicts[data.note_id].verdict[0],
        data.number,
        topics,
        data.note_id,
    )


def import_papers(ctx: ImportContext) -> None:
    """Reads ctx.snapshot.papers and ctx.verdicts (a new paper's status and presentation); fills ctx.papers,
    ctx.numbers and ctx.processed, which every later step uses to touch only the rows of the papers this
    run processed, and ctx.created. Only the chunk's papers are read (import_vanished sees to the rest)."""
    tracks = list(Track.objects.filter(edition=ctx.edition))
    note_ids = [p.note_id for p in ctx.snapshot.papers]
    local = Paper.objects.filter(edition=ctx.edition)
    linked = read_rows(local.filter(among("openreview_id", note_ids)), "openreview_id", PAPER_FIELDS)
    unlinked = read_rows(local.filter(openreview_id__isnull=True), "number", PAPER_FIELDS)
    # The numbers of this chunk's papers already taken here (reading all the edition's would cost each chunk more).
    numbers = set(
        local.filter(among("number", [p.number for p in ctx.snapshot.papers])).values_list("number", flat=True)
    )
    elsewhere = set(
        Paper.objects.exclude(edition=ctx.edition)
        .filter(among("openreview_id", [n for n in note_ids if n not in linked]))
        .values_list("openreview_id", flat=True)
    )
    create, update = [], []
    for data in ctx.snapshot.papers:
        label = f"Submission {data.number} ({data.note_id})"
        track = track_for(data.track_value, tracks)
        if track is None:
            ctx.warnings.append(f"{label}: unknown track {data.track_value!r}; paper skipped.")
            continue
        if data.note_id in elsewhere:
            ctx.warnings.append(f"{label}: already imported into another edition; skipped.")
            continue
        found = linked.get(data.note_id)
        if found is None and data.number in unlinked:
            found = unlinked.pop(data.number)
        if found is not None:
            pk, current = found
            values = _paper_values(ctx, data, track, current)
            if values != current:
                update.append((pk, values))
        elif data.number in numbers:
            ctx.warnings.append(f"{label}: number {data.number} belongs to another paper here; skipped.")
            continue
        else:
            presentation = ctx.verdicts[data.note_id].verdict[1]
            create.append((ctx.edition.pk, presentation, *_paper_values(ctx, data, track, None)))
            pk = None
        ctx.papers[data.note_id] = pk
    write_rows(
        ctx,
        "papers",
        Paper,
        columns=("edition_id", "presentation", *PAPER_FIELDS),
        create=create,
        fields=PAPER_FIELDS,
        update=update,
    )
    if create:  # their pks, by the note id each was created for
        new = local.filter(among("openreview_id", [row[-1] for row in create]))
        for note_id, pk in new.values_list("openreview_id", "pk"):
            ctx.papers[note_id] = pk
            ctx.created.add(pk)
    ctx.numbers = {pk: data.number for data in ctx.snapshot.papers if (pk := ctx.papers.get(data.note_id))}
    ctx.processed = set(ctx.papers.values())


def import_vanished(ctx: ImportContext, note_ids: set[str]) -> None:
    """The edition's papers linked to a note that no chunk had (note_ids: every submission synced): they
    are no longer on OpenReview, and are marked withdrawn."""
    linked = (
        Paper.objects.filter(edition=ctx.edition, openreview_id__isnull=False)
        .exclude(status=Paper.Status.WITHDRAWN)
        .values_list("number", "openreview_id", "pk")
    )
    vanished = sorted(row for row in linked if row[1] not in note_ids)
    for number, note_id, _ in vanished:
        ctx.warnings.append(
            f"Paper {number} ({note_id}) is no longer on OpenReview (deleted or hidden); marked withdrawn."
        )
    if vanished:
        Paper.objects.filter(pk__in=[pk for *_, pk in vanished]).update(
            status=Paper.Status.WITHDRAWN, presentation=Paper.Presentation.NONE, updated_at=ctx.now
        )
        ctx.counts.add("papers", "updated", len(vanished))


def import_submission_records(ctx: ImportContext) -> None:
    """One record per processed paper (ctx.papers) with OpenReview's raw fields."""
    existing = existing_rows(ctx, SubmissionRecord, "paper_id", RECORD_FIELDS)
    wanted = {
        ctx.papers[data.note_id]: (
            data.note_id,
            data.track_value,
            data.student_paper,
            data.authorids,
            data.tmdate,
            data.raw,
        )
        for data in ctx.snapshot.papers
        if data.note_id in ctx.papers
    }
    upsert_rows(
        ctx,
        "submission_records",
        SubmissionRecord,
        key="paper_id",
        existing=existing,
        wanted=wanted,
        fields=RECORD_FIELDS,
        # A paper created by this run already has its verdict; one linked now gets it from import_verdicts.
        extra=(
            "applied_verdict",
            lambda paper_id, values: verdict_key(ctx.verdicts[values[0]].verdict) if paper_id in ctx.created else "",
        ),
        stale_if=lambda values: False,  # a record goes with its paper, never on its own
    )


def import_authorships(ctx: ImportContext) -> None:
    """The processed papers' authors in order, linked to accounts where one matches; authors get their role."""
    data_by_paper = {ctx.papers[d.note_id]: d for d in ctx.snapshot.papers if d.note_id in ctx.papers}
    existing = existing_rows(ctx, Authorship, ("paper_id", "position"), AUTHOR_FIELDS)
    author_ids = {a for d in data_by_paper.values() for _, a in d.authors if a}
    users = dict(User.objects.filter(among("openreview_id", author_ids)).values_list("openreview_id", "pk"))
    emails = [a.lower() for a in author_ids if "@" in a]
    users.update(User.objects.filter(among("email", emails)).values_list("email", "pk"))
    wanted = {}
    for paper_id, data in data_by_paper.items():
        for position, (name, author_id) in enumerate(data.authors, start=1):
            user_id = users.get(author_id) or users.get(author_id.lower())
            row = existing.get((paper_id, position))
            # An address given on OpenReview replaces the stored one; a profile id keeps it.
            email = author_id.lower() if "@" in author_id else (row[1][EMAIL] if row else "")
            wanted[(paper_id, position)] = (
                fit(Authorship, "name", name),
                email,
                "" if "@" in author_id else author_id,
                user_id,
            )
    upsert_rows(
        ctx,
        "authorships",
        Authorship,
        key=("paper_id", "position"),
        existing=existing,
        wanted=wanted,
        fields=AUTHOR_FIELDS,
    )
    grant_roles(ctx, Role.Kind.AUTHOR, {values[USER] for values in wanted.values() if values[USER]})
