"""The program's content, managed by organizers: rooms, sessions, speakers and who speaks in a slot.

The pages, the API and the demo loader all write through these functions.
"""

import io
import re

import nh3
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator
from django.db import transaction
from PIL import Image, UnidentifiedImageError

from sllm.core.errors import ApplicationError, Conflict
from sllm.core.sitecache import site_cache_bump
from sllm.core.storage import atomic_with_files, file_stored

from ..models import Room, Session, Slot, SlotSpeaker, Speaker
from .schedule import slot_create

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 4000
PHOTO_FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
# A bio is plain text; markup that could run in a browser is refused outright rather than quietly cut.
ACTIVE_MARKUP = re.compile(r"<\s*/?\s*(script|style|iframe|object|embed|svg)\b|\son[a-z]+\s*=|javascript\s*:", re.I)


def _bump(edition) -> None:
    transaction.on_commit(lambda: site_cache_bump(edition))


def _text(value: str, *, name: str, limit: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ApplicationError(f"A {name} is required.", code="invalid", extra={"field": name})
    if len(value) > limit:
        raise ApplicationError(f"The {name} is at most {limit} characters.", code="invalid", extra={"field": name})
    return value


def _url(value: str, *, name: str) -> str:
    value = (value or "").strip()
    if value:
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError as exc:
            raise ApplicationError(
                f"The {name} is not an http(s) address.", code="invalid", extra={"field": name}
            ) from exc
    return value


def bio_clean(bio: str) -> str:
    """Plain text: refused when it carries active markup, otherwise every tag stripped by nh3."""
    bio = (bio or "").strip()
    if ACTIVE_MARKUP.search(bio):
        raise ApplicationError(
            "A bio may not contain scripts or active markup.", code="unsafe_bio", extra={"field": "bio"}
        )
    if len(bio) > 5000:
        raise ApplicationError("A bio is at most 5000 characters.", code="invalid", extra={"field": "bio"})
    # nh3 escapes what it keeps; the pages escape again, so unescape the few entities it writes.
    text = nh3.clean(bio, tags=set())
    return (
        text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", '"')
        .replace("&#39;", "'")
    )


def photo_check(upload) -> ContentFile:
    """The photo judged by its content (Pillow), re-encoded without metadata; refused when not an image."""
    data = upload.read()
    if len(data) > PHOTO_MAX_BYTES:
        raise ApplicationError("A photo is at most 5 MB.", code="photo_too_large", extra={"field": "photo"})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ApplicationError(
            "The photo is not a JPEG, PNG or WebP image.", code="not_an_image", extra={"field": "photo"}
        ) from exc
    if image.format not in PHOTO_FORMATS:
        raise ApplicationError(
            "The photo is not a JPEG, PNG or WebP image.", code="not_an_image", extra={"field": "photo"}
        )
    if max(image.size) > PHOTO_MAX_SIDE:
        raise ApplicationError(
            f"A photo is at most {PHOTO_MAX_SIDE} pixels on a side.", code="photo_too_large", extra={"field": "photo"}
        )
    out = io.BytesIO()
    fmt = image.format
    if fmt == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    image.save(out, format=fmt)  # a fresh file: EXIF, GPS and comments are not carried over
    return ContentFile(out.getvalue(), name=f"photo{PHOTO_FORMATS[fmt]}")


def room_save(
    *, edition, room: Room | None = None, name: str, capacity=None, livestream_url: str = "", order=0
) -> Room:
    name = _text(name, name="name", limit=120, required=True)
    if capacity is not None and (not isinstance(capacity, int) or capacity < 0):
        raise ApplicationError("The capacity is a whole number of seats.", code="invalid", extra={"field": "capacity"})
    livestream_url = _url(livestream_url, name="livestream link")
    with transaction.atomic():
        clash = Room.objects.filter(edition=edition, name=name).exclude(pk=room.pk if room else None)
        if clash.exists():
            raise Conflict(f"A room named {name!r} exists already.", code="duplicate_room")
        room = room or Room(edition=edition)
        room.name, room.capacity, room.livestream_url, room.order = name, capacity, livestream_url, order or 0
        room.save()
        _bump(edition)
    return room


def room_delete(*, room: Room) -> None:
    with transaction.atomic():
        if room.slots.exists():
            raise Conflict(f"{room.name} still holds slots; move them first.", code="room_in_use")
        room.delete()
        _bump(room.edition)


def session_save(*, edition, session: Session | None = None, title: str, order=0, expected_audience=None) -> Session:
    title = _text(title, name="title", limit=200, required=True)
    if expected_audience is not None and (not isinstance(expected_audience, int) or expected_audience < 0):
        raise ApplicationError(
            "The expected audience is a whole number.", code="invalid", extra={"field": "expected_audience"}
        )
    with transaction.atomic():
        session = session or Session(edition=edition)
        session.title, session.order, session.expected_audience = title, order or 0, expected_audience
        session.save()
        _bump(edition)
    return session


def speaker_save(
    *,
    edition,
    speaker: Speaker | None = None,
    name: str,
    affiliation: str = "",
    bio: str = "",
    website: str = "",
    photo=None,
) -> Speaker:
    """Creates or edits a speaker; a new photo replaces the old one, no photo keeps it."""
    name = _text(name, name="name", limit=200, required=True)
    affiliation = _text(affiliation, name="affiliation", limit=200)
    bio = bio_clean(bio)
    website = _url(website, name="website")
    checked = photo_check(photo) if photo is not None else None
    with atomic_with_files():  # a photo saved before a failing write is deleted with the rollback
        clash = Speaker.objects.filter(edition=edition, name=name).exclude(pk=speaker.pk if speaker else None)
        if clash.exists():
            raise Conflict(f"A speaker named {name!r} exists already.", code="duplicate_speaker")
        speaker = speaker or Speaker(edition=edition)
        old_photo = speaker.photo.name if speaker.photo else ""
        speaker.name, speaker.affiliation, speaker.bio, speaker.website = name, affiliation, bio, website
        if checked is not None:
            speaker.photo.save(checked.name, checked, save=False)
            # The replaced photo goes once the new row is committed.
            file_stored(storage=speaker.photo.storage, name=speaker.photo.name, replaces=old_photo or None)
        speaker.save()
        _bump(edition)
    return speaker


def slot_people_set(*, slot: Slot, people: list[tuple[Speaker, str]]) -> list[SlotSpeaker]:
    """Who appears in a slot and as what: speakers of a talk, panelists and moderators of a panel, hosts."""
    roles = set(SlotSpeaker.Role.values)
    seen = set()
    for speaker, role in people:
        if role not in roles:
            raise ApplicationError(f"Unknown role {role!r}.", code="invalid", extra={"field": "role"})
        if speaker.edition_id != slot.session.edition_id:
            raise ApplicationError(
                "The speaker belongs to another edition.", code="invalid", extra={"field": "speaker"}
            )
        if speaker.pk in seen:
            raise ApplicationError(f"{speaker.name} is listed twice.", code="invalid", extra={"field": "speaker"})
        seen.add(speaker.pk)
    with transaction.atomic():
        slot.slot_speakers.all().delete()
        rows = SlotSpeaker.objects.bulk_create(
            SlotSpeaker(slot=slot, speaker=speaker, role=role, order=index)
            for index, (speaker, role) in enumerate(people)
        )
        _bump(slot.session.edition)
    return rows


def slot_create_with_people(
    *, edition, session, room, kind, title, start, end, description="", poster_session=None, people=()
) -> Slot:
    """A slot and who appears in it, in one transaction (the API's one call)."""
    with transaction.atomic():
        slot = slot_create(
            edition=edition,
            session=session,
            room=room,
            kind=kind,
            title=title,
            start=start,
            end=end,
            description=description,
            poster_session=poster_session,
            speakers=[speaker for speaker, _ in people],
        )
        slot_people_set(slot=slot, people=list(people))
    return slot
