"""Building the program: slots added, moved and released."""

from django.db import transaction
from django.db.models import Max

from sllm.core.errors import ApplicationError, Conflict
from sllm.core.sitecache import site_cache_bump
from sllm.reviewing.models import Vote
from sllm.reviewing.votes.selectors import vote_decision, vote_get
from sllm.submissions.models import Paper

from .. import checks, selectors
from ..models import ProgramRelease, Room, Session, Slot, SlotSpeaker, Speaker


def _validate(*, edition, session: Session, room: Room, kind: str, title: str, start, end, paper, poster_session):
    errors = []
    if session.edition_id != edition.pk or room.edition_id != edition.pk:
        errors.append("The session and room must belong to this edition.")
    if kind not in Slot.Kind.values:
        errors.append(f"Unknown slot kind {kind!r}.")
    if not title.strip() or len(title) > 300:
        errors.append("A title of at most 300 characters is required.")
    if start is None or end is None or end <= start:
        errors.append("The slot must end after it starts.")
    if paper is not None:
        if paper.edition_id != edition.pk or paper.status != Paper.Status.ACCEPTED:
            errors.append("Only an accepted paper of this edition can be given a slot.")
    if kind == Slot.Kind.POSTER and poster_session not in (1, 2):
        errors.append("A poster session is number 1 or 2.")
    if errors:
        raise ApplicationError(" ".join(errors), code="invalid_slot")


def _refuse_double_booking(*, edition, candidate: Slot, speakers: list[Speaker]) -> None:
    """Answers a move that would double-book a room or a person with the warning, before anything is saved."""
    others = [s for s in selectors.slot_list_draft(edition=edition) if s.pk != candidate.pk]
    people = {selectors.person_key(user_id=s.user_id, name=s.name): s.name for s in speakers}
    if candidate.paper is not None:
        for author in candidate.paper.authorships.all():
            people[selectors.person_key(user_id=author.user_id, name=author.name)] = author.name
    mine = {
        "id": candidate.pk or 0,
        "title": candidate.title,
        "room": candidate.room.name,
        "start": candidate.start,
        "end": candidate.end,
        "people": people,
    }
    clashes = [
        w for w in checks.slot_warnings([mine] + [selectors.slot_plain(s) for s in others]) if mine["id"] in w["slots"]
    ]
    if clashes:
        raise Conflict(
            " ".join(w["message"] for w in clashes),
            code="double_booked",
            extra={"warnings": [{"code": w["code"], "message": w["message"]} for w in clashes]},
        )


def _set_speakers(slot: Slot, speakers: list[Speaker]) -> None:
    # A person kept in the slot keeps the role given on the people page (a panel's moderator stays one).
    kept = dict(slot.slot_speakers.values_list("speaker_id", "role")) if slot.pk else {}
    slot.slot_speakers.all().delete()
    role = SlotSpeaker.Role.PANELIST if slot.kind == Slot.Kind.PANEL else SlotSpeaker.Role.SPEAKER
    SlotSpeaker.objects.bulk_create(
        SlotSpeaker(slot=slot, speaker=speaker, role=kept.get(speaker.pk, role), order=index)
        for index, speaker in enumerate(speakers)
    )


@transaction.atomic
def slot_create(
    *, edition, session, room, kind, title, start, end, paper=None, speakers=(), poster_session=None, description=""
) -> Slot:
    _validate(
        edition=edition,
        session=session,
        room=room,
        kind=kind,
        title=title,
        start=start,
        end=end,
        paper=paper,
        poster_session=poster_session,
    )
    slot = Slot(
        session=session,
        room=room,
        kind=kind,
        title=title.strip(),
        start=start,
        end=end,
        paper=paper,
        poster_session=poster_session if kind == Slot.Kind.POSTER else None,
        description=description,
    )
    if paper is not None and Slot.objects.filter(paper=paper).exists():
        raise Conflict(f"Paper #{paper.number} already has a slot.", code="paper_has_slot")
    _refuse_double_booking(edition=edition, candidate=slot, speakers=list(speakers))
    slot.save()
    _set_speakers(slot, list(speakers))
    return slot


@transaction.atomic
def slot_update(
    *,
    slot: Slot,
    session=None,
    room=None,
    kind=None,
    title=None,
    start=None,
    end=None,
    paper=...,
    speakers=None,
    poster_session=...,
    description=None,
) -> Slot:
    """Moves or edits a slot; fields left out keep their value."""
    slot = Slot.objects.select_for_update().select_related("session__edition", "room").get(pk=slot.pk)
    edition = slot.session.edition
    slot.session = session or slot.session
    slot.room = room or slot.room
    slot.kind = kind or slot.kind
    slot.title = (title if title is not None else slot.title).strip()
    slot.start = start or slot.start
    slot.end = end or slot.end
    slot.description = description if description is not None else slot.description
    if paper is not ...:
        slot.paper = paper
    if poster_session is not ...:
        slot.poster_session = poster_session
    _validate(
        edition=edition,
        session=slot.session,
        room=slot.room,
        kind=slot.kind,
        title=slot.title,
        start=slot.start,
        end=slot.end,
        paper=slot.paper,
        poster_session=slot.poster_session,
    )
    if slot.paper is not None and Slot.objects.filter(paper=slot.paper).exclude(pk=slot.pk).exists():
        raise Conflict(f"Paper #{slot.paper.number} already has a slot.", code="paper_has_slot")
    current = [ss.speaker for ss in slot.slot_speakers.select_related("speaker")]
    chosen = list(speakers) if speakers is not None else current
    _refuse_double_booking(edition=edition, candidate=slot, speakers=chosen)
    slot.save()
    if speakers is not None:
        _set_speakers(slot, chosen)
    return slot


@transaction.atomic
def slot_delete(*, slot: Slot) -> None:
    slot.delete()


@transaction.atomic
def program_release(*, edition, user=None, note: str = "") -> ProgramRelease:
    """Freezes the draft as the next public version, with what moved since the previous one."""
    # Lock the edition's releases so two organizers releasing at once get consecutive numbers.
    previous = ProgramRelease.objects.select_for_update().filter(edition=edition).order_by("-number").first()
    snapshot = selectors.snapshot_build(edition=edition)
    number = (ProgramRelease.objects.filter(edition=edition).aggregate(n=Max("number"))["n"] or 0) + 1
    changes = checks.release_changes(previous.snapshot["slots"], snapshot["slots"]) if previous else []
    release = ProgramRelease.objects.create(
        edition=edition,
        number=number,
        released_by=user if user and user.is_authenticated else None,
        note=note.strip()[:300],
        snapshot=snapshot,
        changes=changes,
    )
    transaction.on_commit(lambda: site_cache_bump(edition))
    return release


def _decision_order(edition) -> list[int]:
    """Oral paper numbers in the order the oral vote decided them (empty before a decision)."""
    vote = vote_get(edition=edition, kind=Vote.Kind.ORALS)
    decision = vote_decision(vote=vote) if vote else None
    return list(decision.data.get("papers", [])) if decision else []


@transaction.atomic
def oral_slots_fill(*, edition) -> list[Slot]:
    """Puts the oral papers into the oral slots, in decision order (then by number), earliest slot first."""
    order = _decision_order(edition)
    papers = sorted(
        selectors.oral_papers(edition=edition).prefetch_related("authorships"),
        key=lambda p: (order.index(p.number) if p.number in order else len(order), p.number),
    )
    slots = list(
        Slot.objects.select_for_update().filter(session__edition=edition, kind=Slot.Kind.ORAL).order_by("start", "pk")
    )
    # Detach first: a paper moving from one oral slot to another must not meet itself (one slot per paper).
    Slot.objects.filter(pk__in=[s.pk for s in slots]).update(paper=None)
    for index, slot in enumerate(slots):
        paper = papers[index] if index < len(papers) else None
        slot.paper = paper
        slot.title = paper.title if paper else f"Oral presentation {index + 1}"
        slot.save(update_fields=["paper", "title"])
    return slots
