"""Whether the live Q&A finds a slot in its edition's latest program release, on whatever database Django is
configured for.

Run in-process (PostgreSQL, the suite's database) and as a script in a subprocess on a SQLite file (the
demo's database): both must answer the same. It prints, as JSON, each slot's title and what
slot_is_released answered for it.
"""

import datetime as dt
import json
import sys

SLUG = "release-check"
START = dt.datetime(2026, 4, 27, 9, tzinfo=dt.UTC)


def _slot(session, room, title: str, kind: str, index: int):
    from sllm.program.models import Slot  # noqa: PLC0415 -- needs Django set up

    start = START + dt.timedelta(minutes=30 * index)
    return Slot.objects.create(
        session=session, room=room, kind=kind, title=title, start=start, end=start + dt.timedelta(minutes=25)
    )


def seed(*, slug: str = SLUG, talks: int = 3) -> None:
    """A panel and `talks` talks released twice, with one more talk between the releases and one after the
    latest; and another edition whose slot was never released."""
    from sllm.program.models import Room, Session  # noqa: PLC0415 -- needs Django set up
    from sllm.program.services import program_release  # noqa: PLC0415
    from tests import factories  # noqa: PLC0415

    edition, unreleased = factories.EditionFactory(slug=slug), factories.EditionFactory(slug=f"{slug}-draft")
    room = Room.objects.create(edition=edition, name="Hall 4")
    session = Session.objects.create(edition=edition, title="Morning talks", order=1)
    _slot(session, room, "Panel", "panel", 0)
    for n in range(1, talks + 1):
        _slot(session, room, f"Talk {n}", "invited", n)
    program_release(edition=edition)
    _slot(session, room, "Added for the second release", "invited", talks + 1)
    program_release(edition=edition)
    _slot(session, room, "Added after the releases", "panel", talks + 2)
    draft_session = Session.objects.create(edition=unreleased, title="Draft talks", order=1)
    _slot(draft_session, Room.objects.create(edition=unreleased, name="Hall 1"), "Never released", "panel", 0)


def answers() -> dict:
    from sllm.live.selectors import slot_is_released  # noqa: PLC0415 -- needs Django set up
    from sllm.program.models import Slot  # noqa: PLC0415

    slots = Slot.objects.select_related("session__edition").order_by("title")
    return {slot.title: slot_is_released(slot) for slot in slots}


def main() -> None:
    """`python tests/live/release_check_probe.py` with DATABASE_URL=sqlite:///FILE: schema, seed, JSON out."""
    import django  # noqa: PLC0415 -- the script configures Django from its environment first
    from django.conf import settings  # noqa: PLC0415 -- as above

    from tests.core.portable_probe import _NoMigrations  # noqa: PLC0415 -- as above

    settings.MIGRATION_MODULES = _NoMigrations()
    django.setup()
    from django.core.management import call_command  # noqa: PLC0415 -- only after django.setup()

    call_command("migrate", run_syncdb=True, verbosity=0)
    seed()
    json.dump(answers(), sys.stdout)


if __name__ == "__main__":
    main()
