"""Reads of the program: the organizers' draft, its warnings, and the latest public release."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db.models import Avg, Count, Prefetch

from sllm.accounts.models import Role
from sllm.submissions.models import Authorship, Paper

from .. import checks
from ..models import (
    BreakoutOutcome,
    Feedback,
    PosterBoard,
    ProgramRelease,
    Room,
    Session,
    Slot,
    SlotSpeaker,
    Speaker,
)


def person_key(*, user_id: int | None, name: str) -> str:
    return f"u{user_id}" if user_id else "n" + " ".join(name.lower().split())


def slot_list_draft(*, edition):
    return (
        Slot.objects.filter(session__edition=edition)
        .select_related("room", "session", "paper", "recording")
        .prefetch_related(
            Prefetch("slot_speakers", queryset=SlotSpeaker.objects.select_related("speaker").order_by("order", "pk")),
            Prefetch("paper__authorships", queryset=Authorship.objects.order_by("position")),
        )
        .order_by("start", "room__order", "pk")
    )


def slot_people(slot: Slot) -> dict[str, str]:
    people = {
        person_key(user_id=ss.speaker.user_id, name=ss.speaker.name): ss.speaker.name for ss in slot.slot_speakers.all()
    }
    if slot.paper is not None:
        for author in slot.paper.authorships.all():
            people[person_key(user_id=author.user_id, name=author.name)] = author.name
    return people


def slot_plain(slot: Slot) -> dict:
    return {
        "id": slot.pk,
        "title": slot.title,
        "room": slot.room.name,
        "start": slot.start,
        "end": slot.end,
        "people": slot_people(slot),
    }


def room_list(*, edition):
    return Room.objects.filter(edition=edition).order_by("order", "name")


def session_list(*, edition):
    return Session.objects.filter(edition=edition).order_by("order", "pk")


def speaker_list(*, edition):
    return Speaker.objects.filter(edition=edition).order_by("name")


def _accepted(edition, presentation):
    return Paper.objects.filter(edition=edition, status=Paper.Status.ACCEPTED, presentation=presentation)


def program_warnings(*, edition, slots=None) -> list[dict]:
    slots = list(slots if slots is not None else slot_list_draft(edition=edition))
    orals = _accepted(edition, Paper.Presentation.ORAL).filter(program_slot__isnull=True).order_by("number")
    posters = _accepted(edition, Paper.Presentation.POSTER).filter(poster_board__isnull=True).order_by("number")
    capacities = [
        {
            "id": s.pk,
            "title": s.title,
            "room": s.room.name,
            "capacity": s.room.capacity,
            "session": s.session.title,
            "audience": s.session.expected_audience,
        }
        for s in slots
    ]
    return (
        checks.slot_warnings([slot_plain(s) for s in slots])
        + checks.capacity_warnings(capacities)
        + checks.paper_warnings(
            orals_without_slot=list(orals.values("number", "title")),
            posters_without_board=list(posters.values("number", "title")),
            undecided=list(_accepted(edition, Paper.Presentation.NONE).order_by("number").values("number", "title")),
        )
    )


def poster_papers(*, edition):
    return (
        _accepted(edition, Paper.Presentation.POSTER)
        .select_related("track")
        .prefetch_related(Prefetch("authorships", queryset=Authorship.objects.order_by("position")))
        .order_by("number")
    )


def poster_board_list(*, edition):
    return (
        PosterBoard.objects.filter(edition=edition)
        .select_related("paper", "paper__track")
        .order_by("session", "number")
    )


def oral_papers(*, edition):
    return _accepted(edition, Paper.Presentation.ORAL).order_by("number")


def release_latest(*, edition) -> ProgramRelease | None:
    return ProgramRelease.objects.filter(edition=edition).order_by("-number").first()


def release_list(*, edition):
    return ProgramRelease.objects.filter(edition=edition).select_related("released_by").order_by("-number")


def snapshot_build(*, edition) -> dict:
    """The draft as plain JSON: what a release freezes and what the public pages render."""
    slots = []
    for slot in slot_list_draft(edition=edition):
        paper = slot.paper
        slots.append(
            {
                "uid": str(slot.uid),
                "session_uid": str(slot.session.uid),
                "session": slot.session.title,
                "session_order": slot.session.order,
                "kind": slot.kind,
                "kind_label": slot.get_kind_display(),
                "title": slot.title,
                "description": slot.description,
                "room": slot.room.name,
                "start": slot.start.astimezone(dt.UTC).isoformat(),
                "end": slot.end.astimezone(dt.UTC).isoformat(),
                "speakers": [
                    {"name": ss.speaker.name, "affiliation": ss.speaker.affiliation, "role": ss.role}
                    for ss in slot.slot_speakers.all()
                ],
                "paper": None
                if paper is None
                else {
                    "number": paper.number,
                    "title": paper.title,
                    "authors": [a.name for a in paper.authorships.all()],
                },
                "poster_session": slot.poster_session,
            }
        )
    boards = [
        {"paper": b.paper.number, "session": b.session, "number": b.number}
        for b in PosterBoard.objects.filter(edition=edition).select_related("paper").order_by("session", "number")
    ]
    return {"slots": slots, "boards": boards}


def _localize(slot: dict, zone: ZoneInfo) -> dict:
    start = dt.datetime.fromisoformat(slot["start"])
    end = dt.datetime.fromisoformat(slot["end"])
    # Local times are naive wall-clock times: the template's date filter would otherwise convert an aware
    # datetime back to the active zone (UTC).
    return {
        **slot,
        "start_utc": start,
        "end_utc": end,
        "start_local": start.astimezone(zone).replace(tzinfo=None),
        "end_local": end.astimezone(zone).replace(tzinfo=None),
        "is_talk": slot["kind"] in Slot.TALK_KINDS,
    }


def organizer_list_public(*, edition):
    return (
        Role.objects.filter(edition=edition, kind=Role.Kind.ORGANIZER)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def feedback_list(*, edition):
    return Feedback.objects.filter(edition=edition).order_by("-pk")


RATINGS = [
    ("content_rating", "Content"),
    ("activities_rating", "Activities"),
    ("format_rating", "Format"),
    ("mentoring_rating", "Mentoring programme"),
    ("breakout_rating", "Breakout sessions"),
]


def feedback_summary(*, edition) -> dict:

    answers = Feedback.objects.filter(edition=edition)
    aggregates = answers.aggregate(
        total=Count("id"),
        **{f"{field}_avg": Avg(field) for field, _ in RATINGS},
        **{f"{field}_n": Count(field) for field, _ in RATINGS},
    )
    return {
        "total": aggregates["total"],
        "ratings": [
            {
                "field": field,
                "label": label,
                "answers": aggregates[f"{field}_n"],
                "average": None if aggregates[f"{field}_avg"] is None else round(aggregates[f"{field}_avg"], 2),
            }
            for field, label in RATINGS
        ],
    }


def breakout_outcomes_public(*, edition):
    return BreakoutOutcome.objects.filter(edition=edition, published=True).order_by("order", "pk")


def breakout_outcome_list(*, edition):
    return BreakoutOutcome.objects.filter(edition=edition).order_by("order", "pk")


def mentoring_slots(*, edition) -> dict:
    """The draft program's mentoring kick-off and mentor-mentee lunch slots ({"kickoff", "lunch"}, None when
    absent): the mentoring pages and mails take their times and rooms from here, so moving a slot moves them."""
    slots = list(
        Slot.objects.filter(session__edition=edition, kind__in=[Slot.Kind.MENTORING, Slot.Kind.LUNCH])
        .select_related("room")
        .order_by("start", "pk")
    )
    kickoff = next((s for s in slots if s.kind == Slot.Kind.MENTORING), None)
    lunches = [s for s in slots if s.kind == Slot.Kind.LUNCH]
    # The mentor-mentee lunch is the lunch that says so; an edition with one lunch holds it there.
    lunch = next((s for s in lunches if "mentor" in s.title.lower()), lunches[0] if len(lunches) == 1 else None)
    return {"kickoff": kickoff, "lunch": lunch}


def speaker_with_photo(*, edition, speaker_id: int) -> Speaker | None:
    return Speaker.objects.filter(edition=edition, pk=speaker_id).exclude(photo="").first()
