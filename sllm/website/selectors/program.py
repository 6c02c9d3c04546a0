"""The program's public pages at any size: one day of the schedule, one page of poster boards, one
paper's slot and board, each read from the latest release without loading all of it (release.py)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from sllm.program.models import Recording, Slot
from sllm.program.selectors import _localize
from sllm.submissions.models import Authorship, Paper, PaperFile

from .release import release_board_extent, release_head, release_items, release_values

BOARDS_PER_PAGE = 60
POSTER_SESSIONS = (1, 2)  # PosterBoard's check constraint


def _day_bounds(day: dt.date, zone: ZoneInfo) -> tuple[str, str]:
    """The day's first and next day's first instant in `zone`, as the snapshot writes times (UTC ISO)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()


def schedule_dates(*, release, zone: ZoneInfo) -> list[dt.date]:
    """The days (in `zone`) on which a slot of the release starts."""
    starts = release_values(release=release, key="slots", field="start")
    return sorted({dt.datetime.fromisoformat(s).astimezone(zone).date() for s in starts})


def schedule_day(*, edition, zone: ZoneInfo, day: dt.date | None = None) -> dict | None:
    """One day of the latest release (its first day by default), grouped by session, times in `zone`:
    {"release", "dates", "date", "days": [{"date", "sessions"}], "slots"}; None if nothing is released or the
    release has no slot that day."""
    release = release_head(edition=edition)
    if release is None:
        return None
    dates = schedule_dates(release=release, zone=zone)
    day = day or (dates[0] if dates else None)
    if day not in dates:
        return None
    start, end = _day_bounds(day, zone)
    slots = release_items(release=release, key="slots", where=[(("start",), ">=", start), (("start",), "<", end)])
    slots = sorted((_localize(s, zone) for s in slots), key=lambda s: (s["start_utc"], s["room"]))
    sessions: dict = {}
    for slot in slots:
        session = sessions.setdefault(
            slot["session_uid"], {"title": slot["session"], "uid": slot["session_uid"], "slots": []}
        )
        session["slots"].append(slot)
    return {
        "release": release,
        "dates": dates,
        "date": day,
        "days": [{"date": day, "sessions": list(sessions.values())}],
        "slots": slots,
    }


def _papers_by_number(*, edition, numbers: list[int]) -> dict[int, Paper]:
    papers = (
        Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED, number__in=numbers)
        .select_related("track")
        .defer("abstract")
        .prefetch_related(
            Prefetch("authorships", queryset=Authorship.objects.order_by("position").only("paper_id", "name")),
            Prefetch(
                "files",
                queryset=PaperFile.objects.filter(kind=PaperFile.Kind.POSTER).only("paper_id", "kind"),
                to_attr="poster_files",
            ),
        )
    )
    return {p.number: p for p in papers}


def posters_page(*, edition, session: int, page: int) -> dict | None:
    """Boards (page - 1) * BOARDS_PER_PAGE + 1 .. page * BOARDS_PER_PAGE of a poster session, with their
    papers, authors and poster files: {"session", "slot", "boards", "page", "pages", "first", "last",
    "sessions": {session: pages}}; None past the last page or without a release."""
    release = release_head(edition=edition)
    if release is None:
        return None
    extent = release_board_extent(release=release)
    sessions = {n: -(-extent.get(n, 0) // BOARDS_PER_PAGE) for n in POSTER_SESSIONS}
    if session not in sessions or not 1 <= page <= max(sessions[session], 1):
        return None
    first, last = (page - 1) * BOARDS_PER_PAGE + 1, page * BOARDS_PER_PAGE
    boards = release_items(
        release=release,
        key="boards",
        where=[(("session",), "=", session), (("number",), ">=", first), (("number",), "<", last + 1)],
    )
    papers = _papers_by_number(edition=edition, numbers=[b["paper"] for b in boards])
    slot = release_items(
        release=release,
        key="slots",
        where=[(("kind",), "=", Slot.Kind.POSTER), (("poster_session",), "=", session)],
        limit=1,
    )
    return {
        "session": session,
        "slot": slot[0] if slot else None,
        "boards": [
            {"number": b["number"], "paper": paper, "poster": paper.poster_files[0] if paper.poster_files else None}
            for b in boards
            if (paper := papers.get(b["paper"])) is not None
        ],
        "page": page,
        "pages": sessions[session],
        "first": first,
        "last": last,
        "sessions": sessions,
    }


def board_page(board_number: int) -> int:
    return (board_number - 1) // BOARDS_PER_PAGE + 1


def paper_presentation(*, paper) -> dict:
    """What the paper page shows of the program: slot (and the schedule day it is on), board (and its page
    of the posters), poster, slides, PDF and recording."""
    files = {f.kind: f for f in PaperFile.objects.filter(paper=paper).only("kind", "paper_id")}
    release = release_head(edition=paper.edition)
    slot = board = None
    if release is not None:
        number = [(("paper", "number"), "=", paper.number)]
        found = release_items(release=release, key="slots", where=number, limit=1)
        slot = _localize(found[0], paper.edition.tz) if found else None
        found = release_items(release=release, key="boards", where=[(("paper",), "=", paper.number)], limit=1)
        board = {**found[0], "page": board_page(found[0]["number"])} if found else None
    recording = Recording.objects.filter(paper=paper, published=True).first()
    if recording is None and slot is not None:
        recording = Recording.objects.filter(slot__uid=slot["uid"], published=True).first()
    shown = {kind: files.get(kind) for kind in (PaperFile.Kind.POSTER, PaperFile.Kind.SLIDES)}
    shown["pdf"] = files.get(PaperFile.Kind.CAMERA_READY) or files.get(PaperFile.Kind.SUBMISSION)
    return {**shown, "recording": recording, "slot": slot, "board": board}
