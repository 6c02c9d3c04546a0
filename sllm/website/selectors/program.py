"""The program's public pages at any size: one day of the schedule, one page of poster boards, one
paper's slot and board, the calendar files, the speakers and the recordings, each read from the latest
release without loading all of it (sllm.program.selectors.release)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Exists, F, OuterRef, Subquery

from sllm.artifacts.selectors import BADGE_FLAGS, badges_of, with_badge_flags
from sllm.program.models import Recording, Room, Slot, Speaker
from sllm.program.selectors import _localize
from sllm.program.selectors.release import (
    board_extent,
    first,
    items,
    latest_release_part,
    latest_release_uid,
    release_head,
    values,
)
from sllm.submissions.models import Authorship, Paper, PaperFile

BOARDS_PER_PAGE = 60
POSTER_SESSIONS = (1, 2)  # PosterBoard's check constraint
TALKS = (("kind",), "in", tuple(sorted(Slot.TALK_KINDS)))  # the slots with a calendar entry and a recording


def _day_bounds(day: dt.date, zone: ZoneInfo) -> tuple[str, str]:
    """The day's first and next day's first instant in `zone`, as the snapshot writes times (UTC ISO)."""
    start = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start.astimezone(dt.UTC).isoformat(), end.astimezone(dt.UTC).isoformat()


def schedule_dates(*, starts, zone: ZoneInfo) -> list[dt.date]:
    """The days (in `zone`) on which the slots starting at `starts` (UTC ISO times) start."""
    return sorted({dt.datetime.fromisoformat(s).astimezone(zone).date() for s in starts if s is not None})


def _day_items(day: dt.date, zone: ZoneInfo):
    start, end = _day_bounds(day, zone)
    return items("slots", where=[(("start",), ">=", start), (("start",), "<", end)])


def release_with_dates(*, edition):
    """The latest release with the start times of its slots as `starts` (for schedule_dates), or None."""
    return release_head(edition=edition, starts=values("slots", "start"))


def schedule_day(*, edition, zone: ZoneInfo, day: dt.date | None = None) -> dict | None:
    """One day of the latest release (its first day by default), grouped by session, times in `zone`:
    {"release", "dates", "date", "days": [{"date", "sessions"}], "slots"}; None if nothing is released or the
    release has no slot that day. A given day costs one query, the first day two."""
    if day is None:
        release = release_with_dates(edition=edition)
        dates = schedule_dates(starts=release.starts, zone=zone) if release is not None else []
        if not dates:
            return None
        day = dates[0]
        release = release_head(edition=edition, slots=_day_items(day, zone))
    else:
        release = release_head(edition=edition, starts=values("slots", "start"), slots=_day_items(day, zone))
        if release is None:
            return None
        dates = schedule_dates(starts=release.starts, zone=zone)
    if release is None or day not in dates:
        return None
    slots = sorted((_localize(s, zone) for s in release.slots), key=lambda s: (s["start_utc"], s["room"]))
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


def _papers_by_number(*, edition, numbers: list[int]) -> dict[int, dict]:
    """{number: {"pk", "number", "title", "track", "authors", "poster", badge flags}} of the accepted
    papers among `numbers`: their rows and flags in one query, their authors in another."""
    papers = with_badge_flags(
        Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED, number__in=numbers).annotate(
            poster=Exists(PaperFile.objects.filter(paper=OuterRef("pk"), kind=PaperFile.Kind.POSTER)),
            track_name=F("track__name"),
        )
    ).values("pk", "number", "title", "track_name", "poster", *BADGE_FLAGS)
    found = {p["pk"]: {**p, "authors": []} for p in papers}
    authors = Authorship.objects.filter(paper__in=list(found)).order_by("paper_id", "position")
    for paper_id, name in authors.values_list("paper_id", "name"):
        found[paper_id]["authors"].append(name)
    return {p["number"]: p for p in found.values()}


def posters_page(*, edition, session: int, page: int) -> dict | None:
    """Boards (page - 1) * BOARDS_PER_PAGE + 1 .. page * BOARDS_PER_PAGE of a poster session, with their
    papers, authors, poster files and badges: {"session", "slot", "boards", "page", "pages", "first", "last",
    "sessions": {session: pages}}; None past the last page or without a release."""
    first_board, last_board = (page - 1) * BOARDS_PER_PAGE + 1, page * BOARDS_PER_PAGE
    release = release_head(
        edition=edition,
        extent=board_extent(),
        boards=items(
            "boards",
            where=[(("session",), "=", session), (("number",), ">=", first_board), (("number",), "<", last_board + 1)],
        ),
        slot=first("slots", where=[(("kind",), "=", Slot.Kind.POSTER), (("poster_session",), "=", session)]),
    )
    if release is None:
        return None
    sessions = {n: -(-release.extent.get(n, 0) // BOARDS_PER_PAGE) for n in POSTER_SESSIONS}
    if session not in sessions or not 1 <= page <= max(sessions[session], 1):
        return None
    papers = _papers_by_number(edition=edition, numbers=[b["paper"] for b in release.boards])
    return {
        "session": session,
        "slot": release.slot,
        "boards": [
            {"number": b["number"], "paper": paper, "poster": paper["poster"], "badges": badges_of(paper)}
            for b in release.boards
            if (paper := papers.get(b["paper"])) is not None
        ],
        "page": page,
        "pages": sessions[session],
        "first": first_board,
        "last": last_board,
        "sessions": sessions,
    }


def board_page(board_number: int) -> int:
    return (board_number - 1) // BOARDS_PER_PAGE + 1


def paper_presentation(*, paper) -> dict:
    """What the paper page shows of the program: slot (and the schedule day it is on), board (and its page
    of the posters), whether it has a poster, slides and a PDF, and its recording ({"url"} or None): the
    paper's own, else its released talk's. One query."""
    edition = paper.edition
    files = PaperFile.objects.filter(paper=OuterRef("pk"))
    released_slot = first("slots", [(("paper", "number"), "=", paper.number)])
    recordings = Recording.objects.filter(published=True)
    row = (
        Paper.objects.filter(pk=paper.pk)
        .annotate(
            released_slot=latest_release_part(edition=edition, part=released_slot),
            released_board=latest_release_part(
                edition=edition, part=first("boards", [(("paper",), "=", paper.number)])
            ),
            has_poster=Exists(files.filter(kind=PaperFile.Kind.POSTER)),
            has_slides=Exists(files.filter(kind=PaperFile.Kind.SLIDES)),
            has_pdf=Exists(files.filter(kind__in=[PaperFile.Kind.CAMERA_READY, PaperFile.Kind.SUBMISSION])),
            recording_url=Subquery(recordings.filter(paper=OuterRef("pk")).values("url")[:1]),
            talk_recording_url=Subquery(
                recordings.filter(slot__uid=latest_release_uid(edition=edition, part=released_slot)).values("url")[:1]
            ),
        )
        .values(
            "released_slot",
            "released_board",
            "has_poster",
            "has_slides",
            "has_pdf",
            "recording_url",
            "talk_recording_url",
        )
        .get()
    )
    slot = _localize(row["released_slot"], edition.tz) if row["released_slot"] else None
    board = (
        {**row["released_board"], "page": board_page(row["released_board"]["number"])}
        if row["released_board"]
        else None
    )
    recording = row["recording_url"] or row["talk_recording_url"]
    return {
        "poster": row["has_poster"],
        "slides": row["has_slides"],
        "pdf": row["has_pdf"],
        "recording": {"url": recording} if recording is not None else None,
        "slot": slot,
        "board": board,
    }


def calendar_release(*, edition, session_uid: str | None = None):
    """The latest release with the slots of its calendar file as `slots` (all of them, or one session's),
    or None; one query."""
    where = [(("session_uid",), "=", session_uid)] if session_uid is not None else []
    return release_head(edition=edition, slots=items("slots", where))


def talk_release(*, edition, uid: str):
    """The latest release with its talk `uid` (a slot of a talk kind) as `talk` (None where it has no such
    talk), or None; one query."""
    return release_head(edition=edition, talk=first("slots", [(("uid",), "=", uid), TALKS]))


def speakers_public(*, edition) -> list[dict]:
    """Everyone on the latest release's program, with the slots they appear in: [{"speaker", "slots"}] by
    name. Two queries: the release's slots that have speakers, then those speakers."""
    release = release_head(edition=edition, slots=items("slots", [(("speakers",), "nonempty", None)]))
    if release is None:
        return []
    appearances: dict[str, list] = {}
    for slot in release.slots:
        for speaker in slot["speakers"]:
            appearances.setdefault(speaker["name"], []).append(slot)
    speakers = Speaker.objects.filter(edition=edition, name__in=list(appearances)).order_by("name")
    return [{"speaker": s, "slots": appearances[s.name]} for s in speakers]


def recordings_public(*, edition) -> dict:
    """The latest release's talks with their recordings (the talk's own, else its paper's), and the rooms'
    livestreams: {"talks": [{"slot", "recording"}], "livestreams"}. Three queries: the talks, the
    published recordings, the rooms."""
    release = release_head(edition=edition, talks=items("slots", [TALKS]))
    by_slot, by_paper = {}, {}
    # Each recording is of a slot or of a paper (or both): one query for the two lookups.
    for recording in Recording.objects.filter(edition=edition, published=True).select_related("slot", "paper"):
        if recording.slot is not None:
            by_slot[str(recording.slot.uid)] = recording
        if recording.paper is not None:
            by_paper[recording.paper.number] = recording
    rows = []
    for talk in release.talks if release is not None else []:
        recording = by_slot.get(talk["uid"]) or (by_paper.get(talk["paper"]["number"]) if talk["paper"] else None)
        rows.append({"slot": _localize(talk, edition.tz), "recording": recording})
    return {
        "talks": rows,
        "livestreams": list(Room.objects.filter(edition=edition).exclude(livestream_url="").order_by("order")),
    }
