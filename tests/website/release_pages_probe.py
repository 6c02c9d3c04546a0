"""The pages built from parts of the latest program release beyond the schedule, posters and papers: the
calendar files, the speakers, the recordings and the edition's home page, for the same released edition on
any database.

Run in-process (PostgreSQL, the suite's database) and as a script in a subprocess on a SQLite file (the
demo's database): both must answer the same bytes. It prints, as JSON, each URL with its status, its content
type and its body, speakers' primary keys written as their names (sequences differ between the databases),
and the parts that parts() picks.
"""

import datetime as dt
import json
import re
import sys
import uuid

SLUG = "release-pages"
RELEASED_AT = dt.datetime(2026, 4, 1, 9, 30, tzinfo=dt.UTC)
SPEAKER_KEY = re.compile(r"(speaker-|/speakers/)(\d+)")


def seed(*, slug: str = SLUG, papers: int = 24) -> None:
    """A public edition of `papers` accepted papers (half orals, over two days), the demo's day of talks and
    panels, a speaker on two slots, recordings of a talk and of a paper, a livestream; released twice, with
    every uid and release time fixed so that two databases write the same files."""
    from sllm.program import services  # noqa: PLC0415 -- needs Django set up
    from sllm.program.models import ProgramRelease, Room, Session, Slot, SlotSpeaker, Speaker  # noqa: PLC0415
    from sllm.submissions.models import Paper  # noqa: PLC0415
    from tests.perf._common import edition_generate  # noqa: PLC0415

    edition = edition_generate(slug, papers=papers)
    # Sessions' uids are 00000000-0000-0001-…, slots' 00000000-0000-0002-…, numbered in the order made.
    sessions, slots = Session.objects.filter(edition=edition), Slot.objects.filter(session__edition=edition)
    for prefix, rows in enumerate((sessions, slots), start=1):
        for index, pk in enumerate(rows.order_by("pk").values_list("pk", flat=True)):
            rows.filter(pk=pk).update(uid=uuid.UUID(int=prefix << 64 | index))
    Speaker.objects.filter(edition=edition, name="Atlas Wang").update(
        affiliation="University of Texas at Austin", bio="Works on sparse & efficient <models>."
    )
    closing = Slot.objects.get(session__edition=edition, kind=Slot.Kind.AWARDS)
    SlotSpeaker.objects.create(slot=closing, speaker=Speaker.objects.get(edition=edition, name="Atlas Wang"))
    Slot.objects.filter(pk=closing.pk).update(description="Awards, thanks; and goodbye,\nsee you next year")
    Room.objects.filter(edition=edition, name="Main hall").update(livestream_url="https://live.example.org/main")
    talk = Slot.objects.get(session__edition=edition, title="Invited talk 2")
    services.recording_set(edition=edition, slot=talk, url="https://vimeo.com/42")
    services.recording_set(
        edition=edition, paper=Paper.objects.get(edition=edition, number=3), url="https://youtu.be/3"
    )
    Slot.objects.filter(pk=talk.pk).update(title="Invited talk 2 (moved)")
    services.program_release(edition=edition)
    ProgramRelease.objects.filter(edition=edition).update(released_at=RELEASED_AT)


def urls(*, slug: str = SLUG) -> list[str]:
    from sllm.program.models import Session, Slot  # noqa: PLC0415 -- needs Django set up

    slots = Slot.objects.filter(session__edition__slug=slug).order_by("pk")
    talk, poster = slots.get(title="Invited talk 1"), slots.filter(kind=Slot.Kind.POSTER).first()
    session = Session.objects.get(edition__slug=slug, title="Late afternoon talks")
    return [
        f"/{slug}/",
        f"/{slug}/speakers/",
        f"/{slug}/recordings/",
        f"/{slug}/schedule.ics",
        f"/{slug}/schedule/sessions/{session.uid}.ics",
        f"/{slug}/schedule/talks/{talk.uid}.ics",
        f"/{slug}/schedule/talks/{poster.uid}.ics",  # a poster session is no talk: 404
        f"/{slug}/schedule/sessions/{uuid.UUID(int=7)}.ics",  # no such session: 404
    ]


def pages(client, *, slug: str = SLUG) -> dict:
    from sllm.program.models import Speaker  # noqa: PLC0415 -- needs Django set up

    names = dict(Speaker.objects.filter(edition__slug=slug).values_list("pk", "name"))
    answered = {}
    for url in urls(slug=slug):
        response = client.get(url)
        body = SPEAKER_KEY.sub(lambda m: m.group(1) + names[int(m.group(2))], response.content.decode())
        answered[url] = {"status": response.status_code, "type": response["Content-Type"], "body": body}
    return answered


def parts(*, slug: str = SLUG) -> dict:
    """Parts picked by the conditions no page above asks for: a number among several, every slot with
    speakers that is no talk, and the distinct uids of the panels (in uid order: DISTINCT keeps none)."""
    from sllm.program.models import Slot  # noqa: PLC0415 -- needs Django set up
    from sllm.program.selectors.release import items, release_head, values  # noqa: PLC0415
    from sllm.workshops.models import Edition  # noqa: PLC0415

    release = release_head(
        edition=Edition.objects.get(slug=slug),
        boards=items("boards", [(("session",), "=", 2), (("number",), "in", (1, 3))]),
        hosted=items("slots", [(("speakers",), "nonempty", None), (("kind",), "in", (Slot.Kind.OPENING, "awards"))]),
        panels=values("slots", "uid", [(("kind",), "=", Slot.Kind.PANEL)]),
    )
    return {
        "boards": [[b["session"], b["number"]] for b in release.boards],
        "hosted": [[s["kind"], [p["name"] for p in s["speakers"]]] for s in release.hosted],
        "panels": sorted(release.panels),
    }


def main() -> None:
    """`python tests/website/release_pages_probe.py` with DATABASE_URL=sqlite:///FILE: schema, seed, pages, JSON out."""
    import django  # noqa: PLC0415 -- the script configures Django from its environment first
    from django.conf import settings  # noqa: PLC0415 -- as above

    from tests.core.portable_probe import _NoMigrations  # noqa: PLC0415 -- as above

    settings.MIGRATION_MODULES = _NoMigrations()
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 -- only after django.setup()
    from django.test import Client  # noqa: PLC0415 -- as above

    call_command("migrate", run_syncdb=True, verbosity=0)
    seed()
    json.dump({"pages": pages(Client(raise_request_exception=False)), "parts": parts()}, sys.stdout)


if __name__ == "__main__":
    main()
